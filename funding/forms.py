from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import OrganisationKind, SmeSize
from core.forms import DateInput, ParseOnlyModelForm, RegionalChoiceField, model_choice_field
from taxonomy.models import ContentLanguage, PriorityArea, Region

from .actions import INSTRUMENT_FIELDS, PARTNERSHIP_FIELDS
from .models import FundingApplication, FundingInstrument, SmartSpecialisationPartnership

TRISTATE = [("", _("Not known")), ("yes", _("Yes")), ("no", _("No"))]


class TriStateField(forms.TypedChoiceField):
    """Yes, no or not known: None stays distinguishable from False."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=TRISTATE,
            coerce=lambda value: {"yes": True, "no": False}.get(value),
            empty_value=None,
            required=False,
            **kwargs,
        )

    def prepare_value(self, value: Any) -> Any:
        return {True: "yes", False: "no"}.get(value, "")


class LinesField(forms.CharField):
    """One item a line in the form, a list in the domain."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("widget", forms.Textarea(attrs={"rows": 4}))
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return value

    def to_python(self, value: Any) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [line.strip() for line in text.splitlines() if line.strip()]


class InstrumentForm(ParseOnlyModelForm):
    eligible_kinds = forms.MultipleChoiceField(
        label=_("Who may apply (organisation kinds)"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    eligible_sizes = forms.MultipleChoiceField(
        label=_("Who may apply (size classes)"),
        choices=SmeSize.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    languages = forms.MultipleChoiceField(
        label=_("Application languages"),
        choices=ContentLanguage.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    research_partner_required = TriStateField(label=_("Research partner required"))
    international_partners_required = TriStateField(label=_("International partners required"))
    application_headings = LinesField(
        label=_("Application headings"), help_text=_("One heading a line, in the form's order.")
    )

    class Meta:
        model = FundingInstrument
        fields = list(INSTRUMENT_FIELDS)
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 5}),
            "unknown_facts": forms.Textarea(attrs={"rows": 3}),
            "last_checked": DateInput(),
            "regions": forms.CheckboxSelectMultiple,
            "priority_areas": forms.CheckboxSelectMultiple,
        }
        field_classes = {"priority_areas": RegionalChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "priority_areas").queryset = PriorityArea.objects.select_related(
            "region"
        )
        model_choice_field(self, "regions").queryset = Region.objects.all()


class CallForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    opens_on = forms.DateField(label=_("Opens"), required=False, widget=DateInput())
    deadline = forms.DateField(label=_("Deadline"), widget=DateInput())
    url = forms.URLField(label=_("Link"), required=False, max_length=500, assume_scheme="https")


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("CSV or Excel file"),
        help_text=_("The first row names the columns; see the list below."),
    )


class PartnershipForm(ParseOnlyModelForm):
    class Meta:
        model = SmartSpecialisationPartnership
        fields = list(PARTNERSHIP_FIELDS)
        widgets = {
            "partner_regions": forms.Textarea(attrs={"rows": 3}),
            "priority_areas": forms.CheckboxSelectMultiple,
        }
        field_classes = {"priority_areas": RegionalChoiceField}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        model_choice_field(self, "priority_areas").queryset = PriorityArea.objects.select_related(
            "region"
        )


class CalendarFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Priority area"), required=False, queryset=PriorityArea.objects.all()
    )
    region = forms.ModelChoiceField(
        label=_("Region"), required=False, queryset=Region.objects.all()
    )


class PlanForm(forms.Form):
    """The work plan as the parties edit it; tables are one row a line, cells split by |."""

    instrument = forms.ModelChoiceField(
        label=_("Funding instrument"),
        required=False,
        queryset=FundingInstrument.objects.all(),
    )
    objectives = forms.CharField(
        label=_("Objectives"), required=False, max_length=8000, widget=forms.Textarea
    )
    work_packages = forms.CharField(
        label=_("Work packages"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One a line: title | what is done | months, e.g. 1–6"),
    )
    partners = forms.CharField(
        label=_("Partners and roles"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: partner | role"),
    )
    trl_start = forms.IntegerField(label=_("TRL at start"), required=False)
    trl_target = forms.IntegerField(label=_("Target TRL"), required=False)
    budget = forms.CharField(
        label=_("Budget"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One row a line: cost item | partner | euros, e.g. Testing | Lab | 12 500"),
    )
    schedule = forms.CharField(
        label=_("Schedule"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One a line: when | milestone"),
    )
    results = forms.CharField(
        label=_("Expected results"), required=False, max_length=8000, widget=forms.Textarea
    )
    indicators = forms.CharField(
        label=_("Indicators the results move"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One indicator a line."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ApplicationForm(ParseOnlyModelForm):
    class Meta:
        model = FundingApplication
        fields = [
            "instrument",
            "amount_applied",
            "submitted_on",
            "decision",
            "amount_granted",
            "decided_on",
        ]
        widgets = {"submitted_on": DateInput(), "decided_on": DateInput()}
