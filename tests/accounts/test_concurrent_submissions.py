"""The same form sent twice at once (a double click, two tabs) makes one row and a clear 400."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.db import connection
from rest_framework.test import APIClient

from accounts.models import Invitation, Membership, MembershipRole, Organisation
from tests import factories
from tests.conftest import service_unavailable

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _at_once(user: Any, url: str, payloads: list[dict[str, Any]]) -> list[tuple[int, Any]]:
    """POST each payload from its own thread and connection, released by one barrier."""
    if connection.vendor != "postgresql":
        service_unavailable("concurrent writes need PostgreSQL")
    barrier = threading.Barrier(len(payloads))
    results: list[tuple[int, Any]] = []

    def post(payload: dict[str, Any]) -> None:
        from django.db import connection as thread_connection

        try:
            client = APIClient()
            client.force_authenticate(user)
            barrier.wait(timeout=10)
            response = client.post(url, payload, format="json")
            results.append((response.status_code, response.json()))
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=post, args=(payload,)) for payload in payloads]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return sorted(results, key=lambda result: result[0])


def test_two_identical_invitations_at_once_make_one_and_a_field_error():
    owner = factories.MembershipFactory.create(role=MembershipRole.OWNER)
    payload = {"organisation": owner.organisation_id, "email": "new@example.org"}
    for _attempt in range(3):  # a race is not certain on every try
        Invitation.objects.all().delete()
        results = _at_once(owner.user, "/api/v1/invitations/", [payload, payload])
        assert [status for status, _body in results] == [201, 400]
        assert "email" in results[1][1]
        assert Invitation.objects.count() == 1


def test_two_identical_organisations_at_once_make_one_and_a_field_error():
    user = factories.UserFactory.create()
    payload = {
        "name": "Tuplaklikki Oy",
        "kind": "company",
        "business_id": factories.valid_business_id(77),
        "region": factories.region("19").pk,
    }
    for _attempt in range(3):
        Membership.objects.all().delete()
        Organisation.objects.all().delete()
        results = _at_once(user, "/api/v1/organisations/", [payload, payload])
        assert [status for status, _body in results] == [201, 400]
        assert set(results[1][1]) & {"business_id", "name"}
        assert Organisation.objects.count() == 1


def test_two_organisations_with_one_name_and_no_business_id_make_one_and_a_field_error():
    user = factories.UserFactory.create()
    payload = {
        "name": "Nimetön laboratorio",
        "kind": "laboratory",
        "region": factories.region("19").pk,
    }
    for _attempt in range(3):
        Membership.objects.all().delete()
        Organisation.objects.all().delete()
        results = _at_once(user, "/api/v1/organisations/", [payload, payload])
        assert [status for status, _body in results] == [201, 400]
        assert "name" in results[1][1]
        assert Organisation.objects.count() == 1
