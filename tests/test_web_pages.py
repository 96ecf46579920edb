"""The server-rendered flows: onboarding, organisations, needs, services, invitations."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import Membership, Organisation
from companies.models import DevelopmentNeed, NeedStatus
from services.models import RDService, ServiceStatus
from taxonomy.models import NeedCategory, Region, ServiceType

from . import factories

pytestmark = pytest.mark.django_db


def _org_form(**overrides):
    data = {
        "name": "Kuusamo Koneistus Oy",
        "kind": "company",
        "business_id": "0112038-9",
        "sme_size": "small",
        "region": Region.objects.get(code="19").pk,
        "languages": ["fi"],
        "website": "kuusamo.example",
    }
    data.update(overrides)
    return data


def test_invalid_business_id_is_rejected_with_a_message(client):
    client.force_login(factories.UserFactory.create(language="en"))
    response = client.post(
        reverse("organisation_create"),
        _org_form(business_id="0112038-1"),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["business_id"]
    assert "check digit" in errors[0]
    assert "check digit" in response.content.decode()
    assert not Organisation.objects.exists()


def test_company_needs_a_business_id(client):
    client.force_login(factories.UserFactory.create())
    response = client.post(reverse("organisation_create"), _org_form(business_id=""))
    assert response.status_code == 200
    assert response.context["form"].errors["business_id"]


def test_municipality_must_be_in_the_region(client):
    from taxonomy.models import Municipality

    client.force_login(factories.UserFactory.create())
    lahti = Municipality.objects.get(name_fi="Lahti")
    response = client.post(reverse("organisation_create"), _org_form(municipality=lahti.pk))
    assert response.context["form"].errors["municipality"]


def test_creating_an_organisation_makes_you_its_owner(client):
    user = factories.UserFactory.create()
    client.force_login(user)
    response = client.post(reverse("organisation_create"), _org_form())
    organisation = Organisation.objects.get()
    assert response.url == organisation.get_absolute_url()
    assert organisation.website == "https://kuusamo.example"
    assert Membership.objects.get(user=user).role == "owner"


def test_post_and_publish_a_need_through_the_form(client, company_member):
    client.force_login(company_member.user)
    response = client.post(
        reverse("need_create"),
        {
            "organisation": company_member.organisation_id,
            "title": "Kiertotalouden materiaalitestaus",
            "description": "Haluamme testata kierrätysmuovin lujuuden.",
            "language": "fi",
            "category": NeedCategory.objects.get(slug="testing").pk,
            "keywords": "kierrätysmuovi, lujuus",
            "budget": "5k_20k",
            "visibility": "public",
            "publish": "1",
        },
    )
    need = DevelopmentNeed.objects.get()
    assert response.url == need.get_absolute_url()
    assert need.status == NeedStatus.PUBLISHED
    assert need.keywords == ["kierrätysmuovi", "lujuus"]
    assert need.region_id == company_member.organisation.region_id
    assert need.title in client.get(reverse("need_directory")).content.decode()


def test_need_form_shows_domain_errors_and_saves_nothing(client, company_member):
    client.force_login(company_member.user)
    response = client.post(
        reverse("need_create"),
        {
            "organisation": company_member.organisation_id,
            "title": "T",
            "description": "D",
            "language": "fi",
            "category": NeedCategory.objects.get(slug="testing").pk,
            "budget": "unknown",
            "visibility": "public",
            "trl_now": 7,
            "trl_target": 2,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["trl_target"]
    assert not DevelopmentNeed.objects.exists()


def test_user_without_company_is_sent_to_onboarding(client, provider_member):
    client.force_login(provider_member.user)
    assert client.get(reverse("need_create")).url == reverse("onboarding")


def test_close_a_need_with_a_reason(client, company_member):
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    client.force_login(company_member.user)
    client.post(
        reverse("need_transition", args=[need.pk, "close"]),
        {"reason": "no_longer_needed", "note": "Done"},
    )
    need.refresh_from_db()
    assert need.status == NeedStatus.CLOSED and need.close_reason == "no_longer_needed"


def test_list_and_publish_a_service_through_the_form(client, provider_member):
    client.force_login(provider_member.user)
    response = client.post(
        reverse("service_create"),
        {
            "provider": provider_member.organisation_id,
            "title": "Kylmätestaus",
            "description": "Testaamme laitteita pakkasessa.",
            "languages": ["fi", "en"],
            "service_type": ServiceType.objects.get(slug="testing-analysis").pk,
            "price_model": "quote",
            "availability": "available",
            "save": "1",
        },
    )
    service = RDService.objects.get()
    assert response.url == service.get_absolute_url()
    assert service.status == ServiceStatus.DRAFT
    client.post(reverse("service_transition", args=[service.pk, "publish"]))
    service.refresh_from_db()
    assert service.status == ServiceStatus.PUBLISHED


def test_directory_filters(client, db):
    fi = factories.ServiceFactory.create(title="Remote analysis", remote=True)
    factories.ServiceFactory.create(title="On-site only", remote=False)
    body = client.get(reverse("service_directory") + "?remote=on").content.decode()
    assert fi.title in body and "On-site only" not in body
    assert client.get(reverse("need_directory") + "?category=nonsense").status_code == 200


def test_invitation_by_email_and_acceptance(
    client, company_member, django_capture_on_commit_callbacks
):
    owner = company_member.user
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("organisation_members", args=[company_member.organisation.slug]),
            {"email": "Colleague@Example.org", "role": "member"},
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["colleague@example.org"]
    match = re.search(r"http://127\.0\.0\.1:8000(/invitations/\S+/)", str(mail.outbox[0].body))
    assert match
    path = match.group(1)

    # Someone else cannot use the link.
    stranger = factories.UserFactory.create()
    client.force_login(stranger)
    client.post(path)
    assert not Membership.objects.filter(user=stranger).exists()

    colleague = factories.UserFactory.create(email="colleague@example.org")
    client.force_login(colleague)
    response = client.post(path)
    assert response.url == company_member.organisation.get_absolute_url()
    assert Membership.objects.get(user=colleague).role == "member"
    # The link works once.
    client.post(path)
    assert Membership.objects.filter(user=colleague).count() == 1


def test_last_owner_cannot_leave(client, company_member):
    client.force_login(company_member.user)
    client.post(reverse("membership_update", args=[company_member.pk]), {"action": "remove"})
    assert Membership.objects.filter(pk=company_member.pk).exists()


def test_member_cannot_invite(client, company_member):
    member = factories.MembershipFactory.create(
        organisation=company_member.organisation, role="member"
    )
    client.force_login(member.user)
    response = client.post(
        reverse("organisation_members", args=[company_member.organisation.slug]),
        {"email": "x@example.org", "role": "member"},
    )
    assert response.status_code == 403


def test_language_switch_changes_the_interface(client, db):
    assert "Kehittämistarpeet" in client.get("/", HTTP_ACCEPT_LANGUAGE="fi").content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Development needs" in client.get("/").content.decode()


def test_profile_sets_preferred_language(client, company_member):
    client.force_login(company_member.user)
    client.post(reverse("profile"), {"full_name": "New Name", "language": "fi"})
    company_member.user.refresh_from_db()
    assert company_member.user.language == "fi" and company_member.user.full_name == "New Name"


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/needs/",
        "/services/",
        "/organisations/",
        "/accounts/login/",
        "/accounts/signup/",
        "/api/docs/",
        "/healthz/",
    ],
)
def test_public_pages_answer(client, db, url):
    assert client.get(url).status_code == 200


def test_the_admin_login_leads_to_the_site_login(client, db):
    response = client.get("/admin/login/", follow=True)
    assert response.redirect_chain[-1][0].startswith("/accounts/login/?next=")
    assert response.status_code == 200


def test_every_form_field_has_a_label(client, company_member):
    client.force_login(company_member.user)
    body = client.get(reverse("need_create")).content.decode()
    ids = set(re.findall(r'<(?:input|select|textarea)[^>]*\bid="([^"]+)"', body))
    labelled = set(re.findall(r'<label[^>]*\bfor="([^"]+)"', body))
    assert ids - {"language-switcher"} <= labelled, ids - labelled


def test_api_token_is_created_rotated_and_revoked(client, api_client, company_member):
    client.force_login(company_member.user)
    response = client.post(reverse("api_token"), {"action": "create"})
    first = response.context["new_key"]
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {first}")
    assert api_client.get("/api/v1/me/").status_code == 200

    second = client.post(reverse("api_token"), {"action": "create"}).context["new_key"]
    assert second != first
    assert api_client.get("/api/v1/me/").status_code == 401

    client.post(reverse("api_token"), {"action": "revoke"})
    api_client.credentials(HTTP_AUTHORIZATION=f"Token {second}")
    assert api_client.get("/api/v1/me/").status_code == 401


def test_owner_names_contact_persons_shown_on_the_profile(client, company_member):
    colleague = factories.MembershipFactory.create(
        organisation=company_member.organisation, role="member"
    )
    client.force_login(company_member.user)
    client.post(
        reverse("membership_update", args=[colleague.pk]),
        {"action": "contact", "title": "R&D manager"},
    )
    colleague.refresh_from_db()
    assert colleague.is_contact_person and colleague.title == "R&D manager"
    page = client.get(company_member.organisation.get_absolute_url()).content.decode()
    assert colleague.user.display_name in page and "R&amp;D manager" in page
    client.force_login(colleague.user)
    assert (
        client.post(
            reverse("membership_update", args=[colleague.pk]), {"action": "contact"}
        ).status_code
        == 403
    )
    colleague.refresh_from_db()
    assert colleague.is_contact_person  # a member cannot change it
