"""Writes for users, organisations, memberships and invitations."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from core import audit, merging
from core.domain import clean_choice_list, model_create, model_update, require_perm
from core.models import AuditEntry
from notifications.outbox import email_queue

from .models import (
    CONTENT_LANGUAGE_CODES,
    Invitation,
    Membership,
    MembershipRole,
    Organisation,
    OrganisationKind,
    OrganisationRedirect,
    User,
)
from .scope import forget_scope
from .validators import normalize_business_id, normalize_website

ORGANISATION_FIELDS = (
    "name",
    "kind",
    "business_id",
    "sme_size",
    "industry",
    "region",
    "municipality",
    "website",
    "description",
    "languages",
)


def _unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(name)[:70] or "organisation"
    slug, counter = base, 2
    others = Organisation.objects.all()
    if exclude_pk is not None:
        others = others.exclude(pk=exclude_pk)
    # An old address of a merged organisation keeps leading to the survivor.
    while (
        others.filter(slug=slug).exists()
        or OrganisationRedirect.objects.filter(old_slug=slug).exists()
    ):
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


def _check_organisation(
    data: dict[str, Any], kind: str, *, exclude_pk: int | None = None
) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    if "business_id" in data:
        data["business_id"] = normalize_business_id(data.get("business_id") or "")
        same_id = Organisation.objects.filter(business_id=data["business_id"])
        if exclude_pk is not None:
            same_id = same_id.exclude(pk=exclude_pk)
        if data["business_id"] and same_id.exists():
            errors["business_id"] = [_("An organisation with this business ID already exists.")]
    if kind == OrganisationKind.COMPANY and not data.get("business_id"):
        errors["business_id"] = [_("A company needs its business ID (Y-tunnus).")]
    if kind != OrganisationKind.COMPANY and data.get("sme_size"):
        errors["sme_size"] = [_("The SME size class applies to companies only.")]
    municipality, region = data.get("municipality"), data.get("region")
    if municipality is not None and region is not None and municipality.region_id != region.pk:
        errors["municipality"] = [_("The municipality is not in the chosen region.")]
    if "website" in data:
        try:
            data["website"] = normalize_website(data["website"])
        except ValidationError as exc:
            errors["website"] = exc.messages
    if "languages" in data:
        data["languages"] = clean_choice_list(
            "languages", data["languages"], CONTENT_LANGUAGE_CODES
        )
    if errors:
        raise ValidationError(errors)
    return data


@transaction.atomic
def organisation_create(*, by: User, **fields: Any) -> Organisation:
    data = {key: value for key, value in fields.items() if key in ORGANISATION_FIELDS}
    data = _check_organisation(data, data.get("kind", ""))
    organisation = Organisation(created_by=by, slug=_unique_slug(data.get("name", "")))
    try:
        with transaction.atomic():
            model_create(instance=organisation, data=data)
    except (IntegrityError, ValidationError) as exc:
        # The same form sent twice at once: both passed the checks above, one insert lost.
        raise _organisation_taken(organisation, exc) from exc
    Membership.objects.create(
        user=by, organisation=organisation, role=MembershipRole.OWNER, is_contact_person=True
    )
    forget_scope(by)
    _reindex_organisation(organisation)
    return organisation


def _organisation_taken(organisation: Organisation, exc: Exception) -> Exception:
    """A field error naming what another request has just taken, or `exc` if nothing was."""
    if organisation.business_id and (
        Organisation.objects.filter(business_id=organisation.business_id).exists()
    ):
        return ValidationError(
            {"business_id": [_("An organisation with this business ID already exists.")]}
        )
    if Organisation.objects.filter(slug=organisation.slug).exists():
        return ValidationError(
            {"name": [_("An organisation with this name was created just now.")]}
        )
    return exc


def _reindex_organisation(organisation: Organisation) -> None:
    """The organisation's own document and those that show its name."""
    from search.actions import index_later

    index_later("organisation", organisation.pk)
    for need_id in organisation.needs.values_list("pk", flat=True):
        index_later("need", need_id)
    for service_id in organisation.services.values_list("pk", flat=True):
        index_later("service", service_id)


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, **fields: Any) -> Organisation:
    """Save the fields that differ from the stored organisation, read under a row lock."""
    require_perm(by, "accounts.change_organisation", organisation)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    data = {key: value for key, value in fields.items() if key in ORGANISATION_FIELDS}
    kind = data.get("kind", organisation.kind)
    merged = {
        "region": organisation.region,
        "municipality": organisation.municipality,
        "business_id": organisation.business_id,
        "sme_size": organisation.sme_size,
        **data,
    }
    _check_organisation(merged, kind, exclude_pk=organisation.pk)
    data = {key: merged[key] for key in data}
    organisation, changed = model_update(
        instance=organisation, data=data, fields=ORGANISATION_FIELDS
    )
    if changed:
        _reindex_organisation(organisation)
    return organisation


