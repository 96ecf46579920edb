from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from taxonomy.models import ContentLanguage, Municipality

from .models import MembershipRole, Organisation, OrganisationKind


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
        label=_("Languages served"), choices=ContentLanguage.choices,
        widget=forms.CheckboxSelectMultiple, required=False,
    )

    class Meta:
        model = Organisation
        fields = ["name", "kind", "business_id", "sme_size", "industry", "region",
                  "municipality", "website", "description", "languages"]
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["industry"].queryset = self.fields["industry"].queryset.filter(
            parent__isnull=False
        )
        self.fields["municipality"].queryset = Municipality.objects.select_related("region")
        self.fields["municipality"].label_from_instance = (
            lambda m: f"{m.name} ({m.region.name})"
        )
        self.fields["business_id"].required = False

    def _post_clean(self) -> None:
        # Validation happens in accounts.actions; the form only parses input.
        pass


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    role = forms.ChoiceField(label=_("Role"), choices=MembershipRole.choices,
                             initial=MembershipRole.MEMBER)


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=150)
    language = forms.ChoiceField(label=_("Preferred language"), choices=settings.LANGUAGES)

