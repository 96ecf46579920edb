"""A need, service or organisation with brokering history is closed, never deleted.

History: a match (with its timeline, follow-ups and the EU indicator it feeds) or a
proposal a person decided on. Without history, deleting still works.
"""

from __future__ import annotations

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from accounts.models import Organisation
from companies.models import DevelopmentNeed, NeedStatus
from matchmaking.brokering import actions as brokering
from matchmaking.models import FollowUpTask, Match, MatchEvent, Proposal
from services.models import RDService, ServiceStatus

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def matched(parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    FollowUpTask.objects.create(match=match, title="Call them", due_date="2099-01-01")
    return match


@pytest.fixture
def staff(db):
    from allauth.mfa.models import Authenticator

    user = factories.UserFactory.create(is_staff=True, is_superuser=True)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


def _history_intact(match):
    assert Match.objects.filter(pk=match.pk).exists()
    assert MatchEvent.objects.filter(match=match).exists()
    assert FollowUpTask.objects.filter(match=match).exists()


# --- needs -------------------------------------------------------------------------------


def test_deleting_a_need_with_a_match_over_the_api_is_a_409_with_an_explanation(
    api_client, parties, matched
):
    api_client.force_login(parties["company"])
    response = api_client.delete(f"/api/v1/needs/{parties['need'].pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 409
    assert "close" in response.json()["detail"].lower()
    assert DevelopmentNeed.objects.filter(pk=parties["need"].pk).exists()
    _history_intact(matched)


def test_deleting_a_need_with_a_match_on_the_page_says_why_and_keeps_it(client, parties, matched):
    client.force_login(parties["company"])
    response = client.post(
        reverse("need_transition", args=[parties["need"].pk, "delete"]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "cannot be deleted" in response.content.decode()
    assert DevelopmentNeed.objects.filter(pk=parties["need"].pk).exists()
    _history_intact(matched)


def test_a_need_with_a_decided_proposal_is_not_deleted(api_client, parties):
    Proposal.objects.create(
        need=parties["need"],
        service=parties["service"],
        score=0.7,
        model_version="v1",
        status="dismissed",
    )
    api_client.force_login(parties["company"])
    assert api_client.delete(f"/api/v1/needs/{parties['need'].pk}/").status_code == 409
    assert Proposal.objects.filter(need=parties["need"]).exists()


def test_a_need_with_only_undecided_proposals_is_deleted(api_client, parties):
    Proposal.objects.create(
        need=parties["need"], service=parties["service"], score=0.7, model_version="v1"
    )
    api_client.force_login(parties["company"])
    assert api_client.delete(f"/api/v1/needs/{parties['need'].pk}/").status_code == 204
    assert not DevelopmentNeed.objects.filter(pk=parties["need"].pk).exists()


def test_a_need_with_history_is_closed_instead_even_from_drafts(api_client, parties, matched):
    DevelopmentNeed.objects.filter(pk=parties["need"].pk).update(status=NeedStatus.DRAFT)
    api_client.force_login(parties["company"])
    response = api_client.post(
        f"/api/v1/needs/{parties['need'].pk}/close/", {"reason": "no_longer_needed"}, format="json"
    )
    assert response.status_code == 200 and response.json()["status"] == "closed"
    _history_intact(matched)


def test_the_need_page_offers_close_instead_of_delete_when_it_has_history(client, parties, matched):
    client.force_login(parties["company"])
    page = client.get(parties["need"].get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content
    assert reverse("need_transition", args=[parties["need"].pk, "close"]).encode() in page
    assert reverse("need_transition", args=[parties["need"].pk, "delete"]).encode() not in page


# --- services ----------------------------------------------------------------------------


def test_deleting_a_service_with_a_match_over_the_api_is_a_409(api_client, parties, matched):
    api_client.force_login(parties["provider"])
    response = api_client.delete(
        f"/api/v1/services/{parties['service'].pk}/", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 409
    assert "archive" in response.json()["detail"].lower()
    assert RDService.objects.filter(pk=parties["service"].pk).exists()
    _history_intact(matched)


def test_deleting_a_service_with_a_match_on_the_page_says_why(client, parties, matched):
    client.force_login(parties["provider"])
    response = client.post(
        reverse("service_transition", args=[parties["service"].pk, "delete"]),
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "cannot be deleted" in response.content.decode()
    assert RDService.objects.filter(pk=parties["service"].pk).exists()
    _history_intact(matched)


def test_a_service_with_history_is_archived_instead(api_client, parties, matched):
    api_client.force_login(parties["provider"])
    response = api_client.post(f"/api/v1/services/{parties['service'].pk}/archive/")
    assert response.status_code == 200
    assert RDService.objects.get(pk=parties["service"].pk).status == ServiceStatus.ARCHIVED


def test_a_service_without_history_is_deleted(api_client, parties):
    api_client.force_login(parties["provider"])
    assert api_client.delete(f"/api/v1/services/{parties['service'].pk}/").status_code == 204
    assert not RDService.objects.filter(pk=parties["service"].pk).exists()


# --- the database and the admin ----------------------------------------------------------


def test_the_database_refuses_to_cascade_a_match_away(parties, matched):
    for obj in (parties["need"], parties["service"], parties["need"].organisation, matched):
        with pytest.raises(ProtectedError):
            obj.delete()
    _history_intact(matched)


@pytest.mark.parametrize("which", ["need", "service", "company", "provider"])
def test_the_admin_shows_the_protected_history_instead_of_deleting(
    client, parties, matched, staff, which
):
    obj = {
        "need": parties["need"],
        "service": parties["service"],
        "company": parties["need"].organisation,
        "provider": parties["service"].provider,
    }[which]
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_delete", args=[obj.pk])
    client.force_login(staff)
    page = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert "protected related objects" in page.content.decode()
    client.post(url, {"post": "yes"}, HTTP_ACCEPT_LANGUAGE="en")
    assert type(obj).objects.filter(pk=obj.pk).exists()
    _history_intact(matched)


def test_the_admin_bulk_delete_keeps_a_need_with_a_decided_proposal(client, parties, staff):
    Proposal.objects.create(
        need=parties["need"],
        service=parties["service"],
        score=0.7,
        model_version="v1",
        status="accepted",
    )
    client.force_login(staff)
    client.post(
        reverse("admin:companies_developmentneed_changelist"),
        {"action": "delete_selected", "_selected_action": [parties["need"].pk], "post": "yes"},
    )
    assert DevelopmentNeed.objects.filter(pk=parties["need"].pk).exists()


def test_the_admin_deletes_an_organisation_without_history(client, staff):
    organisation = factories.OrganisationFactory.create()
    factories.NeedFactory.create(organisation=organisation)
    client.force_login(staff)
    client.post(
        reverse("admin:accounts_organisation_delete", args=[organisation.pk]), {"post": "yes"}
    )
    assert not Organisation.objects.filter(pk=organisation.pk).exists()


def test_the_admin_archives_an_organisation_with_history_instead(client, parties, matched, staff):
    company = parties["need"].organisation
    draft = factories.NeedFactory.create(organisation=company, status=NeedStatus.DRAFT)
    client.force_login(staff)
    response = client.post(
        reverse("admin:accounts_organisation_changelist"),
        {"action": "archive_organisations", "_selected_action": [company.pk]},
        follow=True,
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "closed 2 needs and archived 0 services" in response.content.decode()
    assert set(company.needs.values_list("status", flat=True)) == {NeedStatus.CLOSED}
    assert draft.pk in company.needs.values_list("pk", flat=True)
    provider = parties["service"].provider
    client.post(
        reverse("admin:accounts_organisation_changelist"),
        {"action": "archive_organisations", "_selected_action": [provider.pk]},
    )
    assert RDService.objects.get(pk=parties["service"].pk).status == ServiceStatus.ARCHIVED
    _history_intact(matched)


def test_an_archived_organisation_leaves_the_directory_and_search_but_keeps_its_page(
    client, api_client, parties, matched, staff
):
    company = parties["need"].organisation
    client.force_login(staff)
    client.post(
        reverse("admin:accounts_organisation_changelist"),
        {"action": "archive_organisations", "_selected_action": [company.pk]},
    )
    company.refresh_from_db()
    assert company.archived_at is not None
    client.logout()
    assert company.name not in client.get("/organisations/").content.decode()
    listed = api_client.get("/api/v1/organisations/", {"page_size": 100}).json()["results"]
    assert company.slug not in [row["slug"] for row in listed]
    found = api_client.get("/api/search/", {"q": company.name, "type": "organisation"}).json()
    assert company.name not in str(found)
    assert client.get(company.get_absolute_url()).status_code == 200
    assert api_client.get(f"/api/v1/organisations/{company.slug}/").status_code == 200
    _history_intact(matched)


def test_asking_whether_a_need_has_history_reads_one_row_per_kind_of_history(parties, matched):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.history import has_history, history_of

    need = parties["need"]
    for service in factories.ServiceFactory.create_batch(3, status=ServiceStatus.PUBLISHED):
        brokering.match_create(
            need=need, service=service, by=parties["coordinator"], origin="coordinator"
        )
    assert len(history_of("need", [need.pk])) == 4
    with CaptureQueriesContext(connection) as queries:
        assert has_history("need", need.pk)
    assert queries.captured_queries
    assert all("LIMIT 1" in query["sql"] for query in queries.captured_queries)
    assert not has_history("need", factories.NeedFactory.create().pk)
