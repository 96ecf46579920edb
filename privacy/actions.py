"""Writes for the data protection rights: export, erasure and the retention of inactive
accounts. Staff act on a person's request through the same functions; each act is logged
in the audit trail without the person's name or address."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Cast, Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import Membership, MembershipRole, Organisation
from accounts.scope import forget_scope
from core import jobs
from core.models import AuditEntry
from notifications.notify import notify
from notifications.outbox import email_queue

from . import export as exporting
from .models import DataExport, ExportStatus, InactivityWarning

logger = logging.getLogger(__name__)

REMOVED = "removed user"
# Not one of the notification preferences: the person asked for this message.
DATA_EXPORT_EVENT = "data_export"
# Shorter names would be replaced inside unrelated words.
MIN_NAME_LENGTH = 4


def _log(by: Any, action: str, user: Any, **changes: Any) -> None:
    AuditEntry.objects.create(
        actor=by if getattr(by, "pk", None) and by.pk != user.pk else None,
        action=action,
        object_type="accounts.user",
        object_id=user.pk,
        object_repr=REMOVED if action == "erase" else f"user {user.pk}",
        changes=changes,
    )


def _check_actor(user: Any, by: Any) -> None:
    if by is not None and by.pk != user.pk and not by.is_staff:
        raise PermissionDenied("Only the person or staff act on a person's data.")


@transaction.atomic
def data_export_request(*, user: Any, by: Any) -> DataExport:
    """Start preparing the zip; the person is notified with a link when it is ready."""
    _check_actor(user, by)
    if DataExport.objects.filter(user=user, status=ExportStatus.PENDING).exists():
        raise ValidationError(_("Your data is already being prepared."))
    requested = DataExport.objects.create(user=user, requested_by=by if by.pk != user.pk else None)
    if by.pk != user.pk:
        _log(by, "export_by_staff", user, export=requested.pk)
    jobs.dispatch_after_commit("privacy.tasks.prepare_export", requested.pk)
    return requested


def data_export_prepare(export_id: int) -> None:
    """The background half: build the archive, mark it ready, notify the person."""
    requested = (
        DataExport.objects.select_related("user")
        .filter(pk=export_id, status=ExportStatus.PENDING)
        .first()
    )
    if requested is None:
        return
    try:
        content = exporting.archive(requested.user)
    except Exception:
        logger.exception("Preparing data export %s failed", export_id)
        DataExport.objects.filter(pk=export_id).update(status=ExportStatus.FAILED)
        return
    with transaction.atomic():
        changed = DataExport.objects.filter(pk=export_id, status=ExportStatus.PENDING).update(
            status=ExportStatus.READY, archive=content, ready_at=timezone.now()
        )
        if changed:
            notify(
                recipients=[requested.user],
                event=DATA_EXPORT_EVENT,
                object_key=f"export:{export_id}",
                title=gettext_lazy("Your personal data is ready to download"),
                url=reverse("privacy_account"),
            )


def ownership_plan(user: Any) -> tuple[list[tuple[Organisation, Any]], list[Organisation]]:
    """The stated rule for organisations the person alone owns: the longest-standing other
    member becomes the owner; an organisation with no other member is closed (archived)."""
    handed: list[tuple[Organisation, Any]] = []
    closed: list[Organisation] = []
    owned = Membership.objects.filter(user=user, role=MembershipRole.OWNER).select_related(
        "organisation"
    )
    for membership in owned:
        others = Membership.objects.filter(organisation=membership.organisation).exclude(user=user)
        if others.filter(role=MembershipRole.OWNER).exists():
            continue
        successor = others.select_related("user").order_by("created_at", "pk").first()
        if successor is None:
            closed.append(membership.organisation)
        else:
            handed.append((membership.organisation, successor))
    return handed, closed


def _text_columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField | models.JSONField)
        and not field.primary_key
    ]


def scrub_everywhere(needles: list[str], *, skip: tuple[type[models.Model], ...] = ()) -> int:
    """Replace each needle (a name, an address) with "removed user" in every text column
    of every table, and in stored files (binary columns). Returns the rows changed."""
    changed = 0
    for model in apps.get_models():
        if model in skip or model._meta.proxy or not model._meta.managed:
            continue
        for field in _text_columns(model):
            lookup = field.name
            manager = model._default_manager
            if isinstance(field, models.JSONField):
                manager = manager.annotate(_as_text=Cast(field.name, models.TextField()))
                lookup = "_as_text"
            query = Q()
            for needle in needles:
                query |= Q(**{f"{lookup}__icontains": needle})
            for row in manager.filter(query).iterator():
                value = getattr(row, field.attname)
                cleaned = _replace(value, needles)
                if cleaned != value:
                    model._default_manager.filter(pk=row.pk).update(**{field.attname: cleaned})
                    changed += 1
        for field in model._meta.concrete_fields:
            if isinstance(field, models.BinaryField):
                changed += _scrub_binary(model, field, needles)
    return changed


def _replace(value: Any, needles: list[str]) -> Any:
    import re

    if isinstance(value, str):
        for needle in needles:
            value = re.sub(re.escape(needle), REMOVED, value, flags=re.IGNORECASE)
        return value
    if isinstance(value, dict):
        return {_replace(k, needles): _replace(v, needles) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(item, needles) for item in value]
    return value


def _scrub_binary(model: type[models.Model], field: Any, needles: list[str]) -> int:
    changed = 0
    encoded = [
        needle.encode(encoding)
        for needle in needles
        for encoding in ("utf-8", "cp1252", "utf-16-le")
        if _encodable(needle, encoding)
    ]
    for pk, content in model._default_manager.values_list("pk", field.attname).iterator():
        if not content:
            continue
        data = bytes(content)
        cleaned = data
        for needle in encoded:
            cleaned = cleaned.replace(needle, REMOVED.encode())
        if cleaned != data:
            model._default_manager.filter(pk=pk).update(**{field.attname: cleaned})
            changed += 1
    return changed


def _encodable(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except UnicodeEncodeError:
        return False
    return True


@transaction.atomic
def user_erase(*, user: Any, by: Any, reason: str = "") -> Any:
    """Remove the person's personal data and keep the shape of what they took part in.

    Organisations they alone owned are handed over or closed (ownership_plan); their
    memberships, addresses, tokens, second factors, saved searches, notifications and
    e-mails are deleted; their name and address are replaced by "removed user" wherever
    they were written; the search documents that showed them are queued for an update.
    """
    _check_actor(user, by)
    user_model = get_user_model()
    user = user_model.objects.select_for_update().get(pk=user.pk)
    if user.erased_at:
        return user
    if user.is_superuser and by is not None and by.pk == user.pk:
        raise ValidationError(_("A superuser account is removed by another administrator."))
    needles = [user.email]
    if len(user.phone) >= MIN_NAME_LENGTH:
        needles.append(user.phone)
    if len(user.full_name) >= MIN_NAME_LENGTH:
        needles.append(user.full_name)
    handed, closed = ownership_plan(user)
    for organisation, successor in handed:
        Membership.objects.filter(pk=successor.pk).update(role=MembershipRole.OWNER)
        AuditEntry.objects.create(
            actor=None,
            action="handover",
            object_type="accounts.organisation",
            object_id=organisation.pk,
            object_repr=str(organisation)[:200],
            changes={"new_owner": successor.user_id},
        )
        forget_scope(successor.user)
    now = timezone.now()
    for organisation in closed:
        Organisation.objects.filter(pk=organisation.pk, archived_at__isnull=True).update(
            archived_at=now
        )
        AuditEntry.objects.create(
            actor=None,
            action="close",
            object_type="accounts.organisation",
            object_id=organisation.pk,
            object_repr=str(organisation)[:200],
            changes={"reason": "sole owner erased"},
        )
    organisation_ids = list(
        Membership.objects.filter(user=user).values_list("organisation_id", flat=True)
    )
    service_ids = list(
        apps.get_model("services.RDService")
        .objects.filter(Q(contact_person=user) | Q(created_by=user))
        .values_list("pk", flat=True)
    )
    need_ids = list(
        apps.get_model("companies.DevelopmentNeed")
        .objects.filter(created_by=user)
        .values_list("pk", flat=True)
    )
    _delete_personal_rows(user)
    apps.get_model("services.RDService").objects.filter(contact_person=user).update(
        contact_person=None
    )
    user.email = f"removed-{user.pk}@removed.invalid"
    user.full_name = user.first_name = user.last_name = user.phone = ""
    user.is_active = user.is_staff = user.is_superuser = False
    user.erased_at = now
    user.set_unusable_password()
    user.save()
    scrub_everywhere(needles, skip=(user_model,))
    _log(
        by,
        "erase",
        user,
        by_staff=bool(by is not None and by.pk != user.pk),
        reason=reason[:200],
        handed_over=[organisation.pk for organisation, _s in handed],
        closed=[organisation.pk for organisation in closed],
    )
    from search.actions import index_many_later

    index_many_later("organisation", organisation_ids + [o.pk for o in closed])
    index_many_later("service", service_ids)
    index_many_later("need", need_ids)
    forget_scope(user)
    return user


def _delete_personal_rows(user: Any) -> None:
    from django.contrib.sessions.models import Session

    for label, link in (
        ("accounts.Membership", "user"),
        ("account.EmailAddress", "user"),
        ("authtoken.Token", "user"),
        ("mfa.Authenticator", "user"),
        ("search.SavedSearch", "user"),
        ("notifications.Notification", "recipient"),
        ("notifications.Preference", "user"),
        ("privacy.DataExport", "user"),
        ("privacy.InactivityWarning", "user"),
    ):
        apps.get_model(label)._default_manager.filter(**{link: user}).delete()
    apps.get_model("accounts.Invitation").objects.filter(email__iexact=user.email).delete()
    apps.get_model("notifications.OutboundEmail").objects.filter(to__iexact=user.email).delete()
    apps.get_model("taxonomy.Cluster").coordinators.through.objects.filter(user=user).delete()
    # Sessions store the user's id only inside their encoded data.
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()


def inactive_accounts_sweep(*, now: Any = None) -> tuple[int, int]:
    """Warn accounts unused for PRIVACY_INACTIVE_DAYS; erase those still unused
    PRIVACY_GRACE_DAYS after the warning. Returns (warned, erased)."""
    now = now or timezone.now()
    user_model = get_user_model()
    cutoff = now - timedelta(days=settings.PRIVACY_INACTIVE_DAYS)
    # Signing in after the warning keeps the account.
    InactivityWarning.objects.filter(user__last_login__gt=models.F("warned_at")).delete()
    inactive = (
        user_model.objects.filter(is_active=True, is_staff=False, erased_at__isnull=True)
        .annotate(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lt=cutoff, inactivity_warning__isnull=True)
    )
    warned = 0
    for user in inactive.iterator():
        with transaction.atomic():
            InactivityWarning.objects.create(user=user, warned_at=now)
            _send_warning(user)
        warned += 1
    erased = 0
    due = InactivityWarning.objects.filter(
        warned_at__lt=now - timedelta(days=settings.PRIVACY_GRACE_DAYS)
    ).select_related("user")
    for warning in due.iterator():
        user_erase(user=warning.user, by=None, reason="inactive")
        erased += 1
    return warned, erased


def _send_warning(user: Any) -> None:
    with translation.override(user.language or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "days": settings.PRIVACY_GRACE_DAYS,
            "login_url": settings.SITE_URL + reverse("account_login"),
        }
        email_queue(
            to=user.email,
            subject=settings.ACCOUNT_EMAIL_SUBJECT_PREFIX
            + _("Your account will be removed unless you sign in"),
            body_text=render_to_string("privacy/email/inactivity_warning.txt", context),
            idempotency_key=f"inactivity:{user.pk}:{user.last_login or user.date_joined:%Y%m%d}",
        )
