"""A need published "company hidden" keeps its company hidden from everyone not allowed to know.

Allowed: members of the company, coordinators of the need's clusters, staff (the rule
`companies.view_need_company`). Everyone else learns nothing of the company: not from a
body, a filter, an ordering, a count, a facet, an error message or a timeline.
"""

from __future__ import annotations

import re

import pytest

from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility
from companies.rules import need_company_visible_q

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden():
    """An anonymous published need of a company in Uusimaa (region 01)."""
    company = factories.OrganisationFactory.create(
        name="Salainen Teräs Oy", slug="salainen-teras", region=factories.region("01")
    )
    member = factories.MembershipFactory.create(organisation=company).user
    need = factories.NeedFactory.create(
        organisation=company,
        visibility=NeedVisibility.ANONYMOUS,
        title="Anonymous need: cold fatigue of welds",
    )
    return {"company": company, "member": member, "need": need}


# --- item 1: filters on the hidden company -------------------------------------------


def test_filtering_needs_by_a_hidden_company_finds_nothing_for_outsiders(api_client, hidden):
    company = hidden["company"]
    factories.NeedFactory.create(organisation=company, title="Public need of the same company")
    outsider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    for user in (None, outsider.user):
        api_client.force_authenticate(user=user)
        found = api_client.get(
            "/api/v1/needs/", {"organisation": company.pk, "visibility": "anonymous"}
        ).json()
        assert found["count"] == 0, found
        by_company = api_client.get("/api/v1/needs/", {"organisation": company.pk}).json()
        assert [row["title"] for row in by_company["results"]] == [
            "Public need of the same company"
        ]


def test_filtering_by_company_still_finds_anonymous_needs_for_those_allowed(
    api_client, hidden, coordinator
):
    company = hidden["company"]
    factories.ClusterFactory.create(region=factories.region("01")).coordinators.add(coordinator)
    staff = factories.UserFactory.create(is_staff=True)
    for user in (hidden["member"], coordinator, staff):
        api_client.force_authenticate(user=user)
        found = api_client.get(
            "/api/v1/needs/", {"organisation": company.pk, "visibility": "anonymous"}
        ).json()
        assert [row["id"] for row in found["results"]] == [hidden["need"].pk], user


def test_the_company_queryset_rule_agrees_with_the_object_rule(hidden, coordinator):
    """`need_company_visible_q` is the queryset twin of `companies.view_need_company`."""
    other = factories.OrganisationFactory.create(region=factories.region("07"))
    needs = [hidden["need"]]
    for visibility in NeedVisibility.values:
        for status in NeedStatus.values:
            for organisation in (hidden["company"], other):
                needs.append(
                    factories.NeedFactory.create(
                        organisation=organisation, visibility=visibility, status=status
                    )
                )
    area_coordinator = factories.UserFactory.create()
    cluster = factories.ClusterFactory.create(region=factories.region("07"))
    area = needs[1].priority_areas.model.objects.first()
    cluster.priority_areas.add(area)
    cluster.coordinators.add(area_coordinator)
    needs[-1].priority_areas.add(area)
    users = [
        None,
        hidden["member"],
        coordinator,
        area_coordinator,
        factories.UserFactory.create(is_staff=True),
        factories.MembershipFactory.create(organisation=factories.ProviderFactory.create()).user,
    ]
    from django.contrib.auth.models import AnonymousUser

    for user in users:
        viewer = user or AnonymousUser()
        by_query = set(
            DevelopmentNeed.objects.filter(need_company_visible_q(viewer)).values_list(
                "pk", flat=True
            )
        )
        by_rule = {
            need.pk
            for need in DevelopmentNeed.objects.all()
            if viewer.has_perm("companies.view_need_company", need)
        }
        assert by_query == by_rule, viewer


# --- item 2: the coordinator's home ---------------------------------------------------


def test_coordinator_home_names_the_company_only_of_needs_in_own_clusters(
    client, hidden, coordinator
):
    """The coordinator's clusters are in Lapland (19); the hidden need is in Uusimaa (01)."""
    own = factories.OrganisationFactory.create(name="Lappilainen Anonyymi Oy")
    factories.NeedFactory.create(
        organisation=own, visibility=NeedVisibility.ANONYMOUS, title="Anonymous need in Lapland"
    )
    client.force_login(coordinator)
    page = client.get("/home/").content.decode()
    assert hidden["company"].name not in page
    assert "Lappilainen Anonyymi Oy" in page
    # The need's own page follows the same rule.
    detail = client.get(hidden["need"].get_absolute_url()).content.decode()
    assert hidden["company"].name not in detail


