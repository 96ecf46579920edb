from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from .models import Invitation, Membership, MembershipRole, Organisation, User


def organisations_list() -> QuerySet[Organisation]:
    return Organisation.objects.select_related("region", "municipality", "industry")


def organisations_in_directory() -> QuerySet[Organisation]:
    """Organisations offered to visitors: archived ones are left out."""
    return organisations_list().filter(archived_at__isnull=True)


def organisations_with_counts() -> QuerySet[Organisation]:
    return (
        organisations_in_directory()
        .annotate(
            published_service_count=Count(
                "services", filter=Q(services__status="published"), distinct=True
            ),
            public_need_count=Count(
                "needs",
                filter=Q(needs__status__in=("published", "matched"), needs__visibility="public"),
                distinct=True,
            ),
        )
        .order_by("name")
    )


def memberships_of_user(user: Any) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(user=user)
        .select_related("organisation", "organisation__region")
        .order_by("organisation__name")
    )


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("-role", "user__email")
    )


def contact_persons_of(organisation_id: int) -> list[Membership]:
    """Whom the other party of an introduction contacts: the named contact persons, or the
    owners while nobody is named (an organisation must never show no one)."""
    members = list(
        Membership.objects.filter(organisation_id=organisation_id, user__is_active=True)
        .select_related("user")
        .order_by("-is_contact_person", "role", "user__email")
    )
    named = [m for m in members if m.is_contact_person]
    return named or [m for m in members if m.role == MembershipRole.OWNER]


def users_of(organisation_id: int) -> list[User]:
    """Everyone who belongs to the organisation: the recipients of its notifications."""
    return list(User.objects.filter(memberships__organisation_id=organisation_id))


def open_invitations_of(organisation: Organisation) -> QuerySet[Invitation]:
    return Invitation.objects.filter(
        organisation=organisation, accepted_at__isnull=True, revoked_at__isnull=True
    ).select_related("invited_by")
