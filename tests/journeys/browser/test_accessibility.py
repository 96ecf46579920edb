"""Every main page, as every role: axe-core finds no serious or critical violation, and no
page scrolls sideways at 1280 x 800 or 375 x 812 (the board scrolls inside itself).

One world and one browser for the module; each role gets one signed-in context, reused
for all its pages.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from matchmaking.brokering import actions as brokering
from matchmaking.brokering.views import BOARD_PAGE
from matchmaking.models import Match, Proposal
from tests import factories
from tests.journeys.browser.conftest import screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

AXE = Path(__file__).resolve().parents[3] / "static" / "vendor" / "axe" / "axe.min.js"
VIEWPORTS = [(1280, 800), (375, 812)]

RUN_AXE = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${v.id} (${v.impact}): ` +
      v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(", "));
}"""

SCROLLS_SIDEWAYS = "document.documentElement.scrollWidth > document.documentElement.clientWidth"
# What sticks out past the right edge, outside the containers that may scroll inside.
OVERFLOW = """() => {
  const root = document.documentElement;
  if (root.scrollWidth <= root.clientWidth) return [];
  const inside = (el) => el.closest(".board, .table-responsive");
  return Array.from(document.querySelectorAll("body *"))
    .filter((el) => !inside(el) && el.getBoundingClientRect().right > root.clientWidth + 1)
    .slice(0, 5)
    .map((el) => el.tagName.toLowerCase() + (el.id ? "#" + el.id : "") +
      (typeof el.className === "string" && el.className
        ? "." + el.className.split(" ").join(".") : ""));
}"""


def _world() -> dict[str, Any]:
    coordinator = factories.with_totp(factories.UserFactory.create(first_name="Cora"))
    cluster = factories.ClusterFactory.create()
    cluster.coordinators.add(coordinator)
    company = factories.MembershipFactory.create(title="Toimitusjohtaja")
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    need = factories.NeedFactory.create(
        organisation=company.organisation,
        title="Hitsattujen runkorakenteiden väsymistestaus arktisissa olosuhteissa",
    )
    service = factories.ServiceFactory.create(
        provider=provider.organisation, title="Kylmälaboratorion väsymistestauspalvelu"
    )
    others = [factories.ServiceFactory.create(provider=provider.organisation) for _ in range(2)]
    proposal = Proposal.objects.create(
        need=need,
        service=service,
        score=0.74,
        features={"text": 0.7},
        model_version="v1",
        reasons=[{"code": "shared_terms", "terms": ["väsymis", "hitsaus"]}],
    )
    for other in others:
        Proposal.objects.create(
            need=need, service=other, score=0.6, features={"text": 0.6}, model_version="v1"
        )
    match = brokering.proposal_shortlist(proposal=proposal, by=coordinator, note="")
    match = brokering.match_transition(
        match=match, by=coordinator, action="introduce", version=match.version
    )
    brokering.match_log(match=match, by=coordinator, kind="note", text="Soitto sovittu.")
    staff = factories.with_totp(factories.UserFactory.create(is_staff=True, is_superuser=True))
    return {
        "coordinator": coordinator,
        "company": company.user,
        "provider": provider.user,
        "staff": staff,
        "need": need,
        "service": service,
        "match": match,
        "organisation": company.organisation,
        "provider_org": provider.organisation,
    }


def _pages(world: dict[str, Any]) -> dict[str | None, list[str]]:
    need, service, match = world["need"], world["service"], world["match"]
    public = [
        reverse("landing"),
        reverse("service_directory"),
        reverse("need_directory"),
        reverse("organisation_list"),
        reverse("search") + "?q=testaus",
        reverse("service_detail", args=[service.pk]),
        reverse("organisation_detail", args=[world["provider_org"].slug]),
        reverse("accessibility"),
        reverse("privacy_notice"),
        reverse("insights_open"),
    ]
    signed_in = [
        reverse("home"),
        reverse("notification_centre"),
        reverse("notification_preferences"),
        reverse("profile"),
        reverse("mfa_index"),
        reverse("saved_search_list"),
        reverse("funding_instrument_list"),
        reverse("funding_calendar"),
        reverse("privacy_account"),
    ]
    return {
        None: [
            *public,
            reverse("need_detail", args=[need.pk]),
            reverse("account_login"),
            reverse("account_signup"),
            "/no-such-page/",
        ],
        "company": [
            *signed_in,
            reverse("need_list"),
            reverse("need_create"),
            reverse("need_detail", args=[need.pk]),
            reverse("service_detail", args=[service.pk]),
            reverse("my_matches"),
            reverse("match_detail", args=[match.pk]),
            reverse("organisation_members", args=[world["organisation"].slug]),
            reverse("onboarding"),
            # The 403 page, and allauth's "confirm access" before the two-factor set-up.
            reverse("brokering_board"),
            reverse("mfa_activate_totp"),
        ],
        "provider": [
            *signed_in,
            reverse("service_list"),
            reverse("service_create"),
            reverse("service_detail", args=[service.pk]),
            reverse("need_directory"),
            reverse("my_matches"),
            reverse("match_detail", args=[match.pk]),
            reverse("insights_provider_gaps"),
        ],
        "coordinator": [
            *signed_in,
            reverse("brokering_inbox"),
            reverse("proposal_list"),
            reverse("brokering_board"),
            reverse("match_detail", args=[match.pk]),
            reverse("need_detail", args=[need.pk]),
            reverse("funding_partnership_list"),
            reverse("funding_plan_list"),
            reverse("insights_dashboard"),
            reverse("import_list"),
        ],
        "staff": [
            reverse("home"),
            reverse("brokering_board"),
            reverse("brokering_inbox"),
            reverse("match_detail", args=[match.pk]),
            reverse("landing"),
            reverse("insights_dashboard"),
            reverse("import_list"),
            reverse("duplicates"),
            reverse("privacy_staff"),
        ],
    }


