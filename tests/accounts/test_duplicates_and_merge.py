"""Duplicate organisations are found by name (legal forms aside) and merged keeping every row."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts.actions import organisation_merge, organisation_merge_preview
from accounts.dedupe import duplicate_pairs, name_similarity, normalise_name, similar_organisations
from accounts.models import Invitation, Membership, MembershipRole, Organisation
from companies.models import DevelopmentNeed
from core.models import AuditEntry
from matchmaking.models import Match
from services.models import RDService
from taxonomy.models import Cluster
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("Lapin Kone Oy", "lapin kone"),
        ("LAPIN KONE, osakeyhtiö", "lapin kone"),
        ("Oy Lapin Kone Ab", "lapin kone"),
        ("Tmi Maija Mallikas", "maija mallikas"),
        ("Kemin Kalastajat ry", "kemin kalastajat"),
        ("Tornion Teräs Oyj", "tornion teräs"),
        ("Sallan Puu Ky", "sallan puu"),
    ],
)
def test_names_are_compared_without_legal_forms_and_punctuation(name, normalised):
    assert normalise_name(name) == normalised


def test_alike_names_pass_the_threshold_and_different_ones_do_not():
    assert name_similarity("Lapin Kone Oy", "Lapin Koneet Oy") >= 0.85
    assert name_similarity("Lapin Kone Oy", "Kemin Kala Oy") < 0.85
    # Numbers tell firms apart: "Kone 1" and "Kone 2" are not offered as one.
    factories.OrganisationFactory.create(name="Rakennus 1 Oy")
    assert similar_organisations("Rakennus 2 Oy") == []


def test_similar_organisations_and_the_staff_list_find_the_pair():
    first = factories.OrganisationFactory.create(name="Lapin Kone Oy")
    second = factories.OrganisationFactory.create(name="LAPIN KONE, osakeyhtiö")
    factories.OrganisationFactory.create(name="Kemin Kala Oy")

    assert similar_organisations("Lapin kone ab") == [first, second]
    assert [(a, b) for a, b, _r in duplicate_pairs()] == [(first, second)]


def test_the_organisation_form_says_this_may_already_exist_and_creates_on_confirmation(
    client, company_member
):
    existing = factories.OrganisationFactory.create(name="Lapin Kone Oy")
    client.force_login(company_member.user)
    form = {
        "name": "Lapin Kone Ab",
        "kind": "company",
        "business_id": factories.valid_business_id(900),
        "region": existing.region_id,
        "languages": ["fi"],
    }

    response = client.post(reverse("organisation_create"), form)

    assert response.status_code == 200
    assert "This may already exist." in response.content.decode()
    assert existing.get_absolute_url() in response.content.decode()
    assert not Organisation.objects.filter(name="Lapin Kone Ab").exists()

    response = client.post(reverse("organisation_create"), {**form, "not_a_duplicate": "1"})
    assert Organisation.objects.filter(name="Lapin Kone Ab").exists()


def _rows_of(organisation):
    return {
        "needs": set(
            DevelopmentNeed.objects.filter(organisation=organisation).values_list("pk", flat=True)
        ),
        "services": set(
            RDService.objects.filter(provider=organisation).values_list("pk", flat=True)
        ),
        "members": set(
            Membership.objects.filter(organisation=organisation).values_list("user_id", flat=True)
        ),
        "invitations": set(
            Invitation.objects.filter(organisation=organisation).values_list("pk", flat=True)
        ),
    }


def test_merge_moves_every_related_row_to_the_survivor(staff_user, coordinator):
    survivor = factories.OrganisationFactory.create(name="Lapin Kone Oy", description="")
    duplicate = factories.OrganisationFactory.create(
        name="LAPIN KONE, osakeyhtiö", description="Koneistusta", business_id=""
    )
    both = factories.UserFactory.create()
    factories.MembershipFactory.create(organisation=survivor, user=both, role=MembershipRole.MEMBER)
    factories.MembershipFactory.create(
        organisation=duplicate,
        user=both,
        role=MembershipRole.OWNER,
        is_contact_person=True,
        title="CEO",
    )
    only_duplicate = factories.MembershipFactory.create(
        organisation=duplicate, role=MembershipRole.MEMBER
    )
    needs = factories.NeedFactory.create_batch(2, organisation=duplicate)
    service = factories.ServiceFactory.create(provider=duplicate)
    match = Match.objects.create(
        need=needs[0], service=factories.ServiceFactory.create(), created_by=coordinator
    )
    invitation = Invitation.objects.create(organisation=duplicate, email="uusi@example.org")
    cluster = factories.ClusterFactory.create(organisation=duplicate)
    before_survivor, before_duplicate = _rows_of(survivor), _rows_of(duplicate)

    preview = organisation_merge_preview(survivor=survivor, duplicate=duplicate)
    assert preview == {
        "memberships": 2,
        "invitations": 1,
        "clusters": 1,
        "development needs": 2,
        "R&D services": 1,
    }

    organisation_merge(survivor=survivor, duplicate=duplicate, by=staff_user)

    assert not Organisation.objects.filter(pk=duplicate.pk).exists()
    after = _rows_of(survivor)
    for key in after:
        assert after[key] == before_survivor[key] | before_duplicate[key], key
    assert Match.objects.get(pk=match.pk).need.organisation == survivor
    assert RDService.objects.get(pk=service.pk).provider == survivor
    assert Invitation.objects.get(pk=invitation.pk).organisation == survivor
    assert Cluster.objects.get(pk=cluster.pk).organisation == survivor
    kept = Membership.objects.get(organisation=survivor, user=both)
    assert (kept.role, kept.is_contact_person, kept.title) == (MembershipRole.OWNER, True, "CEO")
    assert Membership.objects.get(pk=only_duplicate.pk).organisation == survivor
    survivor.refresh_from_db()
    assert survivor.description == "Koneistusta"
    entry = AuditEntry.objects.get(action="merge")
    assert (entry.actor, entry.object_id) == (staff_user, survivor.pk)
    assert entry.changes["merged_from"] == [duplicate.pk, "LAPIN KONE, osakeyhtiö"]
    assert entry.changes["moved"]["companies.developmentneed"] == 2


def test_the_old_page_redirects_to_the_survivor(client, staff_user):
    survivor = factories.OrganisationFactory.create(name="Lapin Kone Oy")
    duplicate = factories.OrganisationFactory.create(name="Lapin Kone Ab")
    old_url = duplicate.get_absolute_url()

    organisation_merge(survivor=survivor, duplicate=duplicate, by=staff_user)
    response = client.get(old_url)

    assert response.status_code == 301
    assert response.url == survivor.get_absolute_url()
    assert client.get("/organisations/no-such-organisation/").status_code == 404


def test_staff_preview_then_merge_through_the_pages(client, staff_user):
    survivor = factories.OrganisationFactory.create(name="Lapin Kone Oy")
    duplicate = factories.OrganisationFactory.create(name="Lapin Kone Ab")
    factories.NeedFactory.create(organisation=duplicate)
    client.force_login(staff_user)

    listing = client.get(reverse("duplicates"))
    assert "Lapin Kone Ab" in listing.content.decode()
    url = f"{reverse('organisation_merge')}?survivor={survivor.pk}&duplicate={duplicate.pk}"
    preview = client.get(url)
    assert "Development needs" in preview.content.decode()
    assert Organisation.objects.filter(pk=duplicate.pk).exists(), "a preview changes nothing"

    response = client.post(
        reverse("organisation_merge"), {"survivor": survivor.pk, "duplicate": duplicate.pk}
    )

    assert response.url == survivor.get_absolute_url()
    assert DevelopmentNeed.objects.get().organisation == survivor


def test_only_staff_reach_the_duplicates_and_merge_pages(client, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse("duplicates")).status_code == 403
    assert (
        client.post(reverse("organisation_merge"), {"survivor": 1, "duplicate": 2}).status_code
        == 403
    )


def test_a_company_whose_need_was_entered_twice_is_listed(staff_user):
    company = factories.OrganisationFactory.create()
    first = factories.NeedFactory.create(
        organisation=company,
        title="Kosteusmittaus sahalla",
        description="Sahatavaran kosteuden mittaus kuivauksessa.",
        language="fi",
    )
    second = factories.NeedFactory.create(
        organisation=company,
        title="Sahatavaran kosteusmittaus",
        description="Kosteuden mittaus sahatavaran kuivauksessa.",
        language="fi",
    )
    factories.NeedFactory.create(
        organisation=company,
        title="Verkkokauppa",
        description="Uusi verkkokauppa kuluttajille.",
        language="fi",
    )

    from companies.selectors import near_duplicate_needs

    assert [{a.pk, b.pk} for a, b, _s in near_duplicate_needs()] == [{first.pk, second.pk}]
