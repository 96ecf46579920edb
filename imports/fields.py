"""What each kind of import can fill in, and how a column's header is guessed to mean it."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from .models import ImportKind

IGNORE = ""


@dataclass(frozen=True)
class Target:
    name: str
    label: Promise
    required: bool = False
    # Header words (Finnish, Swedish and English) that mean this field, compared normalised.
    synonyms: tuple[str, ...] = ()


SOURCE_ID = Target(
    "source_id",
    _("Source id (the file's own id of the row)"),
    synonyms=("source id", "id", "tunniste", "lähdetunniste", "external id", "ref"),
)
ORGANISATION_REF = Target(
    "organisation",
    _("Organisation (business ID or name)"),
    required=True,
    synonyms=(
        "organisation",
        "organization",
        "company",
        "yritys",
        "organisaatio",
        "ytunnus",
        "y tunnus",
        "business id",
        "företag",
    ),
)

TARGETS: dict[str, tuple[Target, ...]] = {
    ImportKind.ORGANISATIONS: (
        Target(
            "name",
            _("Name"),
            required=True,
            synonyms=("name", "nimi", "yritys nimi", "organisation", "yritys", "company", "namn"),
        ),
        Target(
            "business_id",
            _("Business ID (Y-tunnus)"),
            synonyms=(
                "business id",
                "ytunnus",
                "y tunnus",
                "yritys y tunnus",
                "fo nummer",
            ),
        ),
        Target(
            "kind", _("Kind"), synonyms=("kind", "type", "tyyppi", "laji", "organisaatiotyyppi")
        ),
        Target(
            "sme_size",
            _("Size class"),
            synonyms=("size", "size class", "koko", "kokoluokka", "sme size", "storlek"),
        ),
        Target("region", _("Region"), synonyms=("region", "maakunta", "alue", "landskap")),
        Target(
            "municipality",
            _("Municipality"),
            synonyms=("municipality", "kunta", "kotikunta", "kommun", "city", "kaupunki"),
        ),
        Target(
            "industry",
            _("Industry (TOL 2008 code)"),
            synonyms=("industry", "toimiala", "tol", "toimialakoodi", "tol 2008", "bransch"),
        ),
        Target("website", _("Website"), synonyms=("website", "www", "verkkosivut", "kotisivu")),
        Target("description", _("Description"), synonyms=("description", "kuvaus")),
        SOURCE_ID,
    ),
    ImportKind.CONTACTS: (
        ORGANISATION_REF,
        Target(
            "full_name",
            _("Full name"),
            required=True,
            synonyms=("name", "full name", "nimi", "yhteyshenkilö", "contact", "contact name"),
        ),
        Target(
            "email",
            _("E-mail address"),
            required=True,
            synonyms=("email", "e mail", "sähköposti", "sahkoposti", "contact email", "epost"),
        ),
        Target("title", _("Job title"), synonyms=("title", "titteli", "tehtävä", "job title")),
    ),
    ImportKind.NEEDS: (
        ORGANISATION_REF,
        Target("title", _("Title"), required=True, synonyms=("title", "otsikko", "tarve")),
        Target(
            "description",
            _("Description"),
            required=True,
            synonyms=("description", "kuvaus", "tarpeen kuvaus"),
        ),
        Target(
            "category", _("Category"), required=True, synonyms=("category", "kategoria", "luokka")
        ),
        Target("region", _("Region"), synonyms=("region", "maakunta", "alue")),
        Target("keywords", _("Keywords"), synonyms=("keywords", "avainsanat", "asiasanat")),
        Target(
            "wished_start",
            _("Wished start"),
            synonyms=("wished start", "start", "alkaa", "aloitus", "toivottu aloitus"),
        ),
        Target("deadline", _("Deadline"), synonyms=("deadline", "määräaika", "takaraja")),
        Target("budget", _("Budget"), synonyms=("budget", "budjetti")),
        SOURCE_ID,
    ),
    ImportKind.SERVICES: (
        Target(
            "organisation",
            _("Provider (business ID or name)"),
            required=True,
            synonyms=("provider", "tarjoaja", "organisation", "organisaatio", "ytunnus"),
        ),
        Target("title", _("Title"), required=True, synonyms=("title", "otsikko", "palvelu")),
        Target("description", _("Description"), required=True, synonyms=("description", "kuvaus")),
        Target(
            "service_type",
            _("Service type"),
            required=True,
            synonyms=("service type", "type", "palvelutyyppi", "tyyppi"),
        ),
        Target("region", _("Region"), synonyms=("region", "maakunta", "alue")),
        Target("languages", _("Languages"), synonyms=("languages", "kielet", "kieli")),
        Target("keywords", _("Keywords"), synonyms=("keywords", "avainsanat", "asiasanat")),
        SOURCE_ID,
    ),
}


def targets(kind: str) -> tuple[Target, ...]:
    return TARGETS[kind]


def normalise_header(text: str) -> str:
    """Lower case, without accents other than the Finnish letters, punctuation as spaces."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = re.sub(r"[^\wåäö]+", " ", text)
    return " ".join(text.replace("_", " ").split())


def guess_mapping(kind: str, headers: list[str]) -> dict[str, str]:
    """Header → field name for the columns whose header names a field; each field once."""
    by_synonym: dict[str, str] = {}
    for target in targets(kind):
        for synonym in (target.name.replace("_", " "), *target.synonyms):
            by_synonym.setdefault(normalise_header(synonym), target.name)
    mapping: dict[str, str] = {}
    taken: set[str] = set()
    for header in headers:
        words = normalise_header(header).split()
        # A two-level header ("Sijainti Kunta") is read by its lower part when the whole
        # means nothing: drop leading words until a field's name or synonym remains.
        name = next(
            (
                by_synonym[" ".join(words[i:])]
                for i in range(len(words))
                if " ".join(words[i:]) in by_synonym
            ),
            IGNORE,
        )
        if name and name not in taken:
            mapping[header] = name
            taken.add(name)
        else:
            mapping[header] = IGNORE
    return mapping
