from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import ImportKind


class UploadForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("The file contains"),
        choices=ImportKind.choices,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    source = forms.CharField(
        label=_("Source"),
        max_length=120,
        help_text=_(
            "Where the file comes from, e.g. the cluster's member list. The column mapping is "
            "remembered for the next file from the same source."
        ),
        widget=forms.TextInput(attrs={"class": "form-control", "list": "import-sources"}),
    )
    file = forms.FileField(
        label=_("CSV or XLSX file"),
        widget=forms.ClearableFileInput(
            attrs={"class": "form-control", "accept": ".csv,.txt,.xlsx,.xlsm"}
        ),
    )
