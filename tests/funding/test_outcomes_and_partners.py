"""Funding applications feed the outcome; the fit panels; the EEN profile; partnerships."""

from __future__ import annotations

import datetime
import io
import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from docx import Document

from funding import actions, een
from funding.selectors import funding_applications_for_indicators, funding_totals
from matchmaking.brokering import actions as brokering
from matchmaking.models import Match
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(parties):
    coordinator = parties["coordinator"]
    match = brokering.match_create(
        need=parties["need"], service=parties["service"], by=coordinator, origin="coordinator"
    )
    brokering.match_transition(match=match, by=coordinator, action="introduce")
    for user in (parties["company"], parties["provider"]):
        brokering.match_answer(match=Match.objects.get(pk=match.pk), by=user, answer="interested")
    match = Match.objects.get(pk=match.pk)
    if match.stage == "introduced":
        brokering.match_transition(match=match, by=coordinator, action="discuss")
    brokering.match_transition(
        match=Match.objects.get(pk=match.pk),
        by=coordinator,
        action="agree",
        outcome_type="funding_application",
        funding_kind="other",
    )
    return {**parties, "match": Match.objects.get(pk=match.pk)}


def test_an_application_on_an_agreed_match_becomes_its_outcome(agreed):
    instrument = factories.InstrumentFactory.create(slug="erdf-lapland")
    actions.application_record(
        match=agreed["match"],
        by=agreed["company"],
        instrument=instrument,
        amount_applied=120_000,
        submitted_on=datetime.date(2027, 2, 1),
    )
    match = Match.objects.get(pk=agreed["match"].pk)
    assert (match.outcome_type, match.funding_kind) == ("funding_application", "erdf")


def test_a_grant_needs_its_amount_and_date_and_is_counted_for_indicators(agreed):
    application = actions.application_record(
        match=agreed["match"],
        by=agreed["coordinator"],
        instrument=factories.InstrumentFactory.create(),
        amount_applied=100_000,
        submitted_on=datetime.date(2027, 2, 1),
    )
    with pytest.raises(ValidationError) as error:
        actions.application_update(
            application=application, by=agreed["company"], decision="granted"
        )
    assert set(error.value.message_dict) == {"amount_granted", "decided_on"}
    actions.application_update(
        application=application,
        by=agreed["company"],
        decision="granted",
        amount_granted=80_000,
        decided_on=datetime.date(2027, 5, 1),
    )
    region = agreed["need"].region_id
    rows = funding_applications_for_indicators(region_id=region, since=datetime.date(2027, 1, 1))
    assert funding_totals(rows) == {
        "applications": 1,
        "granted_count": 1,
        "applied_eur": 100_000,
        "granted_eur": 80_000,
    }
    assert funding_applications_for_indicators(region_id=region + 1).count() == 0


def test_the_need_page_shows_every_instrument_with_reasons_to_its_company_only(
    client, company_member
):
    factories.InstrumentFactory.create(name="Small grant")
    factories.InstrumentFactory.create(name="Big grant", eligible_sizes=["large"])
    company_member.organisation.sme_size = "small"
    company_member.organisation.save()
    need = factories.NeedFactory.create(organisation=company_member.organisation, trl_now_id=4)
    client.force_login(company_member.user)
    page = client.get(reverse("need_detail", args=[need.pk]))
    assert b"Small grant" in page.content and b"Big grant" in page.content
    assert b"your company is small" in page.content
    assert b"TRL 4 is within 3" in page.content
    client.force_login(factories.MembershipFactory.create().user)
    other = client.get(reverse("need_detail", args=[need.pk]))
    assert b"Small grant" not in other.content


def test_the_match_page_lets_the_coordinator_pick_an_instrument_and_open_the_draft(client, agreed):
    instrument = factories.InstrumentFactory.create(name="Chosen grant")
    client.force_login(agreed["coordinator"])
    page = client.get(reverse("match_detail", args=[agreed["match"].pk]))
    assert b"Chosen grant" in page.content
    assert b"needs a research partner: this match brings one" in page.content
    response = client.post(
        reverse("funding_plan_open", args=[agreed["match"].pk]), {"instrument": instrument.pk}
    )
    assert response.status_code == 302
    assert agreed["match"].work_plan.instrument == instrument


