from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.text import is_single_line

from .models import ImpactFollowUp

SCORES = [(n, str(n)) for n in range(1, 6)]


class RatingForm(forms.Form):
    score = forms.TypedChoiceField(
        label=_("Was the introduction useful? (1 = not at all, 5 = very)"),
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )


class ImpactForm(forms.ModelForm):
    class Meta:
        model = ImpactFollowUp
        fields = [
            "project_started",
            "funding_applied",
            "funding_granted",
            "funding_instrument",
            "funding_amount_eur",
            "product_process_innovation",
            "marketing_org_innovation",
            "private_investment_eur",
            "jobs_created",
        ]
        widgets = {
            "funding_instrument": forms.TextInput(attrs={"class": "form-control"}),
            "funding_amount_eur": forms.NumberInput(attrs={"class": "form-control", "min": 0}),
            "private_investment_eur": forms.NumberInput(attrs={"class": "form-control", "min": 0}),
            "jobs_created": forms.NumberInput(attrs={"class": "form-control", "min": 0}),
        }

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        for field in self.fields.values():
            if isinstance(field, forms.BooleanField):
                field.widget.attrs["class"] = "form-check-input"
        self.fields["funding_instrument"].help_text = _(
            "For example an innovation voucher, Business Finland or ERDF."
        )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("funding_granted") and not data.get("funding_applied"):
            self.add_error("funding_applied", _("Funding granted was also applied for."))
        if not is_single_line(str(data.get("funding_instrument") or "")):
            self.add_error("funding_instrument", _("Write the instrument on one line."))
        if data.get("funding_amount_eur") and not data.get("funding_granted"):
            self.add_error("funding_granted", _("Tick this if an amount was granted."))
        return data
