"""Load the fictional demo ecosystem. Safe to run again: existing rows are kept as they are."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from accounts.actions import organisation_create
from accounts.models import PROVIDER_KINDS, Membership, MembershipRole, Organisation, User
from accounts.validators import business_id_check_digit
from companies.actions import need_create, need_publish
from companies.models import DevelopmentNeed
from core.jobs import deferred
from demo.data.companies import CE, COMPANIES, HR, NE, PCE, PD, ST
from demo.data.providers import PROVIDERS
from matchmaking.matching.proposals import engine_refit
from matchmaking.models import Proposal
from services.actions import service_create, service_publish
from services.models import RDService
from taxonomy.models import (
    Cluster,
    IndustryCode,
    Municipality,
    NeedCategory,
    PriorityArea,
    Region,
    ServiceType,
    TechnologyReadinessLevel,
)

DEMO_PASSWORD = "tki-demo-2026"  # noqa: S105 - printed on purpose; demo data only
DEMO_DOMAIN = "tki-demo.example"

DEMO_USERS = [
    # (email, full name, language, staff, description)
    (
        "admin",
        "Aino Ylläpitäjä",
        "fi",
        True,
        "staff: admin site and everything (asked to set up TOTP on first login)",
    ),
    (
        "coordinator",
        "Kalle Koordinaattori",
        "fi",
        False,
        "coordinator of the two Lapland clusters (asked to set up TOTP on first login)",
    ),
    (
        "coordinator.ph",
        "Paula Päijänne",
        "en",
        False,
        "coordinator of the Päijät-Häme cluster (asked to set up TOTP on first login)",
    ),
    (
        "company",
        "Sanna Yrittäjä",
        "fi",
        False,
        "owner of Kaamosmetalli Oy and Lahden Muovikierrätys Oy",
    ),
    ("member", "Mikko Insinööri", "en", False, "member of Kaamosmetalli Oy"),
    (
        "provider",
        "Tiina Tutkija",
        "fi",
        False,
        "owner of Tunturin ammattikorkeakoulu and Arktisen materiaalitutkimuksen instituutti",
    ),
]

INTERMEDIARIES = [
    (
        "Revontuli Cluster Network",
        "cluster",
        "19",
        "Rovaniemi",
        "Runs the Arctic clusters of the demo region.",
    ),
    (
        "Salpausselkä Development Agency",
        "development_company",
        "07",
        "Lahti",
        "Regional development company of the demo Päijät-Häme ecosystem.",
    ),
]

CLUSTERS = [
    (
        "Arctic Industry and Circular Economy Cluster",
        "19",
        [CE, HR],
        "Revontuli Cluster Network",
        "coordinator",
    ),
    (
        "Arctic Tourism and Emerging Sectors Cluster",
        "19",
        [ST, NE],
        "Revontuli Cluster Network",
        "coordinator",
    ),
    (
        "Salpausselkä Circular Design Cluster",
        "07",
        [PCE, PD],
        "Salpausselkä Development Agency",
        "coordinator.ph",
    ),
]


def demo_email(local: str) -> str:
    return f"{local}@{DEMO_DOMAIN}"


def demo_business_id(index: int) -> str:
    number = 9800000 + index * 37
    while business_id_check_digit(f"{number:07d}") is None:
        number += 1
    return f"{number:07d}-{business_id_check_digit(f'{number:07d}')}"


class Command(BaseCommand):
    help = "Create the fictional demo ecosystem with demo users for every role (idempotent)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load demo users with known passwords even though DJANGO_DEBUG is off.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["allow_production"]:
            raise CommandError(
                "Demo data creates users with a published password; refusing with "
                "DJANGO_DEBUG off. Pass --allow-production if this really is a demo site."
            )
        if not Region.objects.exists():
            raise CommandError("Taxonomies are missing: run `python manage.py migrate` first.")
        self.today = timezone.localdate()
        self.created = {"users": 0, "organisations": 0, "needs": 0, "services": 0}
        with deferred(), transaction.atomic():
            users = self._users()
            self._intermediaries_and_clusters(users)
            self._companies(users)
            self._providers(users)
        # One fit and full re-match instead of one task per published row.
        # Demo proposals are not news: no notifications for the initial fit.
        record, _engine = engine_refit(reason="demo data loaded", notify=False)
        self.stdout.write(
            f"Matching engine {record.version} fitted; {Proposal.objects.count()} proposals stored."
        )
        self._report()

    # --- pieces -----------------------------------------------------------------------

    def _user(
        self,
        local: str,
        full_name: str,
        language: str,
        *,
        staff: bool = False,
        usable_password: bool = True,
    ) -> User:
        email = demo_email(local)
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User(
                email=email,
                full_name=full_name,
                language=language,
                is_staff=staff,
                is_superuser=staff,
            )
            if usable_password:
                user.set_password(DEMO_PASSWORD)
            else:
                user.set_unusable_password()
            user.save()
            self.created["users"] += 1
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
        return user

    def _users(self) -> dict[str, User]:
        return {
            local: self._user(local, name, language, staff=staff)
            for local, name, language, staff, _role in DEMO_USERS
        }

    def _organisation(self, owner: User, **fields: Any) -> Organisation:
        existing = Organisation.objects.filter(name=fields["name"]).first()
        if existing is not None:
            return existing
        self.created["organisations"] += 1
        return organisation_create(by=owner, **fields)

    def _place(self, region_code: str, municipality: str) -> dict[str, Any]:
        region = Region.objects.get(code=region_code)
        return {
            "region": region,
            "municipality": Municipality.objects.get(region=region, name_fi=municipality),
        }

    def _owner_for(self, name: str, users: dict[str, User], special: dict[str, str]) -> User:
        if name in special:
            return users[special[name]]
        return self._user(f"owner.{slugify(name)}", f"{name} contact", "fi", usable_password=False)

    def _intermediaries_and_clusters(self, users: dict[str, User]) -> None:
        for name, kind, region, municipality, description in INTERMEDIARIES:
            self._organisation(
                users["admin"],
                name=name,
                kind=kind,
                description=description,
                languages=["fi", "en"],
                **self._place(region, municipality),
            )
        for name, region, area_slugs, org_name, coordinator in CLUSTERS:
            cluster, _ = Cluster.objects.get_or_create(
                slug=slugify(name)[:80],
                defaults={
                    "name": name,
                    "region": Region.objects.get(code=region),
                    "organisation": Organisation.objects.get(name=org_name),
                },
            )
            cluster.priority_areas.add(*PriorityArea.objects.filter(slug__in=area_slugs))
            cluster.coordinators.add(users[coordinator])

    def _companies(self, users: dict[str, User]) -> None:
        special = {"Kaamosmetalli Oy": "company", "Lahden Muovikierrätys Oy": "company"}
        for index, (name, region, municipality, division, size, description, needs) in enumerate(
            COMPANIES
        ):
            owner = self._owner_for(name, users, special)
            company = self._organisation(
                owner,
                name=name,
                kind="company",
                business_id=demo_business_id(index),
                sme_size=size,
                industry=IndustryCode.objects.get(code=division),
                description=description,
                languages=["fi", "en"],
                website=f"https://{slugify(name)}.example",
                **self._place(region, municipality),
            )
            if name == "Kaamosmetalli Oy":
                Membership.objects.get_or_create(
                    user=users["member"],
                    organisation=company,
                    defaults={"role": MembershipRole.MEMBER},
                )
            for need_index, need in enumerate(needs):
                self._need(company, owner, need, index * 2 + need_index)

    def _need(self, company: Organisation, owner: User, spec: tuple, serial: int) -> None:
        (
            language,
            category,
            areas,
            trl_now,
            trl_target,
            budget,
            visibility,
            title,
            description,
            keywords,
        ) = spec
        if DevelopmentNeed.objects.filter(organisation=company, title=title).exists():
            return
        need = need_create(
            by=owner,
            organisation=company,
            title=title,
            description=description,
            language=language,
            category=NeedCategory.objects.get(slug=category),
            priority_areas=list(PriorityArea.objects.filter(slug__in=areas)),
            keywords=keywords,
            budget=budget,
            visibility=visibility,
            trl_now=TechnologyReadinessLevel.objects.get(level=trl_now) if trl_now else None,
            trl_target=(
                TechnologyReadinessLevel.objects.get(level=trl_target) if trl_target else None
            ),
            wished_start=self.today + timedelta(days=14 + serial % 30),
            deadline=self.today + timedelta(days=60 + (serial * 11) % 240),
            funding_interest=["innovation_voucher"]
            if budget in ("under_5k", "5k_20k")
            else ["own_funds", "erdf"],
        )
        self.created["needs"] += 1
        # A few stay drafts so that every status has something to show.
        if serial % 9 != 4:
            need_publish(need=need, by=owner)

    def _providers(self, users: dict[str, User]) -> None:
        special = {
            "Tunturin ammattikorkeakoulu": "provider",
            "Arktisen materiaalitutkimuksen instituutti": "provider",
        }
        serial = 0
        for name, kind, region, municipality, description, services in PROVIDERS:
            owner = self._owner_for(name, users, special)
            provider = self._organisation(
                owner,
                name=name,
                kind=kind,
                description=description,
                languages=["fi", "en"],
                website=f"https://{slugify(name)}.example",
                **self._place(region, municipality),
            )
            for spec in services:
                self._service(provider, owner, spec, serial)
                serial += 1

    def _service(self, provider: Organisation, owner: User, spec: tuple, serial: int) -> None:
        (
            language,
            service_type,
            areas,
            trl_min,
            trl_max,
            price_model,
            price,
            lead_weeks,
            remote,
            title,
            description,
            keywords,
        ) = spec
        if RDService.objects.filter(provider=provider, title=title).exists():
            return
        service = service_create(
            by=owner,
            provider=provider,
            title=title,
            description=description,
            languages=[language] if language == "fi" else ["en", "fi"],
            service_type=ServiceType.objects.get(slug=service_type),
            priority_areas=list(PriorityArea.objects.filter(slug__in=areas)),
            keywords=keywords,
            trl_min=TechnologyReadinessLevel.objects.get(level=trl_min),
            trl_max=TechnologyReadinessLevel.objects.get(level=trl_max),
            price_model=price_model,
            indicative_price=price,
            lead_time_weeks=lead_weeks,
            remote=remote,
            contact_person=owner if owner.has_usable_password() else None,
        )
        self.created["services"] += 1
        if serial % 17 != 8:
            service_publish(service=service, by=owner)

    def _report(self) -> None:
        created = ", ".join(f"{count} {what}" for what, count in self.created.items())
        self.stdout.write(self.style.SUCCESS(f"Demo data ready (created now: {created})."))
        self.stdout.write(
            f"Totals: {Organisation.objects.filter(kind='company').count()} companies, "
            f"{DevelopmentNeed.objects.count()} needs, "
            f"{Organisation.objects.filter(kind__in=PROVIDER_KINDS).count()} "
            f"R&D providers, {RDService.objects.count()} services."
        )
        self.stdout.write(f"\nDemo users (password for all: {DEMO_PASSWORD}):")
        for local, _name, _language, _staff, role in DEMO_USERS:
            self.stdout.write(f"  {demo_email(local):<36} {role}")
