"""Work plans: opened by the coordinator, edited by the parties, versioned, exported."""

from __future__ import annotations

import base64
import io
import re
import zlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from docx import Document

from funding import actions
from funding.models import WorkPlan
from matchmaking.brokering import actions as brokering
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def introduced(parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    brokering.match_transition(match=match, by=parties["coordinator"], action="introduce")
    match.refresh_from_db()
    return {**parties, "match": match}


@pytest.fixture
def instrument():
    return factories.InstrumentFactory.create(
        application_headings=["Excellence", "Impact", "Implementation"]
    )


def _form(plan, **changes):
    data = {
        "instrument": plan.instrument_id or "",
        "objectives": "Cold-proof welds",
        "work_packages": "Fatigue tests | Tests at -40 °C | 1-6",
        "partners": "Company | Applicant\nLab | Tests",
        "trl_start": "4",
        "trl_target": "6",
        "budget": "Testing | Lab | 40 000\nWelding | Company | 25 500",
        "schedule": "M6 | Test report",
        "results": "Welds that last",
        "indicators": "Enterprises cooperating with research institutions",
        "version": str(plan.version),
        "section-0": "We are excellent.",
    }
    data.update(changes)
    return data


def test_the_coordinator_opens_a_draft_from_the_need_and_the_service(introduced, instrument):
    plan = actions.plan_open(
        match=introduced["match"], by=introduced["coordinator"], instrument=instrument
    )
    assert introduced["need"].title in plan.content["objectives"]
    assert plan.content["work_packages"][0]["title"] == introduced["service"].title
    assert list(plan.content["sections"]) == ["Excellence", "Impact", "Implementation"]
    assert plan.versions.count() == 1


def test_only_a_coordinator_opens_the_draft_and_only_after_the_introduction(parties):
    match = brokering.match_create(
        need=parties["need"],
        service=parties["service"],
        by=parties["coordinator"],
        origin="coordinator",
    )
    with pytest.raises(ValidationError):
        actions.plan_open(match=match, by=parties["coordinator"])
    with pytest.raises(PermissionDenied):
        actions.plan_open(match=match, by=parties["company"])


def test_the_company_edits_and_each_save_is_a_version_kept(client, introduced, instrument):
    plan = actions.plan_open(
        match=introduced["match"], by=introduced["coordinator"], instrument=instrument
    )
    client.force_login(introduced["company"])
    url = reverse("funding_plan_detail", args=[plan.pk])
    response = client.post(url, _form(plan))
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.version == 2
    assert plan.content["budget"][1] == {"item": "Welding", "partner": "Company", "amount": 25500}
    assert plan.content["sections"]["Excellence"] == "We are excellent."
    page = client.get(url)
    assert page.context["total"] == 65500
    old = client.get(reverse("funding_plan_version", args=[plan.pk, 1]))
    assert old.status_code == 200
    assert old.context["content"]["budget"] == []


def test_a_save_over_someone_elses_newer_version_is_refused(client, introduced):
    plan = actions.plan_open(match=introduced["match"], by=introduced["coordinator"])
    actions.plan_save(
        plan=plan, by=introduced["provider"], content={"objectives": "Theirs"}, version=1
    )
    client.force_login(introduced["company"])
    response = client.post(reverse("funding_plan_detail", args=[plan.pk]), _form(plan))
    assert response.status_code == 400
    assert b"Someone saved the plan" in response.content
    plan.refresh_from_db()
    assert plan.content["objectives"] == "Theirs"


def test_a_bad_budget_line_is_named_and_nothing_is_saved(client, introduced):
    plan = actions.plan_open(match=introduced["match"], by=introduced["coordinator"])
    client.force_login(introduced["company"])
    response = client.post(
        reverse("funding_plan_detail", args=[plan.pk]),
        _form(plan, budget="Testing | Lab | 40 000\nTravel | Lab | lots"),
    )
    assert response.status_code == 400
    assert b"Line 2: the amount must be whole euros" in response.content
    assert WorkPlan.objects.get(pk=plan.pk).version == 1


def test_a_company_sees_its_own_drafts_only(client, introduced):
    plan = actions.plan_open(match=introduced["match"], by=introduced["coordinator"])
    outsider = factories.MembershipFactory.create().user
    client.force_login(outsider)
    assert client.get(reverse("funding_plan_detail", args=[plan.pk])).status_code == 404
    assert client.get(reverse("funding_plan_list")).context["plans"].count() == 0
    for fmt in ("docx", "pdf"):
        url = reverse("funding_plan_export", args=[plan.pk, fmt])
        assert client.get(url).status_code == 404
    client.force_login(introduced["company"])
    assert list(client.get(reverse("funding_plan_list")).context["plans"]) == [plan]
    with pytest.raises(PermissionDenied):
        actions.plan_save(plan=plan, by=outsider, content={}, version=None)


def test_the_docx_export_has_the_headings_and_the_budget_total(client, introduced, instrument):
    plan = actions.plan_open(
        match=introduced["match"], by=introduced["coordinator"], instrument=instrument
    )
    client.force_login(introduced["company"])
    client.post(reverse("funding_plan_detail", args=[plan.pk]), _form(plan))
    response = client.get(reverse("funding_plan_export", args=[plan.pk, "docx"]))
    assert response.status_code == 200
    document = Document(io.BytesIO(response.content))
    headings = [
        p.text for p in document.paragraphs if p.style and p.style.name.startswith("Heading")
    ]
    assert headings[:4] == ["Excellence", "Impact", "Implementation", "Objectives"]
    assert "Budget" in headings
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    assert "65,500 €" in cells
    assert "Total" in cells


def _pdf_text(data: bytes) -> str:
    """The text drawn on the pages: inflate each content stream, join its string operands."""
    text = []
    # reportlab writes each stream ASCII85-encoded and deflated, ending in "~>".
    for stream in re.findall(rb"stream\r?\n(.*?~>)endstream", data, re.S):
        content = zlib.decompress(base64.a85decode(stream, adobe=True, ignorechars=b" \t\n\r"))
        for literal in re.findall(rb"\((.*?)(?<!\\)\)\s*Tj", content, re.S):
            text.append(literal.decode("latin-1"))
    return " ".join(text)


def test_the_pdf_export_has_the_headings_and_the_budget_total(client, introduced, instrument):
    plan = actions.plan_open(
        match=introduced["match"], by=introduced["coordinator"], instrument=instrument
    )
    client.force_login(introduced["provider"])
    client.post(reverse("funding_plan_detail", args=[plan.pk]), _form(plan))
    response = client.get(reverse("funding_plan_export", args=[plan.pk, "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    for heading in ("Excellence", "Impact", "Objectives", "Budget", "Total"):
        assert heading in text
    assert "65,500" in text


def test_the_match_fit_uses_the_work_plans_budget_total(client, introduced):
    factories.InstrumentFactory.create(name="Mid grant")
    plan = actions.plan_open(match=introduced["match"], by=introduced["coordinator"])
    actions.plan_save(
        plan=plan,
        by=introduced["company"],
        content={"budget": "Tests | Lab | 50 000\nWelding | Company | 30 000"},
        version=1,
    )
    client.force_login(introduced["coordinator"])
    page = client.get(reverse("match_detail", args=[introduced["match"].pk]))
    assert "80,000 € is within 50,000–500,000 €" in page.content.decode()


def test_the_draft_is_written_in_the_language_of_the_coordinator_who_opens_it(introduced):
    from django.utils import translation

    coordinator = introduced["coordinator"]
    coordinator.language = "en"
    coordinator.save(update_fields=["language"])
    with translation.override("fi"):  # a shell or a task: the site's default is active
        plan = actions.plan_open(match=introduced["match"], by=coordinator)
    assert [p["role"] for p in plan.content["partners"]] == [
        "Applicant; owns the need",
        "R&D partner; provides the service",
    ]
