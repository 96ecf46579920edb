"""Business-register lookup: a Finnish business ID → the company's registered details.

Reads the open data of the Finnish Patent and Registration Office (PRH), the YTJ API v3:
`GET {PRH_API_URL}/companies?businessId=1234567-8` answers `{"totalResults": n,
"companies": [...]}`, where a company has `businessId.value`, `names` (type "1" is the
name, an `endDate` ends an old one), `companyForms` and `mainBusinessLine` (a TOL 2008
code in `type`, texts in `descriptions` by `languageCode` "1" fi, "2" sv, "3" en),
`addresses` (type 1 street address, 2 postal address; `postOffices` with the city), `website`
and `registrationDate`. Answers are cached; when the register cannot be reached the caller
gets `RegistryUnavailable` and the form goes on without it.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import asdict, dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

LANGUAGE_CODES = {"fi": "1", "sv": "2", "en": "3"}
STREET_ADDRESS, POSTAL_ADDRESS = 1, 2
# A business ID the register does not know stays unknown for an hour, not a day.
NOT_FOUND_SECONDS = 3600


class RegistryUnavailable(Exception):
    """The register did not answer (off, down, slow or answering nonsense)."""


@dataclass(frozen=True)
class RegisteredCompany:
    business_id: str
    name: str
    company_form: str
    registration_date: str
    industry_code: str
    industry: str
    street_address: str
    post_code: str
    city: str
    website: str

    @property
    def address(self) -> str:
        return ", ".join(
            part for part in (self.street_address, f"{self.post_code} {self.city}".strip()) if part
        )


def _current(entries: list[dict[str, Any]] | None) -> list[dict[str, Any]]:
    return [entry for entry in entries or [] if not entry.get("endDate")]


def _description(entry: dict[str, Any] | None, language: str) -> str:
    texts = {
        d.get("languageCode"): d.get("description", "")
        for d in (entry or {}).get("descriptions") or []
    }
    return texts.get(LANGUAGE_CODES.get(language, "1")) or texts.get("1") or ""


def _address(addresses: list[dict[str, Any]]) -> dict[str, Any]:
    """The street address if registered, else the postal address."""
    by_type = {entry.get("type"): entry for entry in addresses}
    return (
        by_type.get(STREET_ADDRESS)
        or by_type.get(POSTAL_ADDRESS)
        or (addresses[0] if addresses else {})
    )


def parse_company(data: dict[str, Any], language: str = "fi") -> RegisteredCompany | None:
    """The first company of a `companies` answer, in `language` where the register has it."""
    companies = data.get("companies") or []
    if not companies:
        return None
    company = companies[0]
    names = _current(company.get("names"))
    name = next((n.get("name", "") for n in names if str(n.get("type")) == "1"), "")
    if not name and names:
        name = names[0].get("name", "")
    forms = _current(company.get("companyForms"))
    line = company.get("mainBusinessLine") or {}
    address = _address(_current(company.get("addresses")) or company.get("addresses") or [])
    offices = address.get("postOffices") or []
    city = next(
        (
            o.get("city", "")
            for o in offices
            if o.get("languageCode") == LANGUAGE_CODES.get(language)
        ),
        offices[0].get("city", "") if offices else "",
    )
    street = " ".join(
        part
        for part in (
            address.get("street", ""),
            address.get("buildingNumber", ""),
            address.get("entrance", ""),
            address.get("apartmentNumber", ""),
        )
        if part
    )
    return RegisteredCompany(
        business_id=(company.get("businessId") or {}).get("value", ""),
        name=name,
        company_form=_description(forms[0], language) if forms else "",
        registration_date=company.get("registrationDate")
        or (company.get("businessId") or {}).get("registrationDate")
        or "",
        industry_code=str(line.get("type") or ""),
        industry=_description(line, language),
        street_address=street or address.get("freeAddressLine", ""),
        post_code=address.get("postCode", ""),
        city=city.title() if city.isupper() else city,
        website=((company.get("website") or {}).get("url") or "").strip(),
    )


def _fetch(business_id: str) -> dict[str, Any]:
    if not settings.PRH_API_URL:
        raise RegistryUnavailable("The register lookup is turned off.")
    url = f"{settings.PRH_API_URL}/companies?{urllib.parse.urlencode({'businessId': business_id})}"
    if not url.startswith(("https://", "http://")):
        raise RegistryUnavailable("PRH_API_URL is not an http(s) address.")
    # The scheme is checked just above: the URL is our own setting, never user input.
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        opened = urllib.request.urlopen(request, timeout=settings.PRH_API_TIMEOUT)  # noqa: S310
        with opened as response:
            return json.loads(response.read().decode("utf-8"))
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return {"totalResults": 0, "companies": []}
        raise RegistryUnavailable(f"HTTP {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
        raise RegistryUnavailable(type(exc).__name__) from exc


def lookup(business_id: str, *, language: str = "fi") -> RegisteredCompany | None:
    """The registered company with this (valid) business ID, or None if the register has
    none. Raises RegistryUnavailable when the register cannot be asked."""
    key = f"prh:v3:{business_id}"
    data = cache.get(key)
    if data is None:
        try:
            data = _fetch(business_id)
        except RegistryUnavailable as exc:
            logger.warning("Business register lookup failed: %s", exc)
            raise
        found = bool(data.get("companies"))
        cache.set(key, data, settings.PRH_CACHE_SECONDS if found else NOT_FOUND_SECONDS)
    return parse_company(data, language)


def as_dict(company: RegisteredCompany) -> dict[str, Any]:
    return {**asdict(company), "address": company.address}
