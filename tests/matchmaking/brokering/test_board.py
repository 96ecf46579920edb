"""The coordinator's board: columns paged, counted by GROUP BY, cards moved from the
keyboard, and a page whose queries do not grow with the number of matches."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from matchmaking.brokering import actions as brokering
from matchmaking.brokering.views import BOARD_PAGE
from matchmaking.models import Match
from tests import factories

pytestmark = pytest.mark.django_db

BOARD = reverse("brokering_board")


def _matches(parties: dict[str, Any], count: int) -> list[Match]:
    organisation = parties["need"].organisation
    return [
        brokering.match_create(
            need=factories.NeedFactory.create(organisation=organisation),
            service=parties["service"],
            by=parties["coordinator"],
            origin="coordinator",
        )
        for _ in range(count)
    ]


def _cards(html: str, stage: str) -> list[str]:
    column = html.split(f'data-stage="{stage}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'id="card-(\d+)"', column)


def test_a_column_shows_one_page_of_cards_and_the_count_of_all(client, parties):
    matches = _matches(parties, BOARD_PAGE + 3)
    client.force_login(parties["coordinator"])
    html = client.get(BOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert len(_cards(html, "proposed")) == BOARD_PAGE
    assert f'<span class="badge rounded-pill">{len(matches)}</span>' in html
    assert "column=proposed&amp;page=2" in html
    # Longest waiting first: the first match created leads the column.
    assert _cards(html, "proposed")[0] == str(matches[0].pk)


def test_show_more_with_htmx_answers_only_the_next_cards_of_the_column(client, parties):
    matches = _matches(parties, BOARD_PAGE + 3)
    client.force_login(parties["coordinator"])
    response = client.get(BOARD, {"column": "proposed", "page": 2}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "<html" not in html and "Funnel" not in html
    assert re.findall(r'id="card-(\d+)"', html) == [str(m.pk) for m in matches[BOARD_PAGE:]]
    assert "page=3" not in html  # nothing more to show


def test_show_more_without_javascript_shows_the_column_longer(client, parties):
    _matches(parties, BOARD_PAGE + 3)
    client.force_login(parties["coordinator"])
    html = client.get(BOARD, {"column": "proposed", "page": 2}).content.decode()
    assert len(_cards(html, "proposed")) == BOARD_PAGE + 3
    assert "<html" in html


def test_the_board_makes_the_same_queries_for_few_and_many_matches(client, parties):
    client.force_login(parties["coordinator"])
    _matches(parties, 2)
    client.get(BOARD)  # warm the per-process caches (scope, taxonomy)
    with CaptureQueriesContext(connection) as few:
        assert client.get(BOARD).status_code == 200
    _matches(parties, 2 * BOARD_PAGE)
    with CaptureQueriesContext(connection) as many:
        html = client.get(BOARD).content.decode()
    assert len(_cards(html, "proposed")) == BOARD_PAGE
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    grouped = [q for q in many.captured_queries if "GROUP BY" in q["sql"]]
    assert any('"stage"' in q["sql"] and "COUNT" in q["sql"] for q in grouped)


def test_the_funnel_reads_as_percentages(client, parties):
    matches = _matches(parties, 4)
    coordinator = parties["coordinator"]
    brokering.match_transition(
        match=matches[0], by=coordinator, action="shortlist", version=matches[0].version
    )
    client.force_login(coordinator)
    html = client.get(BOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "75&nbsp;%" in html and "25&nbsp;%" in html
    assert "Conversion to agreement: 0 % (0 of 4 matches)." in html
    assert 'class="w-pct-75"' in html


def test_a_card_moves_with_its_move_list_and_button(client, parties):
    (match,) = _matches(parties, 1)
    client.force_login(parties["coordinator"])
    html = client.get(BOARD, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'<label class="visually-hidden" for="move-{match.pk}">Move to</label>' in html
    assert 'value="shortlist" data-stage="shortlisted"' in html
    response = client.post(
        reverse("match_transition", args=[match.pk]),
        {
            "action": "shortlist",
            "version": match.version,
            "from": "board",
            "next": BOARD + "?assignee=none",
        },
    )
    assert response.url == BOARD + "?assignee=none"
    match.refresh_from_db()
    assert match.stage == "shortlisted"


def test_a_move_that_needs_a_reason_goes_to_the_match_page_to_ask(client, parties):
    (match,) = _matches(parties, 1)
    client.force_login(parties["coordinator"])
    response = client.post(
        reverse("match_transition", args=[match.pk]),
        {"action": "dismiss", "version": match.version, "from": "board", "next": BOARD},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.url == reverse("match_detail", args=[match.pk]) + "#move"
    match.refresh_from_db()
    assert match.stage == "proposed"
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Choose the reason or the outcome to finish the move." in page
    assert 'id="move"' in page


def test_cards_in_a_final_stage_offer_no_move(client, parties):
    (match,) = _matches(parties, 1)
    brokering.match_transition(
        match=match,
        by=parties["coordinator"],
        action="dismiss",
        version=match.version,
        reason="other",
    )
    client.force_login(parties["coordinator"])
    html = client.get(BOARD).content.decode()
    assert _cards(html, "dismissed") == [str(match.pk)]
    assert f'id="move-{match.pk}"' not in html


@pytest.mark.parametrize("page", ["abc", "-1", "1e9", "99999999"])
def test_a_bad_page_number_is_a_bad_request(client, parties, page):
    client.force_login(parties["coordinator"])
    assert client.get(BOARD, {"column": "proposed", "page": page}).status_code == 400


def test_an_unknown_column_shows_the_whole_board(client, parties):
    _matches(parties, 1)
    client.force_login(parties["coordinator"])
    response = client.get(BOARD, {"column": "nonsense", "page": 3}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and "<html" in response.content.decode()
