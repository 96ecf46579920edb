"""A person downloads their data and deletes their account: nothing of their name or
address is left in any table, index document or outbox row."""

from __future__ import annotations

import io
import json
import logging
import zipfile
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.authtoken.models import Token

from accounts.models import Membership, MembershipRole, Organisation, User
from core.models import AuditEntry
from imports import actions as import_actions
from matchmaking.models import Match, MatchEvent
from notifications.models import Notification, OutboundEmail
from notifications.outbox import email_queue
from privacy import actions
from privacy.models import DataExport, ExportStatus, InactivityWarning
from privacy.registry import EXPORTS
from search.actions import saved_search_create
from search.documents import document_for
from search.models import IndexOutbox
from tests import factories

pytestmark = pytest.mark.django_db

NAME, EMAIL, PHONE = "Maija Mallikas", "maija.mallikas@example.org", "+358 40 765 4321"


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def person(coordinator):
    """A person whose name and address are spread over the whole schema."""
    user = factories.UserFactory.create(full_name=NAME, email=EMAIL, phone=PHONE, language="en")
    alone = factories.OrganisationFactory.create(name="Mallikas Tmi")
    factories.MembershipFactory.create(user=user, organisation=alone, role=MembershipRole.OWNER)
    shared = factories.OrganisationFactory.create(name="Lapin Kone Oy")
    factories.MembershipFactory.create(
        user=user,
        organisation=shared,
        role=MembershipRole.OWNER,
        is_contact_person=True,
        title="CEO",
    )
    colleague = factories.MembershipFactory.create(organisation=shared, role=MembershipRole.MEMBER)
    need = factories.NeedFactory.create(
        organisation=shared, created_by=user, description=f"Ask {NAME} ({EMAIL}) for details."
    )
    service = factories.ServiceFactory.create(contact_person=user)
    match = Match.objects.create(need=need, service=service, created_by=coordinator)
    MatchEvent.objects.create(match=match, actor=user, kind="call", text=f"{NAME} called back.")
    AuditEntry.objects.create(
        actor=user,
        action="update",
        object_type="accounts.user",
        object_id=user.pk,
        object_repr=NAME,
    )
    Token.objects.create(user=user)
    saved_search_create(user=user, name="Kosteus", query_string="q=kosteus")
    Notification.objects.create(recipient=user, event="interest", title="Hello", key="k1")
    Notification.objects.create(
        recipient=coordinator, event="interest", title=f"{NAME} is interested", key="k2"
    )
    email_queue(to=EMAIL, subject="Welcome", body_text=f"Hello {NAME}")
    email_queue(to="other@example.org", subject="News", body_text=f"{NAME} joined Lapin Kone.")
    factories.UserFactory.create(email="someone@example.org")
    # An imported member list that names the person.
    content = f"Yritys;Nimi;Sähköposti\n{shared.business_id};{NAME};{EMAIL}\n".encode("cp1252")
    import_actions.import_upload(
        by=coordinator, kind="contacts", source_name="Lista", filename="l.csv", content=content
    )
    return {
        "user": user,
        "alone": alone,
        "shared": shared,
        "colleague": colleague,
        "need": need,
        "service": service,
    }


