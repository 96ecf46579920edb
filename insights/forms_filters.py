"""The picture's filter form: bad input becomes a form error, and the filter is then unset."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationKind, SmeSize
from taxonomy.models import (
    ContentLanguage,
    IndustryCode,
    Municipality,
    NeedCategory,
    PriorityArea,
    Region,
    ServiceType,
    TechnologyReadinessLevel,
)

from .selectors import DIMENSION_LABELS, DIMENSIONS, GRANULARITIES, Filters


def _blank(choices: Any) -> list[tuple[str, Any]]:
    return [("", _("All")), *choices]


class FilterForm(forms.Form):
    start = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end = forms.DateField(
        label=_("Until (exclusive)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    region = forms.ModelChoiceField(Region.objects.all(), label=_("Region"), required=False)
    municipality = forms.ModelChoiceField(
        Municipality.objects.all(), label=_("Municipality"), required=False
    )
    priority_area = forms.ModelChoiceField(
        PriorityArea.objects.all(), label=_("Priority area"), required=False
    )
    industry = forms.ModelChoiceField(
        IndustryCode.objects.filter(parent__isnull=True),
        label=_("Industry (TOL 2008)"),
        required=False,
        to_field_name="code",
    )
    trl = forms.ModelChoiceField(
        TechnologyReadinessLevel.objects.all(), label=_("TRL"), required=False
    )
    category = forms.ModelChoiceField(
        NeedCategory.objects.all(), label=_("Need category"), required=False
    )
    service_type = forms.ModelChoiceField(
        ServiceType.objects.all(), label=_("Service type"), required=False
    )
    size = forms.ChoiceField(label=_("Size class"), required=False, choices=_blank(SmeSize.choices))
    kind = forms.ChoiceField(
        label=_("Kind of organisation"), required=False, choices=_blank(OrganisationKind.choices)
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=_blank(ContentLanguage.choices)
    )
    by = forms.ChoiceField(
        label=_("Slice by"),
        required=False,
        choices=[(key, DIMENSION_LABELS[key]) for key in DIMENSIONS],
    )
    granularity = forms.ChoiceField(
        label=_("Over time by"),
        required=False,
        choices=[("month", _("Month")), ("quarter", _("Quarter")), ("year", _("Year"))],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = (
                "form-control form-control-sm"
                if isinstance(field, forms.DateField)
                else "form-select form-select-sm"
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and end <= start:
            self.add_error("end", _("The end must come after the start."))
        return data

    def values(self) -> tuple[Filters, str, str]:
        """The valid filters (invalid ones are dropped), the slice and the granularity."""
        data = self.cleaned_data if self.is_bound else {}
        good = {k: v for k, v in data.items() if k not in self.errors}

        def pk(name: str) -> Any:
            value = good.get(name)
            return getattr(value, "pk", None) if value is not None else None

        filters = Filters(
            start=good.get("start") if isinstance(good.get("start"), date) else None,
            end=good.get("end")
            if "start" not in self.errors and isinstance(good.get("end"), date)
            else None,
            region=pk("region"),
            municipality=pk("municipality"),
            priority_area=pk("priority_area"),
            industry=good["industry"].code if good.get("industry") else None,
            trl=pk("trl"),
            category=pk("category"),
            service_type=pk("service_type"),
            size=good.get("size") or None,
            kind=good.get("kind") or None,
            language=good.get("language") or None,
        )
        by = good.get("by") or "priority_area"
        granularity = good.get("granularity") or "month"
        assert granularity in GRANULARITIES
        return filters, by, granularity
