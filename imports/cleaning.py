"""Turning a row's text cells into field values, with a sentence and a fix for each problem."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind, SmeSize
from accounts.validators import (
    business_id_check_digit,
    normalize_business_id,
    normalize_website,
)
from companies.models import BudgetRange
from core.text import is_single_line, one_line
from taxonomy.models import (
    ContentLanguage,
    IndustryCode,
    Municipality,
    NeedCategory,
    Region,
    ServiceType,
)


class CellError(Exception):
    """What is wrong with one cell, and what the person could write instead."""

    def __init__(self, message: str, suggestion: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.suggestion = suggestion


@dataclass
class Problem:
    row: int
    column: str
    value: str
    message: str
    suggestion: str = ""
    # A blocking problem skips the row; the others (a similar name exists) are for reading.
    blocking: bool = True


def _key(text: str) -> str:
    return " ".join(text.casefold().replace("-", " ").split())


def _closest(value: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(_key(value), [_key(c) for c in choices], n=1, cutoff=0.6)
    if not close:
        return ""
    return next(choice for choice in choices if _key(choice) == close[0])


class Lookups:
    """The reference data rows name, read once per run instead of once per row."""

    def __init__(self) -> None:
        self.regions: dict[str, Region] = {}
        self.region_names: list[str] = []
        for region in Region.objects.all():
            self.regions[region.code] = region
            for name in (region.name_fi, region.name_en, region.name_sv):
                if name:
                    self.regions[_key(name)] = region
                    self.region_names.append(name)
        self.municipalities: dict[str, Municipality] = {}
        for municipality in Municipality.objects.all():
            for name in (municipality.name_fi, municipality.name_sv):
                if name:
                    self.municipalities[_key(name)] = municipality
        self.municipality_names = sorted(
            {m.name_fi for m in self.municipalities.values()}, key=str.casefold
        )
        self.industries = {code.code: code for code in IndustryCode.objects.all()}
        self.categories = _named(NeedCategory.objects.all())
        self.service_types = _named(ServiceType.objects.all())


def _named(rows: Any) -> dict[str, Any]:
    named: dict[str, Any] = {}
    for row in rows:
        for name in (row.slug, row.name_fi, row.name_en, row.name_sv):
            if name:
                named[_key(name)] = row
    return named


def text(value: str, *, max_length: int, single_line: bool = True) -> str:
    if single_line and not is_single_line(value):
        raise CellError(
            _("The text has a line break."), _("Use one line: %(text)s") % {"text": one_line(value)}
        )
    if len(value) > max_length:
        raise CellError(
            _("The text is %(length)d characters long; at most %(max)d fit.")
            % {"length": len(value), "max": max_length},
            _("Shorten it to %(max)d characters.") % {"max": max_length},
        )
    return value


def business_id(value: str) -> str:
    normalised = normalize_business_id(value)
    match = re.fullmatch(r"(\d{7})-(\d)", normalised)
    if not match:
        raise CellError(
            _("This is not a business ID."),
            _("Write seven digits, a hyphen and a check digit, e.g. 1234567-1."),
        )
    expected = business_id_check_digit(match.group(1))
    if expected is None:
        raise CellError(
            _("No business ID begins with these seven digits."),
            _("Check the number in the trade register."),
        )
    if expected != int(match.group(2)):
        raise CellError(
            _("The check digit is wrong."),
            _("If the digits are right, the business ID is %(digits)s-%(digit)d.")
            % {"digits": match.group(1), "digit": expected},
        )
    return normalised


def date(value: str) -> datetime.date:
    """Finnish d.m.yyyy (as Finns and Finnish Excel write it) or ISO yyyy-mm-dd."""
    match = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", value)
    try:
        if match:
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
            return datetime.date.fromisoformat(value)
    except ValueError as exc:
        raise CellError(
            _("There is no such date."), _("Check the day and the month (d.m.yyyy).")
        ) from exc
    raise CellError(_("This is not a date."), _("Write the date as d.m.yyyy, e.g. 31.12.2026."))


def region(value: str, lookups: Lookups) -> Region:
    found = lookups.regions.get(value.zfill(2) if value.isdigit() else _key(value))
    if found is None:
        closest = _closest(value, lookups.region_names)
        raise CellError(
            _("Unknown region."),
            _("Did you mean %(name)s?") % {"name": closest}
            if closest
            else _("Write a region's name, e.g. Lappi, or its two-digit code."),
        )
    return found


def municipality(value: str, lookups: Lookups) -> Municipality:
    found = lookups.municipalities.get(_key(value))
    if found is None:
        closest = _closest(value, lookups.municipality_names)
        raise CellError(
            _("Unknown municipality."),
            _("Did you mean %(name)s?") % {"name": closest}
            if closest
            else _("Write the municipality's Finnish or Swedish name, e.g. Rovaniemi."),
        )
    return found


def industry(value: str, lookups: Lookups) -> IndustryCode:
    code = value.strip().upper().replace(".", "").replace(" ", "")
    found = lookups.industries.get(code)
    if found is None and code.isdigit() and len(code) >= 2:
        # A five-digit TOL class falls under the division its first two digits name.
        found = lookups.industries.get(code[:2])
    if found is None:
        raise CellError(
            _("Unknown TOL 2008 industry code."),
            _("Write the code as digits, e.g. 62010 or 62, or a section letter, e.g. J."),
        )
    return found


def _choice(value: str, choices: Any, words: Mapping[str, str], hint: str) -> str:
    wanted = _key(value)
    for choice in choices:
        if wanted in (_key(choice.value), _key(str(choice.label))):
            return str(choice.value)
    if wanted in words:
        return words[wanted]
    raise CellError(_("Unknown value."), hint)


SIZE_WORDS = {
    "mikro": SmeSize.MICRO,
    "mikroyritys": SmeSize.MICRO,
    "pieni": SmeSize.SMALL,
    "pienyritys": SmeSize.SMALL,
    "keskisuuri": SmeSize.MEDIUM,
    "keskikokoinen": SmeSize.MEDIUM,
    "medium": SmeSize.MEDIUM,
    "suuri": SmeSize.LARGE,
    "suuryritys": SmeSize.LARGE,
}
KIND_WORDS = {
    "yritys": OrganisationKind.COMPANY,
    "yliopisto": OrganisationKind.UNIVERSITY,
    "ammattikorkeakoulu": OrganisationKind.UAS,
    "amk": OrganisationKind.UAS,
    "tutkimuslaitos": OrganisationKind.RESEARCH_INSTITUTE,
    "laboratorio": OrganisationKind.LABORATORY,
    "klusteri": OrganisationKind.CLUSTER,
    "maakuntaliitto": OrganisationKind.REGIONAL_COUNCIL,
    "kehitysyhtiö": OrganisationKind.DEVELOPMENT_COMPANY,
}
LANGUAGE_WORDS = {
    "suomi": "fi",
    "finnish": "fi",
    "englanti": "en",
    "english": "en",
    "ruotsi": "sv",
    "swedish": "sv",
    "svenska": "sv",
}


def sme_size(value: str) -> str:
    return _choice(
        value, SmeSize, SIZE_WORDS, _("Write micro, small, medium or large (or mikro, pieni...).")
    )


def organisation_kind(value: str) -> str:
    return _choice(
        value,
        OrganisationKind,
        KIND_WORDS,
        _("Write company, university, uas or research_institute (or yritys, yliopisto, amk...)."),
    )


def budget(value: str) -> str:
    return _choice(
        value,
        BudgetRange,
        {},
        _("Write one of: %(values)s.") % {"values": ", ".join(BudgetRange.values)},
    )


def named(value: str, table: dict[str, Any], example: str) -> Any:
    found = table.get(_key(value))
    if found is None:
        closest = _closest(value, sorted({row.name_fi for row in table.values()}))
        raise CellError(
            _("Unknown value."),
            _("Did you mean %(name)s?") % {"name": closest}
            if closest
            else _("Write a name from the list, e.g. %(example)s.") % {"example": example},
        )
    return found


def word_list(value: str) -> list[str]:
    return [" ".join(word.split()) for word in re.split(r"[,;]", value) if word.strip()]


def languages(value: str) -> list[str]:
    codes = []
    for word in word_list(value):
        code = LANGUAGE_WORDS.get(_key(word), _key(word))
        if code not in ContentLanguage.values:
            raise CellError(_("Unknown language."), _("Write fi, en or sv, separated by commas."))
        codes.append(code)
    return list(dict.fromkeys(codes))


def email(value: str) -> str:
    value = value.strip().lower()
    try:
        validate_email(value)
    except ValidationError as exc:
        raise CellError(
            _("This is not an e-mail address."), _("Write it as name@example.fi.")
        ) from exc
    return value


def website(value: str) -> str:
    try:
        return normalize_website(value if "://" in value else f"https://{value}")
    except ValidationError as exc:
        raise CellError(
            _("This is not a web address."), _("Write it as https://www.example.fi.")
        ) from exc
