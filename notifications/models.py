from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("Waiting to be sent")
    SENDING = "sending", _("Being sent")
    SENT = "sent", _("Sent")
    DEAD = "dead", _("Failed permanently")


class OutboundEmail(models.Model):
    """An e-mail written to the database in the transaction that caused it.

    A Celery task sends it after commit; a periodic sweep sends what a missing broker or a
    crashed worker left behind, so no message is lost when Redis is down.
    """

    to = models.EmailField(_("recipient"))
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    from_email = models.CharField(_("sender"), max_length=255, blank=True)
    idempotency_key = models.CharField(max_length=255, unique=True, null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=8,
        choices=EmailStatus.choices,
        default=EmailStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")

    def __str__(self) -> str:
        return f"{self.to}: {self.subject}"


class Event(models.TextChoices):
    NEW_PROPOSAL = "new_proposal", _("New proposal in my clusters")
    INTRODUCTION = "introduction", _("I am introduced to a partner")
    PARTY_ANSWER = "party_answer", _("A party answers an introduction")
    INTEREST = "interest", _("Interest in a need or a question about a service")
    FOLLOW_UP_DUE = "follow_up_due", _("A follow-up task is due")
    NEED_STALLED = "need_stalled", _("My need has had no progress")
    NEED_EXPIRING = "need_expiring", _("My need is about to expire")
    WEEKLY_DIGEST = "weekly_digest", _("Weekly digest of new needs and saved searches")
    FUNDING_CALL = "funding_call_closing", _("A funding call that may fit my need closes soon")
    RATING_REQUEST = "rating_request", _("I am asked whether an introduction was useful")
    IMPACT_FORM = "impact_form_due", _("An impact follow-up form is due")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("Immediately")
    DAILY = "daily", _("Daily digest")
    WEEKLY = "weekly", _("Weekly digest")
    OFF = "off", _("Off")


class Preference(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(_("event"), max_length=24, choices=Event.choices)
    delivery = models.CharField(
        _("e-mail"), max_length=12, choices=Delivery.choices, default=Delivery.IMMEDIATELY
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="uniq_notification_preference")
        ]
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}: {self.delivery}"


class Notification(models.Model):
    """One in-app item; its e-mail goes through the outbox with the same idempotency key."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    event = models.CharField(_("event"), max_length=24, choices=Event.choices)
    key = models.CharField(max_length=255, unique=True)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.title
