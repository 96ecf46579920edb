"""Posting a need publishes by the primary button and shows the funding interest; a
coordinator adds a match by searching (at most 20 services), not from a list of all; a
second expression of interest lands on the match."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from matchmaking.models import Match
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_primary_button_of_a_new_need_publishes_and_the_draft_is_secondary(
    client, company_member
):
    client.force_login(company_member.user)
    page = client.get(reverse("need_create")).content.decode()
    buttons = re.findall(r"<button[^>]*>", page)
    primary = [b for b in buttons if "btn-primary" in b]
    assert len(primary) == 1 and 'name="publish"' in primary[0]
    draft = next(b for b in buttons if 'name="save"' in b)
    assert "btn-primary" not in draft
    # The first submit button is what Enter in a field presses.
    form_buttons = [b for b in buttons if 'name="publish"' in b or 'name="save"' in b]
    assert 'name="publish"' in form_buttons[0]


def test_the_funding_interest_a_company_ticked_is_shown_on_the_need(client, parties):
    need = parties["need"]
    need.funding_interest = ["innovation_voucher", "erdf"]
    need.save(update_fields=["funding_interest"])
    client.force_login(parties["company"])
    page = client.get(reverse("need_detail", args=[need.pk])).content.decode()
    assert "Innovation voucher" in page and "EU regional development fund (ERDF)" in page


def _many_services(count, provider=None):
    provider = provider or factories.ProviderFactory.create(name="Arctic Lab Oy")
    return factories.ServiceFactory.create_batch(count, provider=provider)


def test_the_lookup_returns_at_most_twenty_published_services_matching_the_words(
    client, parties, django_assert_max_num_queries
):
    _many_services(25)
    draft = factories.ServiceFactory.create(title="Draft fatigue rig", status="draft")
    factories.ServiceFactory.create(title="Cold climate welding")
    client.force_login(parties["coordinator"])
    url = reverse("service_lookup")
    with django_assert_max_num_queries(12):
        rows = client.get(url, {"need": parties["need"].pk, "q": "fatigue"}).json()["results"]
    assert len(rows) == 20
    assert all("fatigue" in row["title"].lower() for row in rows)
    assert draft.pk not in {row["id"] for row in rows}
    welding = client.get(url, {"need": parties["need"].pk, "q": "cold weld"}).json()["results"]
    assert [row["title"] for row in welding] == ["Cold climate welding"]
    by_provider = client.get(url, {"need": parties["need"].pk, "q": "arctic"}).json()["results"]
    assert len(by_provider) == 20 and by_provider[0]["provider"] == "Arctic Lab Oy"
    assert client.get(url, {"need": parties["need"].pk, "q": " "}).json() == {"results": []}


def test_the_lookup_leaves_out_services_already_matched_to_the_need(client, parties):
    factories.ServiceFactory.create(title="Other fatigue service")
    Match.objects.create(need=parties["need"], service=parties["service"], origin="coordinator")
    client.force_login(parties["coordinator"])
    rows = client.get(
        reverse("service_lookup"), {"need": parties["need"].pk, "q": "fatigue"}
    ).json()["results"]
    assert parties["service"].pk not in {row["id"] for row in rows} and rows


def test_only_the_needs_coordinators_may_look_services_up(client, parties):
    url = reverse("service_lookup")
    client.force_login(parties["provider"])
    assert client.get(url, {"need": parties["need"].pk, "q": "fatigue"}).status_code == 403
    client.force_login(parties["coordinator"])
    assert client.get(url, {"need": "x", "q": "fatigue"}).status_code == 400
    hidden = factories.NeedFactory.create(status="draft")
    assert client.get(url, {"need": hidden.pk, "q": "a"}).status_code == 404


def test_without_javascript_the_search_field_lists_the_services_to_add(client, parties):
    _many_services(30)
    client.force_login(parties["coordinator"])
    url = reverse("need_detail", args=[parties["need"].pk])
    page = client.get(url).content.decode()
    assert page.count('name="service"') == 0  # no list of every service
    found = client.get(url, {"service_q": "fatigue"}).content.decode()
    assert found.count('type="radio" name="service"') == 20
    client.post(
        reverse("match_start"),
        {
            "need": parties["need"].pk,
            "service": parties["service"].pk,
            "origin": "coordinator",
            "note": "Found by search",
        },
    )
    assert Match.objects.filter(need=parties["need"], service=parties["service"]).exists()


def test_expressing_interest_twice_lands_on_the_match(client, parties):
    client.force_login(parties["provider"])
    data = {
        "need": parties["need"].pk,
        "service": parties["service"].pk,
        "origin": "provider_interest",
    }
    first = client.post(reverse("match_start"), data)
    match = Match.objects.get()
    assert first.url == reverse("match_detail", args=[match.pk])
    again = client.post(reverse("match_start"), data)
    assert again.status_code == 302 and again.url == reverse("match_detail", args=[match.pk])
    assert Match.objects.count() == 1