def _every_value_in_the_database() -> list[tuple[str, str, str]]:
    """(table, column, text) for every non-empty value of every table."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                for column, value in zip(columns, row, strict=True):
                    if isinstance(value, memoryview | bytes):
                        raw = bytes(value)
                        value = raw.decode("utf-8", "ignore") + raw.decode("cp1252", "ignore")
                    if value:
                        found.append((table, column, str(value)))
    return found


def _traces(values, *needles):
    return [
        (table, column)
        for table, column, text in values
        if any(needle.casefold() in text.casefold() for needle in needles)
    ]


def test_the_scan_finds_the_person_before_erasure(person):
    traces = _traces(_every_value_in_the_database(), NAME, EMAIL, PHONE)
    tables = {table for table, _column in traces}
    assert {"accounts_user", "matchmaking_auditentry", "imports_importjob"} <= tables


def test_erasure_leaves_no_trace_of_name_or_email_in_any_table(person, settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # outbox rows are written, never sent
    user = person["user"]

    actions.user_erase(user=user, by=user, reason="own request")

    assert _traces(_every_value_in_the_database(), NAME, EMAIL, PHONE) == []
    user.refresh_from_db()
    with translation.override("en"):
        assert (user.is_active, user.has_usable_password(), str(user)) == (
            False,
            False,
            "removed user",
        )
    assert not Token.objects.filter(user=user).exists()
    assert not Membership.objects.filter(user=user).exists()
    # Timelines keep the event, by "removed user".
    event = MatchEvent.objects.get()
    assert event.actor is not None
    with translation.override("fi"):
        assert (event.actor.display_name, event.text) == (
            "poistettu käyttäjä",
            "removed user called back.",
        )
    # The search documents that showed the person are queued for an update and hold no trace.
    queued = set(IndexOutbox.objects.values_list("doc_type", "object_id"))
    assert ("organisation", person["shared"].pk) in queued
    assert ("service", person["service"].pk) in queued
    for doc_type, pk in queued:
        document = json.dumps(document_for(doc_type, pk) or {}, ensure_ascii=False)
        assert NAME not in document and EMAIL not in document


def test_organisations_the_person_alone_owned_are_handed_over_or_closed(person):
    user = person["user"]

    actions.user_erase(user=user, by=user)

    shared = Membership.objects.get(pk=person["colleague"].pk)
    assert shared.role == MembershipRole.OWNER  # the longest-standing other member
    assert Organisation.objects.get(pk=person["alone"].pk).archived_at is not None
    assert AuditEntry.objects.filter(action="handover", object_id=person["shared"].pk).exists()
    entry = AuditEntry.objects.get(action="erase")
    assert (entry.actor, entry.object_repr) == (None, "removed user")


def test_the_export_holds_every_exported_field_and_is_offered_by_notification(
    client, person, django_capture_on_commit_callbacks
):
    user = person["user"]
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("privacy_export_request"))
    assert response.status_code == 302

    export = DataExport.objects.get(user=user)
    assert export.status == ExportStatus.READY
    notification = Notification.objects.get(recipient=user, event="data_export")
    assert notification.url == reverse("privacy_account")
    page = client.get(reverse("privacy_account")).content.decode()
    download = client.get(reverse("privacy_export_download", args=[export.token]))
    assert reverse("privacy_export_download", args=[export.token]) in page
    assert download["Content-Type"] == "application/zip"

    archive = zipfile.ZipFile(io.BytesIO(download.content))
    data = json.loads(archive.read("data.json"))
    assert set(data) == {export.section for export in EXPORTS}
    for section in EXPORTS:
        for row in data[section.section]:
            assert set(row) == set(section.fields), section.section
    last_login = User.objects.get(pk=user.pk).last_login
    assert last_login is not None  # signed in by the test client
    assert data["account"] == [
        {
            "email": EMAIL,
            "full_name": NAME,
            "phone": PHONE,
            "first_name": "",
            "last_name": "",
            "language": "en",
            "date_joined": user.date_joined.isoformat(),
            "last_login": last_login.isoformat(),
        }
    ]
    assert {row["title"] for row in data["memberships"]} == {"CEO", ""}
    assert data["saved_searches"][0]["query_string"] == "q=kosteus"
    assert data["match_events"][0]["text"] == f"{NAME} called back."
    assert data["emails_to_you"][0]["subject"] == "Welcome"
    assert data["services_as_contact_person"] == [{"title": person["service"].title}]
    csv_text = archive.read("account.csv").decode("utf-8-sig")
    assert EMAIL in csv_text
    assert "someone@example.org" not in json.dumps(data)


def test_nobody_else_downloads_the_export(client, person):
    export = DataExport.objects.create(
        user=person["user"], status=ExportStatus.READY, archive=b"zip"
    )
    client.force_login(factories.UserFactory.create())

    assert client.get(reverse("privacy_export_download", args=[export.token])).status_code == 404


def test_deleting_the_own_account_signs_out(client, person):
    client.force_login(person["user"])

    client.post(reverse("privacy_erase"), {"confirm": "yes"})

    assert client.get(reverse("privacy_account")).status_code == 302  # to the sign-in page
    assert User.objects.get(pk=person["user"].pk).erased_at is not None


def test_staff_act_on_request_and_it_is_logged(client, person, staff_user, coordinator):
    client.force_login(staff_user)
    page = client.get(reverse("privacy_staff"), {"q": EMAIL})
    assert NAME in page.content.decode()

    client.post(
        reverse("privacy_staff"),
        {"user": person["user"].pk, "action": "erase", "reason": "e-mail of 1.2.2027"},
    )

    entry = AuditEntry.objects.get(action="erase")
    assert (entry.actor, entry.changes["by_staff"], entry.changes["reason"]) == (
        staff_user,
        True,
        "e-mail of 1.2.2027",
    )
    client.force_login(coordinator)
    assert client.get(reverse("privacy_staff")).status_code == 403


def test_inactive_accounts_are_warned_then_removed_unless_they_sign_in(settings):
    settings.PRIVACY_INACTIVE_DAYS, settings.PRIVACY_GRACE_DAYS = 365, 30
    now = timezone.now()
    sleeper = factories.UserFactory.create(full_name="Unelias Ukko")
    returner = factories.UserFactory.create()
    active = factories.UserFactory.create()
    User.objects.filter(pk__in=[sleeper.pk, returner.pk]).update(
        last_login=now - timedelta(days=400)
    )
    User.objects.filter(pk=active.pk).update(last_login=now - timedelta(days=3))

    assert actions.inactive_accounts_sweep(now=now) == (2, 0)
    assert OutboundEmail.objects.filter(to=sleeper.email, subject__contains="removed").exists()
    User.objects.filter(pk=returner.pk).update(last_login=now + timedelta(days=1))
    assert actions.inactive_accounts_sweep(now=now + timedelta(days=31)) == (0, 1)

    assert User.objects.get(pk=sleeper.pk).erased_at is not None
    assert User.objects.get(pk=returner.pk).erased_at is None
    assert not InactivityWarning.objects.filter(user=returner).exists()
    assert User.objects.get(pk=active.pk).erased_at is None


def test_no_email_address_reaches_the_log(caplog):
    from core.logging import RedactPersonalData

    logger = logging.getLogger("tests.privacy")
    logger.addFilter(RedactPersonalData())
    with caplog.at_level(logging.INFO, logger="tests.privacy"):
        logger.info("Could not send to %s", EMAIL)

    assert caplog.messages == ["Could not send to <e-mail>"]
    try:
        raise ValueError(f"Key (email)=({EMAIL}) already exists.")
    except ValueError:
        logger.exception("Import failed")
    assert EMAIL not in caplog.text
    assert "Key (email)=(<e-mail>) already exists." in caplog.text


@pytest.mark.parametrize(
    ("language", "heading"), [("en", "Privacy notice"), ("fi", "Tietosuojaseloste")]
)
def test_the_privacy_notice_is_in_finnish_and_english(client, language, heading):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    content = client.get(reverse("privacy_notice")).content.decode()
    assert f"<h1>{heading}</h1>" in content
