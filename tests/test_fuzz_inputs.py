"""Property test: no query parameter or form field of the API and the board answers 5xx.

Random strings (NUL, control characters, unicode digits such as "²"), huge and non-finite
numbers and nested JSON go into every query parameter of the published schema, every
request body field of its write operations, and every field of the board's and the
brokering pages' forms. Bounded so that the file runs in well under a minute.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matchmaking.brokering import actions as brokering

from . import factories

pytestmark = pytest.mark.django_db

SPECIAL = st.sampled_from(
    [
        "\x00",
        "a\x00b",
        "1e999",
        "-1e999",
        "²",
        "١٢",
        "NaN",
        "Infinity",
        "9" * 40,
        "-" + "9" * 25,
        "0x10",
        "",
        " ",
        "\n",
        "\r\n",
        "\x1b[31m",
        "%00",
        "[]",
        "{}",
        "null",
        "../../etc/passwd",
        "' OR 1=1 --",
    ]
)
NUMBERS = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
)
STRINGS = st.one_of(SPECIAL, st.text(max_size=30), NUMBERS.map(str))
SCALARS = st.one_of(st.none(), st.booleans(), NUMBERS, STRINGS)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(
        st.lists(children, max_size=3), st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)
DEEP_JSON = st.integers(min_value=40, max_value=20_000).map(lambda n: "[" * n + "]" * n)

FUZZ = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _schema() -> dict[str, Any]:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _path(template: str, world: dict[str, Any]) -> str:
    ids = {
        "needs": world["need"].pk,
        "services": world["service"].pk,
        "matches": world["match"].pk,
        "organisations": world["organisation"].slug,
        "memberships": world["membership"].pk,
    }
    resource = template.split("/")[3] if template.startswith("/api/v1/") else ""
    return re.sub(r"\{[^}]+\}", str(ids.get(resource, 1)), template)


def _json_body(value: Any) -> str:
    return json.dumps(value, allow_nan=True)


class _Forms(HTMLParser):
    """(action, method, field names) of every form on a page."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, str, list[str]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "form":
            self.forms.append((values.get("action") or "", (values.get("method") or "get"), []))
        elif tag in {"input", "select", "textarea", "button"} and self.forms and values.get("name"):
            name = values["name"]
            if name != "csrfmiddlewaretoken":
                self.forms[-1][2].append(name or "")


@pytest.fixture
def world(db, coordinator, staff_user) -> dict[str, Any]:
    from funding import actions as funding_actions
    from imports import actions as import_actions

    member = factories.MembershipFactory.create(role="owner")
    need = factories.NeedFactory.create(organisation=member.organisation)
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    service = factories.ServiceFactory.create(provider=provider.organisation)
    match = brokering.match_create(need=need, service=service, by=coordinator, origin="coordinator")
    # The funding path: an introduced match with its work plan; an import waiting for columns.
    instrument = factories.InstrumentFactory.create(application_headings=["Impact"])
    introduced = brokering.match_create(
        need=factories.NeedFactory.create(organisation=member.organisation),
        service=service,
        by=coordinator,
        origin="coordinator",
    )
    brokering.match_transition(match=introduced, by=coordinator, action="introduce")
    plan = funding_actions.plan_open(match=introduced, by=coordinator, instrument=instrument)
    job = import_actions.import_upload(
        by=staff_user,
        kind="organisations",
        source_name="Lista",
        filename="o.csv",
        content=b"Nimi;Kunta;Y-tunnus\nLapin Kone Oy;Rovaniemi;1234560-4\n",
    )
    clients = {"anonymous": Client()}
    for name, user in (
        ("member", member.user),
        ("coordinator", coordinator),
        ("staff", staff_user),
    ):
        clients[name] = Client()
        clients[name].force_login(user)
    return {
        "clients": clients,
        "need": need,
        "service": service,
        "match": match,
        "organisation": member.organisation,
        "membership": member,
        "instrument": instrument,
        "introduced": introduced,
        "plan": plan,
        "job": job,
    }


def _assert_no_server_error(response: Any, what: str) -> None:
    assert response.status_code < 500, f"{what} answered {response.status_code}"


@FUZZ
@given(data=st.data())
def test_every_api_query_parameter_survives_random_values(world, data):
    who = data.draw(st.sampled_from(sorted(world["clients"])))
    client = world["clients"][who]
    for template, operations in _SCHEMA["paths"].items():
        get = operations.get("get")
        names = [p["name"] for p in (get or {}).get("parameters", []) if p["in"] == "query"]
        if not names:
            continue
        params = {name: data.draw(STRINGS) for name in names}
        response = client.get(_path(template, world), params)
        _assert_no_server_error(response, f"{who} GET {template} {params!r}")