# --- item 3: the match timeline -------------------------------------------------------


@pytest.fixture
def interest(hidden, coordinator):
    """A provider's interest in the hidden need, shortlisted by a coordinator of its region;
    a company member has written on the timeline; the company has not consented yet."""
    from matchmaking.brokering import actions as brokering

    factories.ClusterFactory.create(region=factories.region("01")).coordinators.add(coordinator)
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    service = factories.ServiceFactory.create(provider=provider.organisation)
    member = hidden["member"]
    member.full_name = "Salla Salainen"
    member.email = "salla@salainen-teras.example"
    member.save()
    match = brokering.match_create(
        need=hidden["need"], service=service, by=provider.user, origin="provider_interest"
    )
    brokering.match_transition(match=match, by=coordinator, action="shortlist")
    brokering.match_log(match=match, by=member, kind="note", text="We would like to hear more.")
    return {"match": match, "provider": provider.user, "member": member, **hidden}


def _secrets(interest):
    return ("Salla Salainen", "salla@salainen-teras", interest["company"].name)


def test_provider_sees_the_company_side_of_the_timeline_as_a_role_before_consent(
    api_client, client, interest
):
    match = interest["match"]
    api_client.force_authenticate(user=interest["provider"])
    body = api_client.get(f"/api/v1/matches/{match.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    note = [event for event in body["events"] if event["text"] == "We would like to hear more."]
    assert [event["actor"] for event in note] == ["The company"]
    body = api_client.get(f"/api/v1/matches/{match.pk}/", HTTP_ACCEPT_LANGUAGE="fi").json()
    note = [event for event in body["events"] if event["text"] == "We would like to hear more."]
    assert [event["actor"] for event in note] == ["Yritys"]
    interest["provider"].language = "fi"
    interest["provider"].save(update_fields=["language"])
    client.force_login(interest["provider"])
    pages = [
        client.get(f"/brokering/matches/{match.pk}/").content.decode(),
        client.get("/brokering/mine/").content.decode(),
        client.get(match.service.provider.get_absolute_url()).content.decode(),
        str(api_client.get("/api/v1/matches/").content.decode()),
    ]
    for text in pages:
        for secret in _secrets(interest):
            assert secret not in text
    assert "Yritys" in pages[0]  # the page is in the provider's chosen language, Finnish


def test_after_consent_the_provider_sees_who_wrote(api_client, interest):
    from matchmaking.brokering import actions as brokering

    brokering.match_consent(match=interest["match"], by=interest["member"])
    api_client.force_authenticate(user=interest["provider"])
    body = api_client.get(f"/api/v1/matches/{interest['match'].pk}/").json()
    assert "Salla Salainen" in [event["actor"] for event in body["events"]]


def test_coordinators_and_the_company_see_who_wrote(api_client, interest, coordinator):
    for user in (coordinator, interest["member"]):
        api_client.force_authenticate(user=user)
        body = api_client.get(f"/api/v1/matches/{interest['match'].pk}/").json()
        assert "Salla Salainen" in [event["actor"] for event in body["events"]]


def test_notifications_to_the_provider_do_not_name_the_hidden_company(interest, coordinator):
    from matchmaking.brokering import actions as brokering
    from notifications.models import Notification

    brokering.match_log(
        match=interest["match"], by=interest["member"], kind="call", text="Called them."
    )
    brokering.match_consent(match=interest["match"], by=interest["member"])
    received = Notification.objects.filter(recipient=interest["provider"])
    before_introduction = " ".join(f"{n.title} {n.body}" for n in received)
    for secret in _secrets(interest):
        assert secret not in before_introduction


def test_hidden_company_page_does_not_list_a_providers_match_on_its_anonymous_need(
    client, interest
):
    """A coordinator of another region who is also a member of the provider opens the
    hidden company's page: the provider's match on its anonymous need must not be there."""
    from accounts.models import Membership

    outsider = factories.UserFactory.create()
    factories.ClusterFactory.create(region=factories.region("07")).coordinators.add(outsider)
    Membership.objects.create(user=outsider, organisation=interest["match"].service.provider)
    client.force_login(outsider)
    from allauth.mfa.models import Authenticator

    Authenticator.objects.create(
        user=outsider, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    page = client.get(interest["company"].get_absolute_url()).content.decode()
    assert interest["need"].title not in page


# --- item 12: coordinators start matches with published services only -----------------


def test_a_coordinator_cannot_start_a_match_with_an_unpublished_service(api_client, coordinator):
    need = factories.NeedFactory.create()
    draft = factories.ServiceFactory.create(status="draft", title="Secret draft service")
    api_client.force_authenticate(user=coordinator)
    response = api_client.post(
        "/api/v1/matches/",
        {"need": need.pk, "service": draft.pk, "origin": "coordinator"},
        format="json",
    )
    assert response.status_code == 400, response.content
    assert "service" in response.json()
    assert "Secret draft service" not in response.content.decode()


def test_even_staff_start_matches_with_published_services_only(coordinator):
    from django.core.exceptions import ValidationError

    from matchmaking.brokering import actions as brokering

    staff = factories.UserFactory.create(is_staff=True)
    need = factories.NeedFactory.create()
    draft = factories.ServiceFactory.create(status="draft")
    with pytest.raises(ValidationError) as refused:
        brokering.match_create(need=need, service=draft, by=staff, origin="coordinator")
    assert "service" in refused.value.message_dict


def test_a_coordinator_cannot_start_a_match_on_a_need_of_another_region(
    api_client, coordinator, hidden
):
    service = factories.ServiceFactory.create()
    api_client.force_authenticate(user=coordinator)
    response = api_client.post(
        "/api/v1/matches/",
        {"need": hidden["need"].pk, "service": service.pk, "origin": "coordinator"},
        format="json",
    )
    assert response.status_code == 403


# --- item 17: a hidden need answers like a missing one ---------------------------------


def test_expressing_interest_in_a_hidden_need_answers_like_a_missing_one(api_client, client):
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    service = factories.ServiceFactory.create(provider=provider.organisation)
    hidden_needs = [
        factories.NeedFactory.create(visibility=NeedVisibility.COORDINATORS),
        factories.NeedFactory.create(status=NeedStatus.DRAFT),
    ]
    missing = max(need.pk for need in hidden_needs) + 1000
    api_client.force_authenticate(user=provider.user)
    client.force_login(provider.user)

    def api(pk):
        response = api_client.post(
            "/api/v1/matches/",
            {"need": pk, "service": service.pk, "origin": "provider_interest"},
            format="json",
        )
        return response.status_code, response.content

    def page(pk):
        response = client.post(
            "/brokering/matches/start/",
            {"need": pk, "service": service.pk, "origin": "provider_interest"},
        )
        # The error page's language form carries a CSRF token masked afresh for every
        # response; it says nothing about the need, so it is left out of the comparison.
        return response.status_code, re.sub(
            rb'name="csrfmiddlewaretoken" value="[^"]*"', b"", response.content
        )

    for need in hidden_needs:
        assert api(need.pk) == api(missing)
        assert page(need.pk) == page(missing)
    assert api(missing)[0] == 400


# --- Done when: walk every endpoint of the schema as an outsider -----------------------


@pytest.fixture
def world(interest):
    """`interest` (a provider's shortlisted match on the hidden need, with the company's
    note), plus what makes every endpoint answer with something: a public need, a decoy
    company without needs, an engine proposal, a saved search."""
    from matchmaking.models import Proposal
    from search.models import SavedSearch

    company = interest["company"]
    company.business_id = factories.valid_business_id(987)
    company.save()
    area = interest["need"].priority_areas.model.objects.first()
    interest["need"].priority_areas.add(area)
    public = factories.NeedFactory.create(title="Public need: hydrogen valves")
    decoy = factories.OrganisationFactory.create(name="Avoin Houkutus Oy")
    service = interest["match"].service
    for need in (interest["need"], public):
        Proposal.objects.get_or_create(
            need=need,
            service=service,
            defaults={"score": 0.9, "model_version": "test", "reasons": []},
        )
    SavedSearch.objects.create(
        user=interest["provider"], name="Welds", query_string="q=welds&type=need"
    )
    return {**interest, "public": public, "decoy": decoy, "service": service, "area": area}


def _schema_gets():
    from drf_spectacular.generators import SchemaGenerator

    schema = SchemaGenerator().get_schema(request=None, public=True)
    for path, operations in schema["paths"].items():
        if "get" in operations:
            yield path, operations["get"].get("parameters", [])


def _view_class(path):
    from django.urls import resolve

    return getattr(resolve(path).func, "cls", None)


def _ordering_values(path):
    view = _view_class(path)
    fields = list(getattr(view, "ordering_fields", None) or [])
    serializer = getattr(view, "serializer_class", None)
    if not fields and serializer is not None:
        fields = list(getattr(serializer(), "fields", {}))
    # Orderings the view does not declare must be ignored, never a side channel.
    fields += ["organisation", "organisation__name", "need__organisation__name"]
    return [prefix + field for field in fields for prefix in ("", "-")]


def _query_values(name, spec, world):
    """Values worth asking for each declared query parameter."""
    need = world["need"]
    known = {
        "organisation": [world["company"].pk],
        "visibility": ["anonymous"],
        "q": [world["company"].name, "Salainen", "weld"],
        "need": [need.pk],
        "service": [world["service"].pk],
        "region": [need.region_id, need.region.code],
        "category": [need.category_id],
        "need_category": [need.category.slug],
        "priority_area": [world["area"].pk, world["area"].slug],
        "provider": [world["service"].provider_id],
        "match": [world["match"].pk],
        "page": [1],
        "page_size": [100],
        "min_score": [0],
    }
    if name in known:
        return known[name]
    enum = spec.get("enum") or spec.get("items", {}).get("enum")
    return list(enum or [])


def _path_values(path, client, world):
    """Ids (or slugs) of existing objects for the path's parameter, found through the list."""
    import re

    param = re.search(r"{(\w+)}", path)
    if param is None:
        return [path]
    key = param.group(1)
    base = path[: param.start()]
    values = set()
    listed = client.get(base, {"page_size": 100})
    if listed.status_code == 200:
        body = listed.json()
        rows = body.get("results", body) if isinstance(body, dict) else body
        values |= {row[key] for row in rows if isinstance(row, dict) and key in row}
    if base.endswith("/needs/"):
        values |= {world["need"].pk, world["public"].pk}
    if base.endswith("/organisations/"):
        values |= {world["company"].slug, world["decoy"].slug}
    if base.endswith("/matches/"):
        values.add(world["match"].pk)
    if base.endswith("/services/"):
        values.add(world["service"].pk)
    return [path.replace("{" + key + "}", str(value), 1) for value in sorted(values, key=str)]


def _without_organisation_profiles(body):
    """Organisation profiles are public by design: their own name is no leak."""
    if isinstance(body, list):
        return [_without_organisation_profiles(item) for item in body if not _is_profile(item)]
    if isinstance(body, dict):
        return {key: _without_organisation_profiles(value) for key, value in body.items()}
    return body


def _is_profile(item):
    return isinstance(item, dict) and item.get("type") == "organisation"


def _organisation_refs(body, company_id, found):
    if isinstance(body, list):
        for item in body:
            _organisation_refs(item, company_id, found)
    elif isinstance(body, dict):
        for key, value in body.items():
            if key in ("organisation", "organisation_id", "company") and (
                value == company_id or (isinstance(value, dict) and value.get("id") == company_id)
            ):
                found.append(body)
            _organisation_refs(value, company_id, found)


def _assert_no_leak(url, response, world):
    import json

    company = world["company"]
    text = response.content.decode()
    where = f"{url} ({response.status_code})"
    if "/organisations/" in url:
        # The company's own profile names it; it must not name its anonymous need.
        assert world["need"].title not in text, where
        return
    body = (
        response.json()
        if text and response["Content-Type"].startswith("application/json")
        else text
    )
    if not isinstance(body, str):
        refs: list = []
        _organisation_refs(body, company.pk, refs)
        assert not refs, (where, refs)
        text = json.dumps(_without_organisation_profiles(body), ensure_ascii=False)
    for secret in (company.name, company.slug, company.business_id, *_secrets(world)[:2]):
        assert secret not in text, (where, secret)


@pytest.mark.parametrize("viewer", ["anonymous", "provider"])
def test_no_endpoint_of_the_schema_tells_an_outsider_the_hidden_company(api_client, world, viewer):
    if viewer == "provider":
        api_client.force_authenticate(user=world["provider"])
    company, decoy, need = world["company"], world["decoy"], world["need"]
    asked = 0
    for path, parameters in _schema_gets():
        query = [p for p in parameters if p["in"] == "query"]
        names = {p["name"] for p in query}
        for url in _path_values(path, api_client, world):
            requests: list[dict[str, object]] = [{}]
            for parameter in query:
                for value in _query_values(parameter["name"], parameter["schema"], world):
                    requests.append({parameter["name"]: value, "visibility": "anonymous"})
            if "ordering" in names:
                by_company = {"organisation": company.pk} if "organisation" in names else {}
                for ordering in _ordering_values(url):
                    requests.append({"ordering": ordering, "visibility": "anonymous", **by_company})
            for params in requests:
                response = api_client.get(url, params)
                asked += 1
                assert response.status_code < 500, (url, params)
                _assert_no_leak(url, response, world)
            if "organisation" in names:
                # Asking by the hidden company answers exactly as asking by a company that
                # has no anonymous needs at all.
                hidden = api_client.get(
                    url, {"organisation": company.pk, "visibility": "anonymous"}
                )
                control = api_client.get(url, {"organisation": decoy.pk, "visibility": "anonymous"})
                assert (hidden.status_code, hidden.json()) == (control.status_code, control.json())
            if "q" in names and path.startswith("/api/search/"):
                found = api_client.get(url, {"q": company.name}).json()
                rows = found.get("results", []) if isinstance(found, dict) else found
                assert not [r for r in rows if r["type"] == "need" and r["id"] == need.pk], url
    assert asked > 200


@pytest.mark.parametrize("viewer", ["anonymous", "provider"])
def test_no_page_a_provider_opens_names_the_hidden_company_with_its_need(client, world, viewer):
    from django.urls import reverse

    if viewer == "provider":
        client.force_login(world["provider"])
    company, need = world["company"], world["need"]
    # Pages that list organisations name the company as an organisation, which is public:
    # they must not show its anonymous need.
    for url in (reverse("search") + "?q=" + company.name, reverse("organisation_list")):
        response = client.get(url)
        assert response.status_code == 200, url
        assert need.title not in response.content.decode(), url
    pages = [
        reverse("need_directory"),
        reverse("need_directory") + "?q=Salainen",
        need.get_absolute_url(),
        reverse("search") + "?q=weld&type=need",
        reverse("search") + "?q=weld",
        world["service"].get_absolute_url(),
        world["service"].provider.get_absolute_url(),
        reverse("landing"),
        reverse("insights_open"),
    ]
    if viewer == "provider":
        pages += [
            reverse("insights_provider_gaps"),
            reverse("insights_my_follow_ups"),
            reverse("home"),
            reverse("my_matches"),
            reverse("match_detail", args=[world["match"].pk]),
            reverse("notification_list") if _has_url("notification_list") else reverse("home"),
        ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for secret in (company.name, company.slug, company.business_id, *_secrets(world)[:2]):
            assert secret not in text, (url, secret)
    # The company's own page shows the company, but not its anonymous need.
    own = client.get(company.get_absolute_url()).content.decode()
    assert need.title not in own


def _has_url(name):
    from django.urls import NoReverseMatch, reverse

    try:
        reverse(name)
    except NoReverseMatch:
        return False
    return True


# --- the funding path, imports and personal data (issues 13 and 14) -------------------


@pytest.mark.parametrize("viewer", ["provider", "other_coordinator"])
def test_no_funding_import_or_privacy_page_names_the_hidden_company(client, world, viewer):
    """Before consent the provider knows the need, not its company; a coordinator of
    another region knows neither. The funding catalogue, calendar (with a call that fits
    the need), fit, EEN profile, application form, import and privacy pages keep it so."""
    from django.urls import reverse

    company, need, match = world["company"], world["need"], world["match"]
    instrument = factories.InstrumentFactory.create(name="Kasvurahoitus")
    factories.CallFactory.create(instrument=instrument, title="Spring call")
    if viewer == "provider":
        user = world["provider"]
    else:
        user = factories.UserFactory.create()
        factories.ClusterFactory.create(region=factories.region("19")).coordinators.add(user)
        user = factories.with_totp(user)
    client.force_login(user)
    pages = [
        reverse("funding_instrument_list"),
        reverse("funding_instrument_detail", args=[instrument.slug]),
        reverse("funding_calendar"),
        reverse("funding_calendar") + f"?region={need.region_id}",
        reverse("funding_partnership_list"),
        reverse("funding_plan_list"),
        reverse("funding_een_profile", args=[need.pk]),
        reverse("funding_een_profile", args=[need.pk]) + "?format=json",
        reverse("funding_application_create", args=[match.pk]),
        reverse("match_detail", args=[match.pk]),
        need.get_absolute_url(),
        reverse("import_list"),
        reverse("privacy_notice"),
        reverse("privacy_account"),
        reverse("privacy_staff"),
        reverse("duplicates"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code < 500, url
        text = response.content.decode(errors="replace")
        for secret in (company.name, company.slug, company.business_id, *_secrets(world)[:2]):
            assert secret not in text, (url, response.status_code, secret)
    # Only the company, its coordinators and staff export the EEN profile.
    assert client.get(reverse("funding_een_profile", args=[need.pk])).status_code in (403, 404)
