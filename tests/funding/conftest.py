from __future__ import annotations

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _pages_in_english(client, api_client):
    """Assertions read English texts; the Finnish ones are checked where it matters."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    api_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