def _other_owner_exists(membership: Membership) -> bool:
    return (
        Membership.objects.filter(
            organisation_id=membership.organisation_id, role=MembershipRole.OWNER
        )
        .exclude(pk=membership.pk)
        .exists()
    )


@transaction.atomic
def membership_change_role(*, membership: Membership, by: User, role: str) -> Membership:
    require_perm(by, "accounts.manage_members", membership.organisation)
    if role not in MembershipRole.values:
        raise ValidationError({"role": [_("Unknown role.")]})
    # Lock the organisation's owners so two owners cannot demote each other at once.
    list(
        Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id, role=MembershipRole.OWNER
        )
    )
    if (
        role != MembershipRole.OWNER
        and membership.role == MembershipRole.OWNER
        and not _other_owner_exists(membership)
    ):
        raise ValidationError({"role": [_("An organisation must keep at least one owner.")]})
    before = audit.snapshot(membership)
    membership.role = role
    membership.save(update_fields=["role"])
    audit.record(by, "update", membership, before)
    forget_scope(membership.user)
    return membership


@transaction.atomic
def membership_set_contact(
    *, membership: Membership, by: User, is_contact: bool, title: str | None = None
) -> Membership:
    """Owners name the contact persons shown on the organisation's page."""
    require_perm(by, "accounts.manage_members", membership.organisation)
    before = audit.snapshot(membership)
    membership.is_contact_person = is_contact
    if title is not None:
        membership.title = title[:150]
    membership.save(update_fields=["is_contact_person", "title"])
    audit.record(by, "update", membership, before)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    if membership.user_id != by.pk:
        require_perm(by, "accounts.manage_members", membership.organisation)
    list(
        Membership.objects.select_for_update().filter(
            organisation_id=membership.organisation_id, role=MembershipRole.OWNER
        )
    )
    if membership.role == MembershipRole.OWNER and not _other_owner_exists(membership):
        raise ValidationError(
            {"role": [_("The last owner cannot leave; make someone else an owner first.")]}
        )
    audit.record(by, "delete", membership)
    membership.delete()
    forget_scope(by)


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, by: User, email: str, role: str = MembershipRole.MEMBER
) -> Invitation:
    require_perm(by, "accounts.manage_members", organisation)
    email = (email or "").strip().lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError({"email": [_("This person is already a member.")]})
    if Invitation.objects.filter(
        organisation=organisation, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).exists():
        raise ValidationError({"email": [_("An invitation to this address is already open.")]})
    invitation = Invitation(organisation=organisation, email=email, role=role, invited_by=by)
    try:
        with transaction.atomic():
            model_create(instance=invitation, data={})
    except (IntegrityError, ValidationError) as exc:
        # Sent twice at once: the open-invitation constraint lets one of them in.
        if Invitation.objects.filter(
            organisation=organisation,
            email=email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).exists():
            raise ValidationError(
                {"email": [_("An invitation to this address is already open.")]}
            ) from exc
        raise
    _send_invitation(invitation)
    return invitation


