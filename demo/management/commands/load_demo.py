"""Load the fictional demo ecosystem. Safe to run again: existing rows are kept as they are.

The organisations, needs, services and clusters are data in `demo/data/*.json`, read through
`demo.records`; the demo users (with their published password) are defined here.
"""

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
from demo import pipeline, records
from demo.funding import load_funding_instruments
from demo.records import NeedRecord, ServiceRecord
from demo.records_insights import describe, load_insights_demo
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
            load_funding_instruments()
            pipeline.contact_details(users)
        # One fit and full re-match instead of one task per published row.
        # Demo proposals are not news: no notifications for the initial fit.
        record, _engine = engine_refit(reason="demo data loaded", notify=False)
        self.stdout.write(
            f"Matching engine {record.version} fitted; {Proposal.objects.count()} proposals stored."
        )
        # The coordinators' pipeline, through the product's actions: a board with every stage.
        # Two per stage in Lapland (two clusters), one in Päijät-Häme: every stage in both
        # regions, at a third of a minute's extra loading at most.
        made = pipeline.load_pipeline(
            coordinators={"19": (users["coordinator"], 2), "07": (users["coordinator.ph"], 1)}
        )
        self.stdout.write(f"Brokering pipeline: {made} matches made now.")
        self.stdout.write(f"Situational picture history: {describe(load_insights_demo())}.")
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
        intermediaries = records.intermediaries()
        for intermediary in intermediaries:
            self._organisation(
                users["admin"],
                name=intermediary.name,
                kind=intermediary.kind,
                description=intermediary.description,
                languages=["fi", "en"],
                **self._place(intermediary.region, intermediary.municipality),
            )
        for intermediary in intermediaries:
            for spec in intermediary.clusters:
                cluster, _ = Cluster.objects.get_or_create(
                    slug=slugify(spec.name)[:80],
                    defaults={
                        "name": spec.name,
                        "region": Region.objects.get(code=spec.region),
                        "organisation": Organisation.objects.get(name=intermediary.name),
                    },
                )
                cluster.priority_areas.add(
                    *PriorityArea.objects.filter(slug__in=spec.priority_areas)
                )
                cluster.coordinators.add(users[spec.coordinator])

    def _companies(self, users: dict[str, User]) -> None:
        special = {"Kaamosmetalli Oy": "company", "Lahden Muovikierrätys Oy": "company"}
        for index, spec in enumerate(records.companies()):
            owner = self._owner_for(spec.name, users, special)
            company = self._organisation(
                owner,
                name=spec.name,
                kind="company",
                business_id=demo_business_id(index),
                sme_size=spec.sme_size,
                industry=IndustryCode.objects.get(code=spec.industry),
                description=spec.description,
                languages=["fi", "en"],
                website=f"https://{slugify(spec.name)}.example",
                **self._place(spec.region, spec.municipality),
            )
            if spec.name == "Kaamosmetalli Oy":
                Membership.objects.get_or_create(
                    user=users["member"],
                    organisation=company,
                    defaults={"role": MembershipRole.MEMBER},
                )
            for need_index, need in enumerate(spec.needs):
                self._need(company, owner, need, index * 2 + need_index)

    def _need(self, company: Organisation, owner: User, spec: NeedRecord, serial: int) -> None:
        if DevelopmentNeed.objects.filter(organisation=company, title=spec.title).exists():
            return
        need = need_create(
            by=owner,
            organisation=company,
            title=spec.title,
            description=spec.description,
            language=spec.language,
            category=NeedCategory.objects.get(slug=spec.category),
            priority_areas=list(PriorityArea.objects.filter(slug__in=spec.priority_areas)),
            keywords=spec.keywords,
            budget=spec.budget,
            visibility=spec.visibility,
            trl_now=(
                TechnologyReadinessLevel.objects.get(level=spec.trl_now) if spec.trl_now else None
            ),
            trl_target=(
                TechnologyReadinessLevel.objects.get(level=spec.trl_target)
                if spec.trl_target
                else None
            ),
            wished_start=self.today + timedelta(days=14 + serial % 30),
            deadline=self.today + timedelta(days=60 + (serial * 11) % 240),
            funding_interest=["innovation_voucher"]
            if spec.budget in ("under_5k", "5k_20k")
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
        for spec in records.providers():
            owner = self._owner_for(spec.name, users, special)
            provider = self._organisation(
                owner,
                name=spec.name,
                kind=spec.kind,
                description=spec.description,
                languages=["fi", "en"],
                website=f"https://{slugify(spec.name)}.example",
                **self._place(spec.region, spec.municipality),
            )
            for service in spec.services:
                self._service(provider, owner, service, serial)
                serial += 1

    def _service(
        self, provider: Organisation, owner: User, spec: ServiceRecord, serial: int
    ) -> None:
        if RDService.objects.filter(provider=provider, title=spec.title).exists():
            return
        service = service_create(
            by=owner,
            provider=provider,
            title=spec.title,
            description=spec.description,
            languages=[spec.language] if spec.language == "fi" else ["en", "fi"],
            service_type=ServiceType.objects.get(slug=spec.service_type),
            priority_areas=list(PriorityArea.objects.filter(slug__in=spec.priority_areas)),
            keywords=spec.keywords,
            trl_min=TechnologyReadinessLevel.objects.get(level=spec.trl_min),
            trl_max=TechnologyReadinessLevel.objects.get(level=spec.trl_max),
            price_model=spec.price_model,
            indicative_price=spec.indicative_price,
            lead_time_weeks=spec.lead_time_weeks,
            remote=spec.remote,
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
