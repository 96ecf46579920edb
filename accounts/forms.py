from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from core.forms import MunicipalityChoiceField, model_choice_field
from taxonomy.models import ContentLanguage, IndustryCode, Municipality

from .actions import ORGANISATION_FIELDS
from .models import MembershipRole, Organisation
from .validators import validate_phone


class SignupExtraForm(forms.Form):
    """Extra fields on allauth's sign-up form."""

    full_name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

    def signup(self, request: Any, user: Any) -> None:
        user.full_name = self.cleaned_data["full_name"]
        user.language = self.cleaned_data["language"]
        user.save(update_fields=["full_name", "language"])


class OrganisationForm(forms.ModelForm):
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    languages = forms.MultipleChoiceField(
        label=_("Languages served"),
        choices=ContentLanguage.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta:
        model = Organisation
        fields = [*ORGANISATION_FIELDS]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        field_classes = {"municipality": MunicipalityChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Divisions only: a section (one letter) is too coarse to describe a company.
        model_choice_field(self, "industry").queryset = IndustryCode.objects.filter(
            parent__isnull=False
        )
        model_choice_field(self, "municipality").queryset = Municipality.objects.select_related(
            "region"
        )
        self.fields["business_id"].required = False

    def _post_clean(self) -> None:
        # Validation happens in accounts.actions; the form only parses input.
        pass


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(
        label=_("Role"), choices=MembershipRole.choices, initial=MembershipRole.MEMBER
    )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)
    phone = forms.CharField(
        label=_("Phone"),
        max_length=32,
        required=False,
        validators=[validate_phone],
        help_text=_("Shown to the other party when a coordinator introduces you."),
    )