@FUZZ
@given(data=st.data())
def test_every_api_request_body_survives_random_values(world, data):
    who = data.draw(st.sampled_from(["member", "coordinator"]))
    client = world["clients"][who]
    for template, operations in _SCHEMA["paths"].items():
        for method in ("post", "put", "patch"):
            if method not in operations:
                continue
            fields = _request_fields(operations[method])
            body = data.draw(
                st.one_of(
                    st.fixed_dictionaries({name: JSON_VALUES for name in fields}).map(_json_body),
                    JSON_VALUES.map(_json_body),
                    DEEP_JSON,
                )
            )
            response = getattr(client, method)(
                _path(template, world), body, content_type="application/json"
            )
            _assert_no_server_error(response, f"{who} {method} {template} {body[:200]!r}")


def _request_fields(operation: dict[str, Any]) -> list[str]:
    content = operation.get("requestBody", {}).get("content", {}).get("application/json", {})
    reference = content.get("schema", {}).get("$ref", "")
    if not reference:
        return []
    component = _SCHEMA["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    return sorted(component.get("properties", {}))


# The board and the pages around it, with the user who sees their forms.
PAGES = [
    ("coordinator", "/brokering/board/"),
    ("coordinator", "/brokering/inbox/"),
    ("coordinator", "/brokering/mine/"),
    ("coordinator", "/brokering/matches/{match}/"),
    ("coordinator", "/proposals/"),
    ("coordinator", "/needs/{need}/"),
    ("member", "/needs/new/"),
    ("member", "/needs/{need}/edit/"),
    ("member", "/organisations/new/"),
    ("member", "/organisations/{organisation}/members/"),
    ("member", "/search/saved/"),
    ("member", "/profile/"),
    ("member", "/notifications/preferences/"),
    # The funding path, imports and personal data (issues 13 and 14).
    ("staff", "/funding/new/"),
    ("staff", "/funding/import/"),
    ("staff", "/funding/partnerships/"),
    ("staff", "/funding/{instrument}/"),
    ("staff", "/funding/{instrument}/edit/"),
    ("coordinator", "/funding/calendar/"),
    ("coordinator", "/brokering/matches/{introduced}/"),
    ("member", "/funding/plans/{plan}/"),
    ("member", "/funding/matches/{introduced}/applications/new/"),
    ("member", "/funding/needs/{need}/een/"),
    ("staff", "/imports/"),
    ("staff", "/imports/{job}/columns/"),
    ("member", "/privacy/my-data/"),
    ("staff", "/privacy/requests/"),
    ("staff", "/duplicates/"),
    ("anonymous", "/needs/"),
    ("anonymous", "/services/"),
    ("anonymous", "/organisations/"),
    ("anonymous", "/search/"),
]


def _page_url(template: str, world: dict[str, Any]) -> str:
    return template.format(
        match=world["match"].pk,
        need=world["need"].pk,
        organisation=world["organisation"].slug,
        instrument=world["instrument"].slug,
        introduced=world["introduced"].pk,
        plan=world["plan"].pk,
        job=world["job"].pk,
    )


@pytest.fixture
def page_forms(world) -> list[tuple[str, str, str, list[str]]]:
    """(who, action URL, method, field names) of each form on the pages above."""
    found = []
    for who, template in PAGES:
        url = _page_url(template, world)
        response = world["clients"][who].get(url)
        assert response.status_code == 200, url
        parser = _Forms()
        parser.feed(response.content.decode())
        for action, method, names in parser.forms:
            if names and "logout" not in action and "/i18n/" not in action:
                found.append((who, action or url, method.lower(), sorted(set(names))))
    return found


@FUZZ
@given(data=st.data())
def test_every_board_and_page_form_field_survives_random_values(world, page_forms, data):
    for who, action, method, names in page_forms:
        fields = {name: data.draw(STRINGS) for name in names}
        response = getattr(world["clients"][who], method)(action, fields)
        _assert_no_server_error(response, f"{who} {method} {action} {fields!r}")


_SCHEMA: dict[str, Any] = {}


@pytest.fixture(autouse=True)
def _schema_once() -> None:
    if not _SCHEMA:
        _SCHEMA.update(_schema())
