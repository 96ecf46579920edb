"""Titles and names are one line: control characters are refused, e-mail subjects stay valid."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from companies.models import DevelopmentNeed
from notifications.models import EmailStatus, OutboundEmail
from notifications.outbox import email_deliver, email_queue
from taxonomy.models import NeedCategory

from . import factories
from .test_api_crud import _need_payload, _service_payload

CONTROL = ["Line one\nline two", "Tab\there", "Bell\x07", "Return\rhere", "Sep\u2028here"]


@pytest.mark.django_db
@pytest.mark.parametrize("title", CONTROL)
def test_api_need_title_with_a_control_character_is_a_400_on_the_title(
    api_client, company_member, title
):
    api_client.force_login(company_member.user)
    response = api_client.post(
        "/api/v1/needs/", _need_payload(company_member.organisation_id, title=title), format="json"
    )
    assert response.status_code == 400
    assert "title" in response.json()
    assert not DevelopmentNeed.objects.exists()


@pytest.mark.django_db
def test_api_service_title_and_organisation_name_refuse_newlines(api_client, provider_member):
    api_client.force_login(provider_member.user)
    service = api_client.post(
        "/api/v1/services/",
        _service_payload(provider_member.organisation_id, title="Two\nlines"),
        format="json",
    )
    assert service.status_code == 400 and "title" in service.json()
    organisation = api_client.post(
        "/api/v1/organisations/",
        {"name": "Two\nlines Oy", "kind": "company", "business_id": factories.valid_business_id(5)},
        format="json",
    )
    assert organisation.status_code == 400 and "name" in organisation.json()


@pytest.mark.django_db
def test_need_form_shows_a_field_error_for_a_newline_in_the_title(client, company_member):
    client.force_login(company_member.user)
    response = client.post(
        reverse("need_create"),
        {
            "organisation": company_member.organisation_id,
            "title": "Kiertotalous\nBcc: everyone@example.org",
            "description": "Haluamme testata kierrätysmuovin lujuuden.",
            "language": "fi",
            "category": NeedCategory.objects.get(slug="testing").pk,
            "budget": "5k_20k",
            "visibility": "public",
        },
    )
    assert response.status_code == 200
    assert "title" in response.context["form"].errors
    assert not DevelopmentNeed.objects.exists()


@pytest.mark.django_db
def test_an_email_whose_subject_has_a_newline_is_sent_on_one_line(
    django_capture_on_commit_callbacks,
):
    # A title stored before the validator existed must not kill every e-mail about it.
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(
            to="a@example.org", subject="New need:\n  Two\r\nlines\t!", body_text="x"
        )
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert mail.outbox[0].subject == "New need: Two lines !"


@pytest.mark.django_db
def test_a_stored_subject_with_a_newline_is_still_delivered():
    email = OutboundEmail.objects.create(to="a@example.org", subject="Old\nrow", body_text="x")
    assert email_deliver(email_id=email.pk)
    assert mail.outbox[0].subject == "Old row"
