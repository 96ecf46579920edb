"""Malformed input gets a 4xx, never a 500: NUL bytes, 1e999, unicode digits, deep JSON."""

from __future__ import annotations

import json
from typing import Any

import pytest

from matchmaking.brokering import actions as brokering
from tests import factories

NUL = "a\x00b"
DEEP_JSON = "[" * 100_000 + "]" * 100_000

# (who, method, url, data, content type): places that answered 500 (noted in the commit) and
# their neighbours that read the same kind of value.
CASES: list[tuple[str, str, str, Any, str | None]] = [
    ("anonymous", "get", "/api/v1/organisations/%00/", None, None),
    ("anonymous", "get", "/organisations/a%00b/", None, None),
    ("member", "get", "/organisations/a%00b/edit/", None, None),
    ("member", "get", "/organisations/a%00b/members/", None, None),
    ("anonymous", "get", "/api/v1/needs/", {"q": NUL}, None),
    ("anonymous", "get", "/api/v1/services/", {"q": NUL}, None),
    ("anonymous", "get", "/api/v1/organisations/", {"region": NUL}, None),
    ("anonymous", "get", "/api/v1/needs/", {"organisation": "1e999"}, None),
    ("anonymous", "get", "/api/v1/needs/", {"ordering": NUL}, None),
    ("anonymous", "get", "/needs/", {"q": NUL}, None),
    ("anonymous", "get", "/services/", {"q": NUL}, None),
    ("anonymous", "get", "/search/", {"q": NUL}, None),
    ("anonymous", "get", "/api/search/", {"q": NUL}, None),
    ("anonymous", "get", "/api/search/suggest/", {"q": NUL}, None),
    ("anonymous", "get", "/invitations/a%00b/", None, None),
    ("anonymous", "get", "/notifications/unsubscribe/a%00b/", None, None),
    ("anonymous", "post", "/accounts/login/", {"login": NUL, "password": NUL}, None),
    ("anonymous", "post", "/accounts/password/reset/", {"email": NUL}, None),
    ("anonymous", "post", "/accounts/signup/", {"email": NUL, "password1": NUL}, None),
    ("coordinator", "get", "/brokering/board/", {"older_than": "²"}, None),
    ("coordinator", "get", "/brokering/board/", {"older_than": "9" * 30}, None),
    ("coordinator", "get", "/brokering/board/", {"cluster": NUL, "area": NUL}, None),
    ("coordinator", "get", "/proposals/", {"min_score": "1e999", "priority_area": NUL}, None),
    ("member", "post", "/search/saved/", {"delete": "abc"}, None),
    ("member", "post", "/search/saved/", {"delete": "1e999"}, None),
    ("member", "post", "/search/saved/", {"name": NUL, "query_string": NUL}, None),
    ("coordinator", "post", "/brokering/matches/start/", {"need": "abc", "service": "x"}, None),
    ("coordinator", "post", "/brokering/matches/start/", {"need": "1e999"}, None),
    ("member", "post", "/needs/new/", {"title": NUL, "description": NUL}, None),
    ("member", "post", "/organisations/new/", {"name": NUL, "kind": "company"}, None),
    ("member", "post", "/needs/{need}/a%00b/", None, None),
    ("member", "post", "/api/v1/needs/", DEEP_JSON, "application/json"),
    ("member", "post", "/api/v1/needs/", '{"organisation": 1e999}', "application/json"),
    ("member", "post", "/api/v1/needs/", json.dumps({"title": NUL}), "application/json"),
    ("member", "post", "/api/v1/organisations/", json.dumps({"name": NUL}), "application/json"),
    ("member", "post", "/api/v1/saved-searches/", json.dumps({"name": NUL}), "application/json"),
    ("member", "post", "/api/v1/invitations/", '{"organisation": 1e999}', "application/json"),
    ("coordinator", "post", "/brokering/matches/{match}/log/", {"kind": "note", "text": NUL}, None),
    ("coordinator", "post", "/brokering/matches/{match}/transition/", {"note": NUL}, None),
    ("member", "post", "/brokering/matches/{match}/answer/", {"answer": "yes", "text": NUL}, None),
    ("coordinator", "post", "/brokering/board/bulk/", {"match": "1", "reason": NUL}, None),
    ("member", "post", "/memberships/{membership}/", {"action": "contact", "title": NUL}, None),
    ("member", "post", "/memberships/{membership}/", {"role": NUL}, None),
    ("coordinator", "post", "/proposals/1/decide/", {"status": NUL, "note": NUL}, None),
    # Found by tests/test_fuzz_inputs.py:
    ("coordinator", "post", "/brokering/matches/{match}/transition/", {"next": "x"}, None),
    ("coordinator", "post", "/proposals/1/decide/", {"next": "x"}, None),
    ("coordinator", "post", "/brokering/matches/{match}/transition/", {"version": "²"}, None),
    ("coordinator", "post", "/brokering/board/bulk/", {"match": "²", "bulk": "assign_me"}, None),
    ("coordinator", "post", "/brokering/board/bulk/", {"match": "9" * 30}, None),
    ("member", "post", "/needs/new/", {"priority_areas": "9" * 30}, None),
    ("member", "get", "/api/v1/needs/1e999/", None, None),
    ("member", "get", "/api/v1/memberships/", {"organisation": NUL}, None),
    (
        "member",
        "post",
        "/api/v1/needs/",
        '{"organisation": 99999999999999999999999}',
        "application/json",
    ),
    ("member", "post", "/api/v1/needs/", b'{"title": "\xff"}', "application/json"),
]


@pytest.fixture
def people(db, coordinator) -> dict[str, Any]:
    member = factories.MembershipFactory.create(organisation=factories.OrganisationFactory.create())
    need = factories.NeedFactory.create(organisation=member.organisation)
    provider = factories.ProviderFactory.create()
    service = factories.ServiceFactory.create(provider=provider)
    match = brokering.match_create(need=need, service=service, by=coordinator, origin="coordinator")
    return {
        "member": member.user,
        "coordinator": coordinator,
        "need": need,
        "match": match,
        "membership": member,
    }


@pytest.mark.parametrize(
    ("who", "method", "url", "data", "content_type"),
    CASES,
    ids=[f"{c[1]} {c[2]} {str(c[3])[:30]!r}" for c in CASES],
)
def test_malformed_input_is_a_client_error(client, people, who, method, url, data, content_type):
    if who != "anonymous":
        client.force_login(people[who])
    url = url.format(
        need=people["need"].pk, match=people["match"].pk, membership=people["membership"].pk
    )
    kwargs: dict[str, Any] = {"content_type": content_type} if content_type else {}
    response = getattr(client, method)(url, data, **kwargs)
    assert response.status_code < 500
