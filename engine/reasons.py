"""Reasons rendered as sentences in Finnish, English or Swedish."""

from __future__ import annotations

from collections.abc import Mapping

from .items import Reason

MESSAGES: dict[str, dict[str, str]] = {
    "shared_terms": {
        "en": "Shared key terms: {terms}",
        "fi": "Yhteiset avainsanat: {terms}",
        "sv": "Gemensamma nyckelord: {terms}",
    },
    "shared_priority_areas": {
        "en": "Same priority area: {areas}",
        "fi": "Sama painopistealue: {areas}",
        "sv": "Samma prioriterade område: {areas}",
    },
    "type_fits": {
        "en": "{service_type} fits a need for {category}",
        "fi": "{service_type} sopii tarpeeseen: {category}",
        "sv": "{service_type} passar ett behov av {category}",
    },
    "type_differs": {
        "en": "{service_type} is not the usual answer to a need for {category}",
        "fi": "{service_type} ei ole tavallinen vastaus tarpeeseen: {category}",
        "sv": "{service_type} är inte det vanliga svaret på ett behov av {category}",
    },
    "trl_inside": {
        "en": "Target TRL {target} is within the service's {low}–{high}",
        "fi": "Tavoite-TRL {target} on palvelun alueella {low}–{high}",
        "sv": "Mål-TRL {target} ligger inom tjänstens {low}–{high}",
    },
    "trl_outside": {
        "en": "Target TRL {target}; the service covers {low}–{high}",
        "fi": "Tavoite-TRL {target}; palvelu kattaa tasot {low}–{high}",
        "sv": "Mål-TRL {target}; tjänsten täcker {low}–{high}",
    },
    "same_region": {
        "en": "In the same region ({region})",
        "fi": "Samassa maakunnassa ({region})",
        "sv": "I samma landskap ({region})",
    },
    "remote": {
        "en": "Offered remotely",
        "fi": "Saatavilla etänä",
        "sv": "Erbjuds på distans",
    },
    "other_region": {
        "en": "The provider is in another region ({region}) and does not work remotely",
        "fi": "Palveluntarjoaja on toisessa maakunnassa ({region}) eikä toimi etänä",
        "sv": "Leverantören finns i ett annat landskap ({region}) och arbetar inte på distans",
    },
    "language_missing": {
        "en": "Not offered in the need's language ({language})",
        "fi": "Ei tarjolla tarpeen kielellä ({language})",
        "sv": "Erbjuds inte på behovets språk ({language})",
    },
    "too_slow": {
        "en": "Lead time {lead_time_weeks} weeks; the deadline is in {days_to_deadline} days",
        "fi": "Toimitusaika {lead_time_weeks} viikkoa; määräaikaan on {days_to_deadline} päivää",
        "sv": "Leveranstid {lead_time_weeks} veckor; tidsfristen är om {days_to_deadline} dagar",
    },
}

LANGUAGE_NAMES = {
    "en": {"fi": "Finnish", "sv": "Swedish", "en": "English"},
    "fi": {"fi": "suomi", "sv": "ruotsi", "en": "englanti"},
    "sv": {"fi": "finska", "sv": "svenska", "en": "engelska"},
}


def render(
    reason: Reason | Mapping[str, object],
    language: str = "en",
    labels: Mapping[str, str] | None = None,
) -> str:
    """A sentence for one reason; `labels` maps slugs (areas, types...) to display names."""
    if isinstance(reason, Reason):
        code, params = reason.code, dict(reason.params)
    else:
        params = dict(reason)
        code = str(params.pop("code"))
    language = language if language in ("fi", "en", "sv") else "en"
    labels = labels or {}

    def label(value: object) -> str:
        return labels.get(str(value), str(value).replace("-", " "))

    shown: dict[str, object] = {}
    for key, value in params.items():
        if isinstance(value, list | tuple):
            shown[key] = ", ".join(label(v) if key != "terms" else str(v) for v in value)
        elif key == "language":
            shown[key] = LANGUAGE_NAMES[language].get(str(value), str(value))
        elif key in ("service_type", "category", "region"):
            shown[key] = label(value)
        else:
            shown[key] = value
    template = MESSAGES.get(code, {}).get(language) or code
    return template.format(**shown)
