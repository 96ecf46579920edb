from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation, User
from core.forms import (
    KeywordsField,
    ParseOnlyModelForm,
    RegionalChoiceField,
    model_choice_field,
)
from taxonomy.models import ContentLanguage, PriorityArea, Region, ServiceType

from .actions import SERVICE_FIELDS
from .models import RDService


class ServiceForm(ParseOnlyModelForm):
    provider = forms.ModelChoiceField(queryset=Organisation.objects.none(), label=_("Provider"))
    keywords = KeywordsField()
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=ContentLanguage.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = RDService
        fields = ["provider", *SERVICE_FIELDS]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 8}),
            "equipment": forms.Textarea(attrs={"rows": 3}),
            "priority_areas": forms.CheckboxSelectMultiple,
        }
        field_classes = {"priority_areas": RegionalChoiceField}

    def __init__(self, *args: Any, providers: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["provider"]
            org_ids = [self.instance.provider_id]
        else:
            model_choice_field(self, "provider").queryset = providers
            if providers is not None and len(providers) == 1:
                self.fields["provider"].initial = providers[0]
            org_ids = [org.pk for org in providers or []]
        model_choice_field(self, "contact_person").queryset = User.objects.filter(
            memberships__organisation_id__in=org_ids
        ).distinct()
        model_choice_field(self, "priority_areas").queryset = PriorityArea.objects.select_related(
            "region"
        )
        self.fields["priority_areas"].required = False
        self.fields["region"].required = False


class ServiceFilterForm(forms.Form):
    q = forms.CharField(label=_("Words"), required=False, max_length=200)
    service_type = forms.ModelChoiceField(
        label=_("Service type"), required=False, queryset=ServiceType.objects.all()
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.all()
    )
    priority_area = forms.ModelChoiceField(
        label=_("Priority area"), required=False, queryset=PriorityArea.objects.all()
    )
    remote = forms.BooleanField(label=_("Offered remotely"), required=False)
