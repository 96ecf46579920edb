"""A strict Content-Security-Policy, and templates that need nothing inline to work under it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
# E-mail bodies are not served over HTTP; mail clients need inline styles.
EMAIL_TEMPLATES = {"notifications/email.html", "notifications/digest.html"}

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(?:ld\+)?json)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
STYLE_ATTRIBUTE = re.compile(r"<[^>]+\sstyle\s*=", re.I)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.I)


def _directives(header: str) -> dict[str, list[str]]:
    parts = [part.split() for part in header.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/needs/", "/accounts/login/", "/api/v1/regions/", "/api/docs/"]
)
def test_every_response_carries_a_strict_policy(client, url):
    response = client.get(url)
    policy = _directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]


def _web_templates() -> list[Path]:
    return [
        path
        for path in TEMPLATES.rglob("*.html")
        if path.relative_to(TEMPLATES).as_posix() not in EMAIL_TEMPLATES
        and "/email/" not in path.relative_to(TEMPLATES).as_posix()
    ]


@pytest.mark.parametrize(
    "path", _web_templates(), ids=lambda p: p.relative_to(TEMPLATES).as_posix()
)
def test_no_template_needs_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to a static file"
    assert not EVENT_HANDLER.search(text), "on*= handler: attach it from a static script"
    assert not STYLE_ATTRIBUTE.search(text), "style= attribute: use a class in app.css"
    assert not STYLE_ELEMENT.search(text), "<style> element: move it to a static stylesheet"


@pytest.mark.django_db
def test_api_reference_page_loads_its_script_from_a_url(client):
    body = client.get("/api/docs/").content.decode()
    assert not INLINE_SCRIPT.search(body)
    assert not STYLE_ELEMENT.search(body)
