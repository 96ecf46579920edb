"""Glue between Django forms and the domain's write functions."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .text import is_whole_number


def add_domain_errors(form: forms.BaseForm, exc: ValidationError) -> None:
    """Show a write function's ValidationError on the form, by field where the form has it."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


class ParseOnlyModelForm(forms.ModelForm):
    """A ModelForm that parses input but leaves validation and saving to the write functions."""

    def _post_clean(self) -> None:
        return None


class KeywordsField(forms.CharField):
    """Comma-separated keywords in the form, a list in the domain."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("Keywords"))
        kwargs.setdefault("help_text", _("Separate keywords with commas."))
        kwargs.setdefault("max_length", 1500)
        super().__init__(**kwargs)  # type: ignore[arg-type]

    def prepare_value(self, value: object) -> object:
        if isinstance(value, list):
            return ", ".join(str(item) for item in value)
        return value

    def to_python(self, value: object) -> list[str]:  # type: ignore[override]
        text = super().to_python(value) or ""
        return [part.strip() for part in text.split(",") if part.strip()]


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


def model_choice_field(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """A form's field, typed as the model choice field it is."""
    field = form.fields[name]
    assert isinstance(field, forms.ModelChoiceField)
    return field


class RegionalChoiceField(forms.ModelMultipleChoiceField):
    """Priority areas (or other per-region terms) labelled with their region."""

    def _check_values(self, value: Any) -> Any:
        # Django filters pk__in with the raw strings; an id beyond bigint overflows the query.
        for pk in value:
            if not is_whole_number(str(pk)):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)  # type: ignore[misc]  # private, not in the stubs

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.region.name})"


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.region.name})"