def test_the_een_profile_has_every_field_of_the_network_list(client, company_member):
    need = factories.NeedFactory.create(
        organisation=company_member.organisation,
        open_to_international=True,
        trl_now_id=6,
        keywords=["welding", "arctic"],
    )
    client.force_login(company_member.user)
    response = client.get(
        reverse("funding_een_profile", args=[need.pk]),
        {"format": "json", "ipr_status": "secret", "partner_role": "Tests welds"},
    )
    data = json.loads(response.content)
    assert list(data) == list(een.FIELDS)
    assert data["profile_type"] == "research_development_request"
    assert data["stage_of_development"] == "prototype"
    assert data["ipr_status"] == "secret"
    assert data["partner_role"] == "Tests welds"
    assert company_member.organisation.name not in json.dumps(data)
    assert datetime.date.fromisoformat(data["expiry"]) > datetime.date.today()
    docx = client.get(reverse("funding_een_profile", args=[need.pk]), {"format": "docx"})
    headings = [p.text for p in Document(io.BytesIO(docx.content)).paragraphs]
    for label in ("Summary", "Advantages and innovations", "IPR status", "Expiry date"):
        assert label in headings


def test_only_the_company_and_its_coordinators_export_the_een_profile(client, company_member):
    need = factories.NeedFactory.create(
        organisation=company_member.organisation, open_to_international=True
    )
    client.force_login(factories.MembershipFactory.create().user)
    assert client.get(reverse("funding_een_profile", args=[need.pk])).status_code == 403


def test_an_international_instrument_points_to_the_partnerships(client, coordinator):
    instrument = factories.InstrumentFactory.create(international_partners_required=True)
    client.force_login(coordinator)
    client.post(
        reverse("funding_partnership_list"),
        {
            "name": "Arctic Batteries",
            "theme": "Battery materials",
            "partner_regions": "Norrbotten, Nordland",
            "contact": "s3@example.org",
            "region": factories.region("19").pk,
        },
    )
    page = client.get(reverse("funding_instrument_detail", args=[instrument.slug]))
    assert b"Arctic Batteries" in page.content


def test_a_submitted_application_becomes_a_follow_up_task_once(agreed):
    instrument = factories.InstrumentFactory.create(name="R&D grant")
    application = actions.application_record(
        match=agreed["match"],
        by=agreed["company"],
        instrument=instrument,
        amount_applied=90_000,
        decision="planned",
    )
    assert not agreed["match"].tasks.filter(title__contains="R&D grant").exists()
    for _ in range(2):
        actions.application_update(
            application=application,
            by=agreed["company"],
            decision="submitted",
            submitted_on=datetime.date(2027, 2, 1),
        )
    [task] = agreed["match"].tasks.filter(title__contains="R&D grant")
    assert task.due_date == datetime.date(2027, 5, 2)


def test_the_provider_of_an_anonymous_need_learns_nothing_of_the_company_size(client, agreed):
    from companies.models import DevelopmentNeed

    factories.InstrumentFactory.create(name="Small grant")
    organisation = agreed["need"].organisation
    organisation.sme_size = "small"
    organisation.save()
    DevelopmentNeed.objects.filter(pk=agreed["need"].pk).update(visibility="anonymous")
    client.force_login(agreed["provider"])
    page = client.get(reverse("match_detail", args=[agreed["match"].pk]))
    assert b"Small grant" in page.content
    assert b"your company is small" not in page.content
    assert b"the company&#x27;s size class is not given" in page.content
    client.force_login(agreed["company"])
    own = client.get(reverse("match_detail", args=[agreed["match"].pk]))
    assert b"your company is small" in own.content


def test_the_need_page_asks_a_fixed_number_of_queries_however_many_instruments(
    client, company_member
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    need = factories.NeedFactory.create(organisation=company_member.organisation)
    client.force_login(company_member.user)
    factories.CallFactory.create()
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("need_detail", args=[need.pk]))
    for _ in range(4):
        factories.CallFactory.create()
    with CaptureQueriesContext(connection) as five:
        client.get(reverse("need_detail", args=[need.pk]))
    assert len(five) == len(one)


def test_parties_record_and_edit_an_application_through_the_pages(client, agreed):
    instrument = factories.InstrumentFactory.create()
    client.force_login(agreed["provider"])
    url = reverse("funding_application_create", args=[agreed["match"].pk])
    bad = client.post(url, {"instrument": instrument.pk, "amount_applied": "-5"})
    assert bad.status_code == 200
    response = client.post(
        url, {"instrument": instrument.pk, "amount_applied": "70000", "decision": "planned"}
    )
    assert response.status_code == 302
    application = agreed["match"].funding_applications.get()
    edit = reverse("funding_application_edit", args=[application.pk])
    response = client.post(
        edit,
        {
            "instrument": instrument.pk,
            "amount_applied": "70000",
            "decision": "granted",
            "amount_granted": "60000",
            "decided_on": "2027-06-01",
        },
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.decision, application.amount_granted) == ("granted", 60000)
    outsider = factories.MembershipFactory.create().user
    client.force_login(outsider)
    assert client.get(edit).status_code == 404
    assert client.get(url).status_code == 404
