"""Opening a notification marks it read and leads on to its target."""

from __future__ import annotations

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests import factories

pytestmark = pytest.mark.django_db


def _notification(user, url="/brokering/mine/"):
    return Notification.objects.create(
        recipient=user, event="introduction", key=f"k{user.pk}{url}", title="Hello", url=url
    )


def test_opening_a_notification_marks_it_read_and_goes_to_its_target(client):
    user = factories.UserFactory.create()
    item = _notification(user)
    client.force_login(user)
    centre = client.get(reverse("notification_centre")).content.decode()
    assert reverse("notification_open", args=[item.pk]) in centre
    response = client.get(reverse("notification_open", args=[item.pk]))
    assert response.status_code == 302 and response.url == "/brokering/mine/"
    item.refresh_from_db()
    assert item.read_at is not None
    first = item.read_at
    client.get(reverse("notification_open", args=[item.pk]))
    item.refresh_from_db()
    assert item.read_at == first  # read once, when first opened


def test_someone_elses_notification_cannot_be_opened(client):
    item = _notification(factories.UserFactory.create())
    client.force_login(factories.UserFactory.create())
    assert client.get(reverse("notification_open", args=[item.pk])).status_code == 404
    item.refresh_from_db()
    assert item.read_at is None


def test_a_notification_never_leads_to_another_site(client):
    user = factories.UserFactory.create()
    item = _notification(user, url="https://evil.example/")
    client.force_login(user)
    response = client.get(reverse("notification_open", args=[item.pk]))
    assert response.url == reverse("notification_centre")
