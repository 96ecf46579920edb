from __future__ import annotations

import secrets
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from taxonomy.models import ContentLanguage

from .validators import validate_business_id, validate_phone, validate_single_line


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra: object) -> User:
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email: str, password: str | None = None, **extra: object) -> User:
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person; logs in with an e-mail address."""

    username = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(
        _("full name"), max_length=150, blank=True, validators=[validate_single_line]
    )
    language = models.CharField(
        _("preferred language"), max_length=2, choices=settings.LANGUAGES, default="fi"
    )
    # Set when the person's data was erased (GDPR): the row stays so that timelines and the
    # audit trail keep their shape, showing "removed user" where the name was.
    erased_at = models.DateTimeField(_("erased"), null=True, blank=True, editable=False)
    # Shown to the other party of an introduction, next to the name, title and e-mail. A
    # database default too, so code of the previous release still inserts users.
    phone = models.CharField(
        _("phone"),
        max_length=32,
        blank=True,
        default="",
        db_default="",
        validators=[validate_phone],
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [models.UniqueConstraint(Lower("email"), name="uniq_user_email_ci")]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.erased_at:
            return str(_("removed user"))
        return self.full_name or self.email


class OrganisationKind(models.TextChoices):
    COMPANY = "company", _("Company")
    UNIVERSITY = "university", _("University")
    UAS = "uas", _("University of applied sciences")
    RESEARCH_INSTITUTE = "research_institute", _("Research institute")
    LABORATORY = "laboratory", _("Laboratory")
    CLUSTER = "cluster", _("Cluster")
    REGIONAL_COUNCIL = "regional_council", _("Regional council")
    DEVELOPMENT_COMPANY = "development_company", _("Regional development company")


PROVIDER_KINDS = frozenset(
    {
        OrganisationKind.UNIVERSITY,
        OrganisationKind.UAS,
        OrganisationKind.RESEARCH_INSTITUTE,
        OrganisationKind.LABORATORY,
    }
)
INTERMEDIARY_KINDS = frozenset(
    {
        OrganisationKind.CLUSTER,
        OrganisationKind.REGIONAL_COUNCIL,
        OrganisationKind.DEVELOPMENT_COMPANY,
    }
)


class SmeSize(models.TextChoices):
    """EU SME definition (Recommendation 2003/361/EC) by headcount and turnover/balance sheet."""

    MICRO = "micro", _("Micro (under 10 staff, turnover at most 2 M€)")
    SMALL = "small", _("Small (under 50 staff, turnover at most 10 M€)")
    MEDIUM = "medium", _("Medium-sized (under 250 staff, turnover at most 50 M€)")
    LARGE = "large", _("Large (not an SME)")


class Organisation(models.Model):
    name = models.CharField(_("name"), max_length=200, validators=[validate_single_line])
    slug = models.SlugField(_("address name"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganisationKind.choices)
    business_id = models.CharField(
        _("business ID (Y-tunnus)"),
        max_length=9,
        blank=True,
        validators=[validate_business_id],
        help_text=_("Seven digits, a hyphen and a check digit, e.g. 1234567-1."),
    )
    sme_size = models.CharField(_("size class"), max_length=8, choices=SmeSize.choices, blank=True)
    industry = models.ForeignKey(
        "taxonomy.IndustryCode",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("industry (TOL 2008)"),
    )
    region = models.ForeignKey(
        "taxonomy.Region",
        on_delete=models.PROTECT,
        verbose_name=_("region"),
        related_name="organisations",
    )
    municipality = models.ForeignKey(
        "taxonomy.Municipality",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        verbose_name=_("municipality"),
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True, max_length=5000)
    languages = models.JSONField(_("languages served"), default=list, blank=True)
    # Set instead of deleting an organisation with brokering history: it leaves the
    # directory, the API list and search, while its page and matches stay reachable.
    archived_at = models.DateTimeField(_("archived"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    members: models.ManyToManyField[User, Membership] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="Membership", related_name="organisations"
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["business_id"],
                condition=~models.Q(business_id=""),
                name="uniq_organisation_business_id",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("organisation_detail", kwargs={"slug": self.slug})

    @property
    def is_company(self) -> bool:
        return self.kind == OrganisationKind.COMPANY

    @property
    def is_provider(self) -> bool:
        return self.kind in PROVIDER_KINDS

    @property
    def is_intermediary(self) -> bool:
        return self.kind in INTERMEDIARY_KINDS


class MembershipRole(models.TextChoices):
    OWNER = "owner", _("Owner")
    MEMBER = "member", _("Member")


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(
        _("role"), max_length=8, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    is_contact_person = models.BooleanField(_("contact person"), default=False)
    title = models.CharField(
        _("job title"), max_length=150, blank=True, validators=[validate_single_line]
    )
    created_at = models.DateTimeField(_("joined"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation"], name="uniq_membership")
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.organisation} ({self.role})"


def _invitation_token() -> str:
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("e-mail address"))
    role = models.CharField(
        _("role"), max_length=8, choices=MembershipRole.choices, default=MembershipRole.MEMBER
    )
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="uniq_open_invitation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation}"

    @property
    def is_open(self) -> bool:
        from datetime import timedelta

        from django.utils import timezone

        if self.accepted_at or self.revoked_at:
            return False
        max_age = timedelta(days=settings.INVITATION_MAX_AGE_DAYS)
        return self.created_at + max_age > timezone.now()


CONTENT_LANGUAGE_CODES = [code for code, _label in ContentLanguage.choices]


class OrganisationRedirect(models.Model):
    """The address of an organisation merged into another: its old page leads to the survivor."""

    old_slug = models.SlugField(_("old address name"), max_length=80, unique=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="redirects"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("organisation redirect")
        verbose_name_plural = _("organisation redirects")

    def __str__(self) -> str:
        return f"{self.old_slug} → {self.organisation_id}"
