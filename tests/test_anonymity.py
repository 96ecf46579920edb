"""A need published "company hidden" keeps its company hidden from everyone not allowed to know.

Allowed: members of the company, coordinators of the need's clusters, staff (the rule
`companies.view_need_company`). Everyone else learns nothing of the company: not from a
body, a filter, an ordering, a count, a facet, an error message or a timeline.
"""

from __future__ import annotations

import pytest

from accounts.rules import need_company_visible_q
from companies.models import DevelopmentNeed, NeedStatus, NeedVisibility

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
    from matchmaking import brokering

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
    body = api_client.get(f"/api/v1/matches/{match.pk}/").json()
    note = [event for event in body["events"] if event["text"] == "We would like to hear more."]
    assert [event["actor"] for event in note] == ["The company"]
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
    assert "The company" in pages[0]


def test_after_consent_the_provider_sees_who_wrote(api_client, interest):
    from matchmaking import brokering

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
    from matchmaking import brokering
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

    from matchmaking import brokering

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
        return response.status_code, response.content

    for need in hidden_needs:
        assert api(need.pk) == api(missing)
        assert page(need.pk) == page(missing)
    assert api(missing)[0] == 400
