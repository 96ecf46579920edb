"""E-mails are written to an outbox in the writing transaction and survive a missing broker."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from notifications.models import EmailStatus, OutboundEmail
from notifications.outbox import email_deliver, email_queue
from notifications.tasks import sweep_outbox

pytestmark = pytest.mark.django_db


def test_queued_email_is_sent_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(
            to="a@example.org", subject="Hello", body_text="Text", body_html="<p>Text</p>"
        )
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT and email.attempts == 1
    message = mail.outbox[0]
    assert isinstance(message, EmailMultiAlternatives)
    assert message.alternatives[0][1] == "text/html"


def test_rolled_back_transaction_leaves_no_email(django_capture_on_commit_callbacks):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        email_queue(to="a@example.org", subject="Hello", body_text="Text")
        raise RuntimeError("the surrounding write failed")
    assert not OutboundEmail.objects.exists()
    assert mail.outbox == []


def test_delivering_twice_sends_once():
    email = OutboundEmail.objects.create(to="a@example.org", subject="S", body_text="B")
    assert email_deliver(email_id=email.pk) is True
    assert email_deliver(email_id=email.pk) is False
    assert len(mail.outbox) == 1


def test_same_idempotency_key_queues_one_email():
    first = email_queue(to="a@example.org", subject="S", body_text="B", idempotency_key="k1")
    second = email_queue(to="a@example.org", subject="S", body_text="B", idempotency_key="k1")
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1


def test_broker_down_keeps_the_email_for_the_sweep(django_capture_on_commit_callbacks):
    from notifications.tasks import deliver_email

    with (
        mock.patch.object(
            deliver_email, "apply_async", side_effect=ConnectionRefusedError("broker down")
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        email = email_queue(to="a@example.org", subject="S", body_text="B")
    email.refresh_from_db()
    assert email.status == EmailStatus.PENDING
    assert mail.outbox == []
    assert sweep_outbox() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT


def test_failed_send_is_retried_later_then_marked_dead(settings):
    settings.EMAIL_MAX_ATTEMPTS = 2
    email = OutboundEmail.objects.create(to="a@example.org", subject="S", body_text="B")
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("smtp down")
    ):
        assert email_deliver(email_id=email.pk) is False
        email.refresh_from_db()
        assert email.status == EmailStatus.PENDING
        assert email.next_attempt_at is not None
        assert email.next_attempt_at > timezone.now()
        assert "smtp down" in email.last_error
        # Not due yet: the sweep leaves it alone.
        assert sweep_outbox() == 0
        OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
        assert email_deliver(email_id=email.pk) is False
    email.refresh_from_db()
    assert email.status == EmailStatus.DEAD


def test_sweep_releases_claims_of_dead_workers():
    stale = timezone.now() - timedelta(hours=1)
    email = OutboundEmail.objects.create(
        to="a@example.org", subject="S", body_text="B", status=EmailStatus.SENDING, claimed_at=stale
    )
    assert sweep_outbox() == 1
    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
