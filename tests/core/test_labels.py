"""Codes kept in lists (languages served) are shown as names in the reader's language."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from core.templatetags.labels import language_names
from tests import factories


def test_language_codes_become_names_in_the_active_language():
    with translation.override("fi"):
        assert language_names(["en", "fi"]) == "englanti, suomi"
    with translation.override("en"):
        assert language_names(["en", "sv"]) == "English, Swedish"
    assert language_names(["xx"]) == "xx" and language_names(None) == ""


@pytest.mark.django_db
def test_the_service_page_names_its_languages(client):
    service = factories.ServiceFactory.create(languages=["en", "fi"])
    page = client.get(
        reverse("service_detail", args=[service.pk]), HTTP_ACCEPT_LANGUAGE="fi"
    ).content.decode()
    assert "englanti, suomi" in page and "en, fi" not in page