def _context(
    browser: Any, live_server: Any, user: Any, locale: str, *, bypass_csp: bool = True
) -> Any:
    # bypass_csp: axe is injected as an inline script, which our policy (rightly) refuses.
    context = browser.new_context(locale=locale, base_url=live_server.url, bypass_csp=bypass_csp)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


def test_main_pages_have_no_serious_axe_violations_and_no_sideways_scroll(browser, live_server):
    world = _world()
    axe_problems: dict[str, list[str]] = {}
    overflow: dict[str, list[str]] = {}
    visited = 0
    for role, urls in _pages(world).items():
        user = world[role] if role else None
        # The accessibility rules in English; the widths in English and in Finnish, whose
        # long compound words are what overflows first. A resize re-lays the page out
        # without loading it again.
        for locale in ("en-GB", "fi-FI"):
            context = _context(browser, live_server, user, locale)
            page = context.new_page()
            page.set_default_timeout(15_000)
            widths = VIEWPORTS if locale == "en-GB" else VIEWPORTS[::-1]
            for url in urls:
                key = f"{role or 'anonymous'} {locale[:2]} {url}"
                page.set_viewport_size({"width": widths[0][0], "height": widths[0][1]})
                page.goto(url)
                assert role is None or "/accounts/login/" not in page.url, key
                if locale == "en-GB":
                    page.add_script_tag(path=str(AXE))
                    found = page.evaluate(RUN_AXE)
                    if found:
                        axe_problems[key] = found
                    visited += 1
                for width, height in widths:
                    page.set_viewport_size({"width": width, "height": height})
                    if page.evaluate(SCROLLS_SIDEWAYS):
                        overflow[f"{key} @{width}"] = page.evaluate(OVERFLOW)
            context.close()
    assert visited >= 40
    assert axe_problems == {}
    assert overflow == {}


def test_the_board_scrolls_inside_itself_and_the_nav_collapses_on_a_phone(browser, live_server):
    world = _world()
    for _ in range(3):
        # More columns with cards than fit: the board must scroll, not the page.
        need = factories.NeedFactory.create(organisation=world["organisation"])
        brokering.match_create(
            need=need, service=world["service"], by=world["coordinator"], origin="coordinator"
        )
    # A signed-in user's chosen language drives the pages.
    world["coordinator"].language = "fi"
    world["coordinator"].save(update_fields=["language"])
    context = _context(browser, live_server, world["coordinator"], "fi-FI")
    page = context.new_page()
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(reverse("brokering_board"))
    board = page.locator("[data-board]")
    screenshot(page, "board-375")
    assert board.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.evaluate(
        "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
    )
    # The header is one compact bar: the menu is behind the toggler, the language button
    # stays visible.
    header = page.locator("header").bounding_box()
    assert header is not None and header["height"] < 80
    assert page.get_by_role("button", name="In English").is_visible()
    assert not page.get_by_role("link", name="Prosessitaulu").first.is_visible()
    page.locator(".navbar-toggler").click()
    page.get_by_role("link", name="Prosessitaulu").first.wait_for(state="visible")
    screenshot(page, "board-375-menu")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("brokering_board"))
    screenshot(page, "board-1280")
    # On a laptop the coordinator's many links still fit one row.
    wide_header = page.locator("header").bounding_box()
    assert wide_header is not None and wide_header["height"] < 60
    context.close()


def test_cards_drag_to_another_column_and_show_more_loads_in_place(browser, live_server):
    """Under the real Content-Security-Policy: Bootstrap, htmx and board.js must all run."""
    world = _world()
    organisation, coordinator = world["organisation"], world["coordinator"]
    for _ in range(BOARD_PAGE + 2):
        brokering.match_create(
            need=factories.NeedFactory.create(organisation=organisation),
            service=world["service"],
            by=coordinator,
            origin="coordinator",
        )
    context = _context(browser, live_server, coordinator, "en-GB", bypass_csp=False)
    page = context.new_page()
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(reverse("brokering_board"))
    proposed = page.locator("#cards-proposed .board-card")
    assert proposed.count() == BOARD_PAGE
    page.get_by_role("link", name="Show more: Proposed").click()
    proposed.nth(BOARD_PAGE).wait_for()
    assert proposed.count() == BOARD_PAGE + 2
    # The keyboard focus lands on the first card that came in.
    focused = page.evaluate("document.activeElement.closest('.board-card').dataset.match")
    assert focused == proposed.nth(BOARD_PAGE).get_attribute("data-match")
    assert page.url.endswith(reverse("brokering_board"))  # no page load: htmx swapped it in

    first = proposed.first
    match_id = int(first.get_attribute("data-match") or 0)
    assert first.get_attribute("draggable") == "true"
    with page.expect_navigation():
        # Near the column's top, which is in view: a target that needs scrolling would move
        # the page under the pointer between pressing and dragging.
        first.drag_to(
            page.locator('.board-column[data-stage="shortlisted"]'),
            target_position={"x": 40, "y": 20},
        )
    assert Match.objects.get(pk=match_id).stage == "shortlisted"
    assert page.locator(f'#cards-shortlisted [data-match="{match_id}"]').count() == 1
    assert violations == []
    context.close()