def _send_invitation(invitation: Invitation) -> None:
    from django.conf import settings

    accept_url = settings.SITE_URL + reverse("invitation_accept", args=[invitation.token])
    inviter = invitation.invited_by
    language = getattr(inviter, "language", None) or settings.LANGUAGE_CODE
    with translation.override(language):
        context = {"invitation": invitation, "accept_url": accept_url, "inviter": inviter}
        subject = _("Invitation to join %(organisation)s") % {
            "organisation": invitation.organisation.name
        }
        email_queue(
            to=invitation.email,
            subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}",
            body_text=render_to_string("accounts/email/invitation.txt", context),
            body_html=render_to_string("accounts/email/invitation.html", context),
            idempotency_key=f"invitation:{invitation.pk}",
        )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> Invitation:
    require_perm(by, "accounts.manage_members", invitation.organisation)
    if invitation.accepted_at:
        raise ValidationError(_("This invitation has already been accepted."))
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User) -> Membership:
    invitation = (
        Invitation.objects.select_for_update()
        .select_related("organisation")
        .filter(token=token)
        .first()
    )
    if invitation is None or not invitation.is_open:
        raise ValidationError(_("This invitation is no longer valid. Ask for a new one."))
    from allauth.account.models import EmailAddress

    if not EmailAddress.objects.filter(
        user=user, email__iexact=invitation.email, verified=True
    ).exists():
        raise PermissionDenied(
            _("This invitation was sent to %(email)s. Sign in with that address.")
            % {"email": invitation.email}
        )
    membership, _created = Membership.objects.get_or_create(
        user=user, organisation=invitation.organisation, defaults={"role": invitation.role}
    )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit.record(user, "join", membership)
    forget_scope(user)
    return membership


def user_update_profile(
    *, user: User, full_name: str, language: str, phone: str | None = None
) -> User:
    data = {"full_name": full_name, "language": language}
    if phone is not None:
        data["phone"] = phone.strip()
    user, _changed = model_update(
        instance=user,
        data=data,
        fields=list(data),
        exclude_from_validation=["password"],
    )
    return user


def user_set_language(*, user: User, language: str) -> User:
    """The language the user's pages and e-mails are written in."""
    user, _changed = model_update(
        instance=user,
        data={"language": language},
        fields=["language"],
        exclude_from_validation=["password"],
    )
    return user


@transaction.atomic
def user_set_password(*, user: User, password: str) -> User:
    """A new password (changed, set or reset) also ends the user's API tokens.

    Other sessions need no work here: Django signs them out on their next request because
    their stored password hash no longer matches; the caller keeps its own session.
    """
    from rest_framework.authtoken.models import Token

    user.set_password(password)
    user.save(update_fields=["password"])
    Token.objects.filter(user=user).delete()
    return user


@transaction.atomic
def api_token_rotate(*, user: User) -> str:
    """Replace the user's API token with a new one and return its key."""
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()
    return Token.objects.create(user=user).key


def api_token_revoke(*, user: User) -> None:
    from rest_framework.authtoken.models import Token

    Token.objects.filter(user=user).delete()


def organisation_merge_preview(
    *, survivor: Organisation, duplicate: Organisation
) -> dict[str, int]:
    """How many rows of each kind would move from `duplicate` to `survivor`."""
    counts: dict[str, int] = {}
    for relation in _organisation_relations():
        model, field = relation.related_model, relation.field.name
        count = model._default_manager.filter(**{field: duplicate}).count()
        if count:
            counts[str(model._meta.verbose_name_plural)] = count
    return counts


def _organisation_relations() -> list[Any]:
    """Every foreign key to Organisation, whichever app declares it (needs, services,
    memberships, invitations, clusters...): a merge moves them all, so none is lost."""
    return [
        relation
        for relation in Organisation._meta.related_objects
        if relation.one_to_many and relation.related_model is not OrganisationRedirect
    ]


# Fields the survivor takes from the duplicate when it has none of its own.
MERGE_FILLED_FIELDS = (
    "business_id",
    "sme_size",
    "industry",
    "municipality",
    "website",
    "description",
)


