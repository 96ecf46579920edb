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
