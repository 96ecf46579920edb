"""Validators shared by the apps: Finnish business ID (Y-tunnus), single-line text."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from core.text import is_single_line

_BUSINESS_ID = re.compile(r"^(\d{6,7})-(\d)$")
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2)


def business_id_check_digit(digits: str) -> int | None:
    """The check digit for seven digits, or None when no digit can be valid (remainder 1)."""
    remainder = sum(int(d) * w for d, w in zip(digits, _WEIGHTS, strict=True)) % 11
    if remainder == 0:
        return 0
    if remainder == 1:
        return None
    return 11 - remainder


def normalize_business_id(value: str) -> str:
    """Strip spaces; old six-digit IDs gain the leading zero they are written with today."""
    value = (value or "").strip().replace(" ", "")
    match = _BUSINESS_ID.match(value)
    if match and len(match.group(1)) == 6:
        return f"0{match.group(1)}-{match.group(2)}"
    return value


def validate_business_id(value: str) -> None:
    normalized = normalize_business_id(value)
    match = _BUSINESS_ID.match(normalized)
    if not match:
        raise ValidationError(
            _("Enter the business ID as seven digits, a hyphen and a check digit, e.g. 1234567-1."),
            code="format",
        )
    expected = business_id_check_digit(match.group(1))
    if expected is None or expected != int(match.group(2)):
        raise ValidationError(
            _("The check digit of business ID %(value)s does not match; check the number."),
            code="check_digit",
            params={"value": normalized},
        )


WEBSITE_SCHEMES = ("http", "https")


def normalize_website(value: str) -> str:
    """A web address as an ASCII URI (RFC 3986), http or https only; "" stays "".

    The API publishes `website` as a `uri`, so an international host becomes its punycode
    form and other non-ASCII characters are percent-encoded, as browsers do. Raises
    ValidationError for anything that is not an http(s) address."""
    from urllib.parse import urlsplit, urlunsplit

    from django.core.validators import URLValidator
    from django.utils.encoding import iri_to_uri

    value = (value or "").strip()
    if not value:
        return ""
    error = ValidationError(_("Enter a web address that starts with http:// or https://."))
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        port = parts.port
        netloc = host.encode("idna").decode("ascii") if host else ""
    except (ValueError, UnicodeError) as exc:
        raise error from exc
    if parts.scheme.lower() not in WEBSITE_SCHEMES or not netloc:
        raise error
    if ":" in netloc:  # an IPv6 literal
        netloc = f"[{netloc}]"
    if port is not None:
        netloc = f"{netloc}:{port}"
    if "@" in parts.netloc:  # user:password@ has no place in a public profile
        raise error
    uri = iri_to_uri(urlunsplit((parts.scheme.lower(), netloc, *parts[2:])))
    URLValidator(schemes=list(WEBSITE_SCHEMES), message=error.message)(uri)
    return str(uri)


def validate_single_line(value: str) -> None:
    """Titles and names are one line: they go into e-mail subjects, CSV cells and headings."""
    if not is_single_line(value):
        raise ValidationError(
            _("Use a single line without line breaks, tabs or other control characters."),
            code="single_line",
        )


_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{4,30}$")


def validate_phone(value: str) -> None:
    """A phone number as people write it: digits, spaces, brackets, hyphens, a leading +."""
    if value and not _PHONE.match(value.strip()):
        raise ValidationError(
            _("Enter a phone number with digits, e.g. +358 40 123 4567."), code="invalid"
        )