@transaction.atomic
def organisation_merge(
    *, survivor: Organisation, duplicate: Organisation, by: User
) -> Organisation:
    """Move everything of `duplicate` to `survivor`, then delete `duplicate`.

    Memberships of a person in both stay one membership with the higher role; open
    invitations to an address invited to both stay one. The old page redirects to the
    survivor. Staff only: a merge changes two organisations' members' access at once.
    """
    if not by.is_staff:
        raise PermissionDenied("Only staff merge organisations.")
    if survivor.pk == duplicate.pk:
        raise ValidationError(_("Choose two different organisations."))
    # Both rows locked in a fixed order, so two merges of the same pair cannot interleave.
    locked = {
        org.pk: org
        for org in Organisation.objects.select_for_update()
        .filter(pk__in=[survivor.pk, duplicate.pk])
        .order_by("pk")
    }
    if len(locked) != 2:
        raise ValidationError(_("One of the organisations no longer exists."))
    survivor, duplicate = locked[survivor.pk], locked[duplicate.pk]
    before = audit.snapshot(survivor)
    moved: dict[str, int] = {}
    affected_users = set(
        Membership.objects.filter(organisation=duplicate).values_list("user_id", flat=True)
    )
    for relation in _organisation_relations():
        model, field = relation.related_model, relation.field.name
        if model is Membership:
            moved[model._meta.label_lower] = _merge_memberships(survivor, duplicate)
        elif model is Invitation:
            moved[model._meta.label_lower] = _merge_invitations(survivor, duplicate)
        else:
            moved[model._meta.label_lower] = model._default_manager.filter(
                **{field: duplicate}
            ).update(**{field: survivor})
    filled = {
        name: getattr(duplicate, name)
        for name in MERGE_FILLED_FIELDS
        if not getattr(survivor, name) and getattr(duplicate, name)
    }
    OrganisationRedirect.objects.filter(organisation=duplicate).update(organisation=survivor)
    OrganisationRedirect.objects.create(old_slug=duplicate.slug, organisation=survivor)
    duplicate_id, duplicate_name = duplicate.pk, duplicate.name
    merging.merged("organisation", duplicate_id, survivor.pk)
    audit.record(by, "delete", duplicate)
    duplicate.delete()  # after the moves, nothing cascades with it
    for name, value in filled.items():
        setattr(survivor, name, value)
    if filled:
        survivor.save(update_fields=[*filled, "updated_at"])
    after = audit.snapshot(survivor)
    AuditEntry.objects.create(
        actor=by,
        action="merge",
        object_type=survivor._meta.label_lower,
        object_id=survivor.pk,
        object_repr=str(survivor)[:200],
        changes={
            **{k: [before.get(k), v] for k, v in after.items() if before.get(k) != v},
            "merged_from": [duplicate_id, duplicate_name],
            "moved": moved,
        },
    )
    from search.actions import index_later

    index_later("organisation", duplicate_id, "delete")
    _reindex_organisation(survivor)
    for user in User.objects.filter(pk__in=affected_users):
        forget_scope(user)
    return survivor


def _merge_memberships(survivor: Organisation, duplicate: Organisation) -> int:
    existing = {m.user_id: m for m in Membership.objects.filter(organisation=survivor)}
    count = 0
    for membership in Membership.objects.filter(organisation=duplicate):
        kept = existing.get(membership.user_id)
        if kept is None:
            membership.organisation = survivor
            membership.save(update_fields=["organisation"])
        else:
            # One person, one membership: the higher role, contact if either was, a title.
            if membership.role == MembershipRole.OWNER:
                kept.role = MembershipRole.OWNER
            kept.is_contact_person = kept.is_contact_person or membership.is_contact_person
            kept.title = kept.title or membership.title
            kept.save(update_fields=["role", "is_contact_person", "title"])
            membership.delete()
        count += 1
    return count


def _merge_invitations(survivor: Organisation, duplicate: Organisation) -> int:
    open_emails = set(
        Invitation.objects.filter(
            organisation=survivor, accepted_at__isnull=True, revoked_at__isnull=True
        ).values_list("email", flat=True)
    )
    # An address invited to both: the duplicate's open invitation is withdrawn, not lost.
    Invitation.objects.filter(
        organisation=duplicate,
        email__in=open_emails,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
    ).update(revoked_at=timezone.now())
    return Invitation.objects.filter(organisation=duplicate).update(organisation=survivor)
