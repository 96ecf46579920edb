"""Writing e-mails to the outbox and handing them to Celery after commit."""

from __future__ import annotations

import logging
import random
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from core.jobs import enqueue_after_commit
from core.text import one_line

from .models import EmailStatus, OutboundEmail

logger = logging.getLogger(__name__)


def _stale_before(now: Any) -> Any:
    """Claims older than this belong to a worker that died mid-send (killed, OOM...)."""
    return now - timedelta(seconds=settings.EMAIL_CLAIM_TIMEOUT)


def email_queue(
    *,
    to: str,
    subject: str,
    body_text: str,
    body_html: str = "",
    from_email: str = "",
    idempotency_key: str | None = None,
) -> OutboundEmail:
    from .tasks import deliver_email

    with transaction.atomic():
        if idempotency_key:
            email, created = OutboundEmail.objects.get_or_create(
                idempotency_key=idempotency_key,
                defaults={
                    "to": to,
                    "subject": one_line(subject)[:255],
                    "body_text": body_text,
                    "body_html": body_html,
                    "from_email": from_email,
                },
            )
            if not created:
                return email
        else:
            email = OutboundEmail.objects.create(
                to=to,
                subject=one_line(subject)[:255],
                body_text=body_text,
                body_html=body_html,
                from_email=from_email,
            )
        enqueue_after_commit(deliver_email, email.pk)
    return email


def retry_delay(attempt: int) -> timedelta:
    """Exponential backoff with jitter: about 1, 2, 4, 8... minutes, capped at one hour."""
    base = min(60 * 2 ** max(attempt - 1, 0), 3600)
    return timedelta(seconds=base + random.uniform(0, base / 4))


def email_deliver(*, email_id: int) -> bool:
    """Send one outbox e-mail. Returns True when this call sent it.

    The conditional update is the lock: of two workers handed the same id, one claims it.
    """
    now = timezone.now()
    due = Q(status=EmailStatus.PENDING) & (
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    )
    # A redelivered task takes over from a worker that died between claim and send.
    abandoned = Q(status=EmailStatus.SENDING, claimed_at__lt=_stale_before(now))
    claimed = OutboundEmail.objects.filter(due | abandoned, pk=email_id).update(
        status=EmailStatus.SENDING, attempts=F("attempts") + 1, claimed_at=now
    )
    if claimed != 1:
        return False
    email = OutboundEmail.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=one_line(email.subject),
        body=email.body_text,
        from_email=email.from_email or settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    try:
        message.send()
    except Exception as exc:  # SMTP and socket errors alike: record and retry later
        dead = email.attempts >= settings.EMAIL_MAX_ATTEMPTS
        OutboundEmail.objects.filter(pk=email_id).update(
            status=EmailStatus.DEAD if dead else EmailStatus.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=None if dead else timezone.now() + retry_delay(email.attempts),
        )
        logger.warning("Sending e-mail %s failed (attempt %s)", email_id, email.attempts)
        return False
    OutboundEmail.objects.filter(pk=email_id).update(
        status=EmailStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return True


def outbox_due_ids(*, limit: int = 500) -> list[int]:
    """Ids of e-mails that should be sent now, releasing claims of workers that died."""
    now = timezone.now()
    OutboundEmail.objects.filter(
        status=EmailStatus.SENDING, claimed_at__lt=_stale_before(now)
    ).update(status=EmailStatus.PENDING)
    return list(
        OutboundEmail.objects.filter(
            Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
            status=EmailStatus.PENDING,
        )
        .order_by("created_at")
        .values_list("pk", flat=True)[:limit]
    )
