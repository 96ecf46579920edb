from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation
from core.forms import (
    DateInput,
    KeywordsField,
    ParseOnlyModelForm,
    RegionalChoiceField,
    model_choice_field,
)
from taxonomy.models import NeedCategory, PriorityArea, Region

from .actions import NEED_FIELDS
from .models import CloseReason, DevelopmentNeed, FundingInterest


class NeedForm(ParseOnlyModelForm):
    organisation = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Company"))
    keywords = KeywordsField()
    funding_interest = forms.MultipleChoiceField(
        label=_("Funding interest"),
        choices=FundingInterest.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = DevelopmentNeed
        fields = ["organisation", *NEED_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "wished_start": DateInput(),
            "deadline": DateInput(),
            "priority_areas": forms.CheckboxSelectMultiple,
        }
        field_classes = {"priority_areas": RegionalChoiceField}
        help_texts = {
            "description": _(
                "What do you want to test, develop, research, pilot or fund? "
                "Describe the problem, not only the solution."
            ),
            "visibility": _(
                "Anonymous needs are shown without your company's name until you "
                "agree to an introduction."
            ),
        }

    def __init__(self, *args: Any, companies: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["organisation"]
        else:
            model_choice_field(self, "organisation").queryset = companies
            if companies is not None and len(companies) == 1:
                self.fields["organisation"].initial = companies[0]
        model_choice_field(self, "priority_areas").queryset = PriorityArea.objects.select_related(
            "region"
        )
        self.fields["priority_areas"].required = False
        self.fields["region"].required = False


class NeedCloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Why is the need closed?"), choices=CloseReason.choices)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class NeedFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    category = forms.ModelChoiceField(
        label=_("Category"), required=False, queryset=NeedCategory.objects.all()
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.all()
    )
    priority_area = forms.ModelChoiceField(
        label=_("Priority area"), required=False, queryset=PriorityArea.objects.all()
    )
