"""Checking and applying an import, chunk by chunk: the same plan for the dry and the real run.

Each kind has a handler that cleans a row, names the key that finds the row again (business
ID, the source's own id, or a natural key) and creates or updates rows in bulk. A row that
matches what the database holds is left alone, so importing the same file twice changes
nothing; everything created or changed is recorded (ImportRecord) for undo and written to
the audit trail with the import's id.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, ClassVar

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.dedupe import NameIndex
from accounts.models import Membership, MembershipRole, Organisation, OrganisationKind, User
from accounts.scope import scope_for
from companies.models import DevelopmentNeed, NeedStatus
from companies.rules import need_company_visible_q, need_visibility_q
from companies.selectors import NEAR_DUPLICATE_THRESHOLD, concept_overlap, need_concepts
from core.audit import _plain
from core.domain import clean_keywords
from core.models import AuditEntry
from engine.language import guess_language
from services.models import RDService, ServiceStatus
from services.rules import service_visibility_q

from . import cleaning
from .cleaning import CellError, Lookups, Problem
from .models import ImportJob, ImportKey, ImportKind, ImportProblem, ImportRecord, RecordAction
from .reading import Table

CHUNK_SIZE = 500
CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass
class RowPlan:
    row: int
    raw: dict[str, str]
    values: dict[str, Any] = field(default_factory=dict)
    key: tuple[Any, ...] | None = None
    action: str = ERROR
    target: models.Model | None = None
    # field name → (old, new) as plain values (ids for foreign keys)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


class Handler:
    model: ClassVar[type[models.Model]]
    # Fields a row may change on an existing row, compared to decide "unchanged".
    compared: ClassVar[tuple[str, ...]] = ()

    def __init__(self, job: ImportJob, lookups: Lookups, headers: dict[str, str]) -> None:
        self.job = job
        self.lookups = lookups
        self.headers = headers  # field → the file's column header, for the report
        self.problems: list[Problem] = []
        # Rows found by a source id that a merge re-pointed at the survivor.
        self.merged_ids: set[int] = set()

    @property
    def object_type(self) -> str:
        return self.model._meta.label_lower

    # --- checking -------------------------------------------------------------------
    def problem(self, plan: RowPlan, name: str, message: str, suggestion: str = "") -> None:
        self.problems.append(
            Problem(
                plan.row, self.headers.get(name, ""), plan.raw.get(name, ""), message, suggestion
            )
        )

    def cell(self, plan: RowPlan, name: str, clean: Callable[[str], Any]) -> None:
        """Clean one cell into plan.values; an empty cell means "not given"."""
        value = plan.raw.get(name, "")
        if not value:
            return
        try:
            plan.values[name] = clean(value)
        except CellError as error:
            self.problem(plan, name, error.message, error.suggestion)

    def require(self, plan: RowPlan, *names: str) -> None:
        for name in names:
            if not plan.raw.get(name):
                self.problem(plan, name, _("This column must not be empty."), _("Fill it in."))

    def preload(self, plans: list[RowPlan]) -> None:
        """Read what the rows of one chunk refer to, in a few queries."""

    def clean(self, plan: RowPlan) -> None:
        raise NotImplementedError

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        raise NotImplementedError

    def find(self, plans: list[RowPlan]) -> dict[tuple[Any, ...], models.Model]:
        raise NotImplementedError

    def diff(self, target: models.Model, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
        """What the row changes. On a merge's survivor found by the source's id of the
        merged duplicate, only empty fields are filled: staff chose the survivor's values
        when merging, and the source still holds the duplicate's (its old name above all)."""
        merged = target.pk in self.merged_ids
        changes = {}
        for name in self.compared:
            if name not in values:
                continue
            old = _plain(getattr(target, name))
            if merged and old not in (None, "", [], {}):
                continue
            new = _plain(values[name])
            if old != new:
                changes[name] = (old, new)
        return changes

    def warn(self, plans: list[RowPlan]) -> None:
        """Problems that do not stop the row (a similar organisation exists)."""

    # --- writing --------------------------------------------------------------------
    def create(self, plans: list[RowPlan]) -> list[tuple[RowPlan, models.Model]]:
        raise NotImplementedError

    def update(self, plans: list[RowPlan]) -> None:
        now = timezone.now()
        changed_fields: set[str] = set()
        targets_ = []
        for plan in plans:
            assert plan.target is not None
            for name in plan.changes:
                setattr(plan.target, name, plan.values[name])
                changed_fields.add(name)
            if hasattr(plan.target, "updated_at"):
                plan.changes["updated_at"] = (_plain(plan.target.updated_at), now.isoformat())
                setattr(plan.target, "updated_at", now)  # noqa: B010 - not every model has it
                changed_fields.add("updated_at")
            targets_.append(plan.target)
        if targets_:
            self.model._default_manager.bulk_update(
                targets_, sorted(changed_fields), batch_size=500
            )

    def source_keys(self, plans_and_objects: Iterable[tuple[RowPlan, models.Model]]) -> None:
        """Remember the source's own ids, so the next file from the source finds the rows."""
        ImportKey.objects.bulk_create(
            [
                ImportKey(
                    source_id=self.job.source_id,
                    object_type=self.object_type,
                    external_id=plan.values["source_id"],
                    object_id=obj.pk,
                )
                for plan, obj in plans_and_objects
                if plan.values.get("source_id")
            ],
            ignore_conflicts=True,
        )

    def find_by_source_ids(self, plans: list[RowPlan]) -> dict[str, int]:
        wanted = [plan.values["source_id"] for plan in plans if plan.values.get("source_id")]
        if not wanted:
            return {}
        keys = ImportKey.objects.filter(
            source_id=self.job.source_id, object_type=self.object_type, external_id__in=wanted
        ).values_list("external_id", "object_id", "merged")
        found = {}
        for external_id, object_id, merged in keys:
            found[external_id] = object_id
            if merged:
                self.merged_ids.add(object_id)
        return found

    def reindex(self, ids: list[int]) -> None:
        """Queue search documents of the written rows (outbox rows, sent after commit)."""


def _references(plans: list[RowPlan]) -> tuple[set[str], set[str]]:
    business_ids, names = set(), set()
    for plan in plans:
        ref = plan.raw.get("organisation", "")
        if not ref:
            continue
        try:
            business_ids.add(cleaning.business_id(ref))
        except CellError:
            names.add(ref.casefold())
    return business_ids, names


class OrganisationRefMixin(Handler):
    """Contacts, needs and services name their organisation by business ID or by name."""

    organisations: dict[str, Organisation]

    def preload(self, plans: list[RowPlan]) -> None:
        business_ids, names = _references(plans)
        found = Organisation.objects.annotate(lower_name=Lower("name")).filter(
            models.Q(business_id__in=business_ids) | models.Q(lower_name__in=names)
        )
        self.organisations = {}
        for organisation in found:
            if organisation.business_id:
                self.organisations[organisation.business_id] = organisation
            self.organisations.setdefault(organisation.name.casefold(), organisation)

    def organisation(self, plan: RowPlan) -> Organisation | None:
        ref = plan.raw.get("organisation", "")
        if not ref:
            return None
        try:
            found = self.organisations.get(cleaning.business_id(ref))
        except CellError:
            found = self.organisations.get(ref.casefold())
        if found is None:
            self.problem(
                plan,
                "organisation",
                _("No organisation has this business ID or name."),
                _("Import the organisations first, or correct the business ID."),
            )
        return found


def _audit_entries(
    job: ImportJob, action: str, items: Iterable[tuple[models.Model, dict[str, Any]]]
) -> list[AuditEntry]:
    return [
        AuditEntry(
            actor_id=job.created_by_id,
            action=action,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            object_repr=str(obj)[:200],
            changes={**changes, "import_job": job.pk},
        )
        for obj, changes in items
    ]


class OrganisationHandler(Handler):
    model = Organisation
    compared = (
        "name",
        "business_id",
        "kind",
        "sme_size",
        "region",
        "municipality",
        "industry",
        "website",
        "description",
    )

    def __init__(self, *args: Any) -> None:
        super().__init__(*args)
        self._slugs: set[str] | None = None
        self._names: NameIndex | None = None

    def clean(self, plan: RowPlan) -> None:
        lookups = self.lookups
        self.require(plan, "name")
        self.cell(plan, "name", lambda v: cleaning.text(v, max_length=200))
        self.cell(plan, "business_id", cleaning.business_id)
        self.cell(plan, "kind", cleaning.organisation_kind)
        self.cell(plan, "sme_size", cleaning.sme_size)
        self.cell(plan, "region", lambda v: cleaning.region(v, lookups))
        self.cell(plan, "municipality", lambda v: cleaning.municipality(v, lookups))
        self.cell(plan, "industry", lambda v: cleaning.industry(v, lookups))
        self.cell(plan, "website", cleaning.website)
        self.cell(
            plan, "description", lambda v: cleaning.text(v, max_length=5000, single_line=False)
        )
        self.cell(plan, "source_id", lambda v: cleaning.text(v, max_length=120))
        values = plan.values
        kind = values.get("kind", OrganisationKind.COMPANY)
        if kind == OrganisationKind.COMPANY and not plan.raw.get("business_id"):
            self.problem(
                plan,
                "business_id",
                _("A company needs its business ID (Y-tunnus)."),
                _("Add the business ID, or set the kind if this is not a company."),
            )
        if kind != OrganisationKind.COMPANY and values.get("sme_size"):
            self.problem(
                plan,
                "sme_size",
                _("The SME size class applies to companies only."),
                _("Leave it empty."),
            )
        municipality = values.get("municipality")
        if municipality is not None:
            region = values.get("region")
            if region is not None and region.pk != municipality.region_id:
                self.problem(
                    plan,
                    "municipality",
                    _("The municipality is not in the region %(region)s.")
                    % {"region": region.name},
                    _("Check the region or the municipality."),
                )
            values.setdefault("region", municipality.region)
        elif not plan.raw.get("region") and not plan.raw.get("municipality"):
            self.problem(
                plan,
                "region",
                _("Give the region or the municipality."),
                _("Add a Region or Municipality column."),
            )

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        if values.get("business_id"):
            return ("business_id", values["business_id"])
        if values.get("source_id"):
            return ("source_id", values["source_id"])
        return ("name", values["name"].casefold())

    def find(self, plans: list[RowPlan]) -> dict[tuple[Any, ...], models.Model]:
        by_source = self.find_by_source_ids(plans)
        business_ids = [p.values["business_id"] for p in plans if p.values.get("business_id")]
        names = [p.values["name"].casefold() for p in plans if p.key and p.key[0] == "name"]
        rows = Organisation.objects.annotate(lower_name=Lower("name")).filter(
            models.Q(business_id__in=business_ids)
            | models.Q(pk__in=by_source.values())
            | models.Q(business_id="", lower_name__in=names)
        )
        by_pk = {row.pk: row for row in rows}
        found: dict[tuple[Any, ...], models.Model] = {}
        for row in rows:
            if row.business_id:
                found[("business_id", row.business_id)] = row
            else:
                found.setdefault(("name", row.name.casefold()), row)
        for external_id, pk in by_source.items():
            if pk in by_pk:
                found[("source_id", external_id)] = by_pk[pk]
        return found

    def warn(self, plans: list[RowPlan]) -> None:
        for plan in plans:
            if plan.target is not None and plan.target.pk in self.merged_ids:
                self.problems.append(
                    Problem(
                        plan.row,
                        self.headers.get("source_id", ""),
                        plan.raw.get("source_id", ""),
                        _(
                            "This organisation was merged into %(name)s: the row only fills "
                            "in what it lacks."
                        )
                        % {"name": plan.target.name},  # type: ignore[attr-defined]
                        blocking=False,
                    )
                )
        if self._names is None:
            self._names = NameIndex(Organisation.objects.values_list("pk", "name"))
        for plan in plans:
            if plan.action != CREATE:
                continue
            similar = self._names.similar(plan.values["name"])
            if similar:
                self.problems.append(
                    Problem(
                        plan.row,
                        self.headers.get("name", ""),
                        plan.raw.get("name", ""),
                        _("An organisation with a similar name exists: %(name)s.")
                        % {"name": self._names.names[similar[0][0]][0]},
                        _("If it is the same, give its business ID, or merge them afterwards."),
                        blocking=False,
                    )
                )
            # Later rows are compared with this one too (negative ids: not yet stored).
            self._names.add(-plan.row, plan.values["name"])

    def _unique_slug(self, name: str) -> str:
        if self._slugs is None:
            self._slugs = set(Organisation.objects.values_list("slug", flat=True))
        base = slugify(name)[:70] or "organisation"
        slug, counter = base, 2
        while slug in self._slugs:
            slug, counter = f"{base}-{counter}", counter + 1
        self._slugs.add(slug)
        return slug

    def create(self, plans: list[RowPlan]) -> list[tuple[RowPlan, models.Model]]:
        objects = []
        for plan in plans:
            values = {k: v for k, v in plan.values.items() if k in self.compared}
            values.setdefault("kind", OrganisationKind.COMPANY)
            objects.append(
                Organisation(
                    slug=self._unique_slug(values["name"]),
                    created_by_id=self.job.created_by_id,
                    languages=["fi"],
                    **values,
                )
            )
        Organisation.objects.bulk_create(objects, batch_size=500)
        pairs = list(zip(plans, objects, strict=True))
        self.source_keys(pairs)
        return list(pairs)

    def reindex(self, ids: list[int]) -> None:
        from search.actions import index_many_later

        index_many_later("organisation", ids)


class ContactHandler(OrganisationRefMixin, Handler):
    model = Membership
    compared = ("title", "is_contact_person")

    def clean(self, plan: RowPlan) -> None:
        self.require(plan, "organisation", "full_name", "email")
        organisation = self.organisation(plan)
        if organisation is not None:
            if not self.may_add_members(organisation):
                self.problem(
                    plan,
                    "organisation",
                    _("Your clusters do not reach this organisation's region."),
                    _("Ask the service's staff to import its contacts."),
                )
            plan.values["organisation"] = organisation
        self.cell(plan, "full_name", lambda v: cleaning.text(v, max_length=150))
        self.cell(plan, "email", cleaning.email)
        importer = self.job.created_by
        if importer is not None and plan.values.get("email", "").lower() == importer.email.lower():
            self.problem(
                plan,
                "email",
                _("You cannot import yourself as a contact person."),
                _("Ask the organisation's owner to invite you."),
            )
        self.cell(plan, "title", lambda v: cleaning.text(v, max_length=150))
        plan.values["is_contact_person"] = True

    def may_add_members(self, organisation: Organisation) -> bool:
        """A contact becomes a member, and members see the company's drafts and hidden
        needs: a coordinator adds them only where their clusters reach, staff anywhere."""
        scope = scope_for(self.job.created_by)
        return scope.staff or organisation.region_id in scope.coordinator_region_ids

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        return ("membership", values["organisation"].pk, values["email"])

    def find(self, plans: list[RowPlan]) -> dict[tuple[Any, ...], models.Model]:
        emails = {plan.values["email"] for plan in plans if "email" in plan.values}
        self.users = {user.email.lower(): user for user in User.objects.filter(email__in=emails)}
        memberships = Membership.objects.filter(user__in=self.users.values()).select_related("user")
        return {("membership", m.organisation_id, m.user.email.lower()): m for m in memberships}

    def create(self, plans: list[RowPlan]) -> list[tuple[RowPlan, models.Model]]:
        new_users: dict[str, User] = {}
        for plan in plans:
            email = plan.values["email"]
            if email not in self.users and email not in new_users:
                new_users[email] = User(
                    email=email,
                    full_name=plan.values.get("full_name", ""),
                    language="fi",
                    # No password: the person sets one through "forgot password" if they join.
                    password=make_password(None),
                )
        User.objects.bulk_create(new_users.values(), batch_size=500)
        self.users.update(new_users)
        self.created_users = [
            (next(p for p in plans if p.values["email"] == email), user)
            for email, user in new_users.items()
        ]
        memberships = [
            Membership(
                user=self.users[plan.values["email"]],
                organisation=plan.values["organisation"],
                role=MembershipRole.MEMBER,
                is_contact_person=True,
                title=plan.values.get("title", ""),
            )
            for plan in plans
        ]
        Membership.objects.bulk_create(memberships, batch_size=500)
        return [*self.created_users, *zip(plans, memberships, strict=True)]


class NeedHandler(OrganisationRefMixin, Handler):
    model = DevelopmentNeed
    compared = (
        "title",
        "description",
        "category",
        "region",
        "keywords",
        "wished_start",
        "deadline",
        "budget",
    )

    def clean(self, plan: RowPlan) -> None:
        lookups = self.lookups
        self.require(plan, "organisation", "title", "description", "category")
        organisation = self.organisation(plan)
        if organisation is not None:
            if organisation.kind != OrganisationKind.COMPANY:
                self.problem(
                    plan,
                    "organisation",
                    _("Only companies post development needs."),
                    _("Name a company."),
                )
            plan.values["organisation"] = organisation
        self.cell(plan, "title", lambda v: cleaning.text(v, max_length=200))
        self.cell(
            plan, "description", lambda v: cleaning.text(v, max_length=8000, single_line=False)
        )
        self.cell(
            plan,
            "category",
            lambda v: cleaning.named(v, lookups.categories, "Testaus ja mittaukset"),
        )
        self.cell(plan, "region", lambda v: cleaning.region(v, lookups))
        self.cell(plan, "keywords", _keywords)
        self.cell(plan, "wished_start", cleaning.date)
        self.cell(plan, "deadline", cleaning.date)
        self.cell(plan, "budget", cleaning.budget)
        self.cell(plan, "source_id", lambda v: cleaning.text(v, max_length=120))
        start, deadline = plan.values.get("wished_start"), plan.values.get("deadline")
        if start and deadline and deadline < start:
            self.problem(
                plan,
                "deadline",
                _("The deadline cannot be before the wished start."),
                _("Check the two dates."),
            )
        if organisation is not None:
            plan.values.setdefault("region", organisation.region)

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        if values.get("source_id"):
            return ("source_id", values["source_id"])
        return ("title", values["organisation"].pk, values["title"].casefold())

    def knowable(self) -> models.Q:
        """Needs the importer may know to be their company's: a coordinator of another
        region must not learn, by a report line or an update, of an anonymous,
        coordinators-only or draft need, nor overwrite it."""
        from django.contrib.auth.models import AnonymousUser

        # An importer whose account is gone may know nothing hidden.
        user = self.job.created_by or AnonymousUser()
        return need_visibility_q(user) & need_company_visible_q(user)

    def find(self, plans: list[RowPlan]) -> dict[tuple[Any, ...], models.Model]:
        return _find_titled(self, plans, DevelopmentNeed, "organisation_id", self.knowable())

    def warn(self, plans: list[RowPlan]) -> None:
        """A new need that says what one of the company's open needs says (by the engine's
        concepts) is reported, and imported: the coordinator decides."""
        new = [plan for plan in plans if plan.action == CREATE]
        if not new:
            return
        companies = {plan.values["organisation"].pk for plan in new}
        existing = (
            DevelopmentNeed.objects.filter(self.knowable(), organisation_id__in=companies)
            .exclude(status=NeedStatus.CLOSED)
            .distinct()
        )
        known = [
            (
                need.organisation_id,
                need.title,
                need_concepts(need.title, need.description, need.language),
            )
            for need in existing
        ]
        for plan in new:
            concepts = need_concepts(
                plan.values.get("title", ""),
                plan.values.get("description", ""),
                guess_language(plan.values.get("description", "")),
            )
            for organisation_id, title, other in known:
                if organisation_id == plan.values["organisation"].pk and (
                    concept_overlap(concepts, other) >= NEAR_DUPLICATE_THRESHOLD
                ):
                    self.problems.append(
                        Problem(
                            plan.row,
                            self.headers.get("title", ""),
                            plan.raw.get("title", ""),
                            _("The company has a similar need: %(title)s.") % {"title": title},
                            _("If it is the same need, give the row that need's source id."),
                            blocking=False,
                        )
                    )
                    break

    def create(self, plans: list[RowPlan]) -> list[tuple[RowPlan, models.Model]]:
        objects = [
            DevelopmentNeed(
                created_by_id=self.job.created_by_id,
                status=NeedStatus.DRAFT,
                organisation=plan.values["organisation"],
                **{k: v for k, v in plan.values.items() if k in self.compared},
            )
            for plan in plans
        ]
        DevelopmentNeed.objects.bulk_create(objects, batch_size=500)
        pairs = list(zip(plans, objects, strict=True))
        self.source_keys(pairs)
        return list(pairs)

    def reindex(self, ids: list[int]) -> None:
        from search.actions import index_many_later

        index_many_later("need", ids)


class ServiceHandler(OrganisationRefMixin, Handler):
    model = RDService
    compared = ("title", "description", "service_type", "region", "languages", "keywords")

    def clean(self, plan: RowPlan) -> None:
        lookups = self.lookups
        self.require(plan, "organisation", "title", "description", "service_type")
        organisation = self.organisation(plan)
        if organisation is not None:
            if not organisation.is_provider:
                self.problem(
                    plan,
                    "organisation",
                    _("This organisation is not an R&D provider."),
                    _("Name a university of either kind or a research institute."),
                )
            plan.values["organisation"] = organisation
        self.cell(plan, "title", lambda v: cleaning.text(v, max_length=200))
        self.cell(
            plan, "description", lambda v: cleaning.text(v, max_length=8000, single_line=False)
        )
        self.cell(
            plan,
            "service_type",
            lambda v: cleaning.named(v, lookups.service_types, "Testaus ja analyysit"),
        )
        self.cell(plan, "region", lambda v: cleaning.region(v, lookups))
        self.cell(plan, "languages", cleaning.languages)
        self.cell(plan, "keywords", _keywords)
        self.cell(plan, "source_id", lambda v: cleaning.text(v, max_length=120))
        if organisation is not None:
            plan.values.setdefault("region", organisation.region)

    def key(self, values: dict[str, Any]) -> tuple[Any, ...]:
        if values.get("source_id"):
            return ("source_id", values["source_id"])
        return ("title", values["organisation"].pk, values["title"].casefold())

    def find(self, plans: list[RowPlan]) -> dict[tuple[Any, ...], models.Model]:
        # A provider's draft is its own: the importer finds only services they may see.
        from django.contrib.auth.models import AnonymousUser

        user = self.job.created_by or AnonymousUser()
        return _find_titled(self, plans, RDService, "provider_id", service_visibility_q(user))

    def create(self, plans: list[RowPlan]) -> list[tuple[RowPlan, models.Model]]:
        objects = []
        for plan in plans:
            values = {k: v for k, v in plan.values.items() if k in self.compared}
            values.setdefault("languages", ["fi"])
            objects.append(
                RDService(
                    created_by_id=self.job.created_by_id,
                    status=ServiceStatus.DRAFT,
                    provider=plan.values["organisation"],
                    **values,
                )
            )
        RDService.objects.bulk_create(objects, batch_size=500)
        pairs = list(zip(plans, objects, strict=True))
        self.source_keys(pairs)
        return list(pairs)

    def reindex(self, ids: list[int]) -> None:
        from search.actions import index_many_later

        index_many_later("service", ids)


def _keywords(value: str) -> list[str]:
    try:
        return clean_keywords(cleaning.word_list(value))
    except Exception as exc:  # clean_keywords raises ValidationError with its own sentence
        raise CellError(
            _("Too many or too long keywords."),
            _("Give at most 20 keywords of at most 60 characters."),
        ) from exc


def _find_titled(
    handler: Handler,
    plans: list[RowPlan],
    model: type[models.Model],
    owner: str,
    titled: models.Q | None = None,
) -> dict[tuple[Any, ...], models.Model]:
    """Existing rows by the source's own ids, or else by owner and title; `titled` narrows
    the rows a title may find (the source's own ids are this source's records)."""
    by_source = handler.find_by_source_ids(plans)
    owners = {p.values["organisation"].pk for p in plans if p.key and p.key[0] == "title"}
    by_title = models.Q(**{f"{owner}__in": owners})
    if titled is not None:
        by_title &= titled
    rows = model._default_manager.filter(models.Q(pk__in=by_source.values()) | by_title)
    by_pk = {row.pk: row for row in rows}
    found: dict[tuple[Any, ...], models.Model] = {}
    for row in rows:
        found.setdefault(("title", getattr(row, owner), row.title.casefold()), row)  # type: ignore[attr-defined]
    for external_id, pk in by_source.items():
        if pk in by_pk:
            found[("source_id", external_id)] = by_pk[pk]
    return found


HANDLERS: dict[str, type[Handler]] = {
    ImportKind.ORGANISATIONS: OrganisationHandler,
    ImportKind.CONTACTS: ContactHandler,
    ImportKind.NEEDS: NeedHandler,
    ImportKind.SERVICES: ServiceHandler,
}


def _chunks(rows: list[tuple[int, list[str]]]) -> Iterator[list[tuple[int, list[str]]]]:
    iterator = iter(rows)
    while chunk := list(itertools.islice(iterator, CHUNK_SIZE)):
        yield chunk


def process(job: ImportJob, table: Table, *, dry_run: bool) -> dict[str, int]:
    """Check every row and, unless `dry_run`, write them; returns the counts per action.

    Each chunk is written in its own transaction with its records and audit entries, and
    the job's progress is saved after it, so the page can show how far the run has got.
    """
    headers = {name: header for header, name in job.mapping.items() if name}
    columns = {name: table.headers.index(header) for name, header in headers.items()}
    handler = HANDLERS[job.kind](job, Lookups(), headers)
    counts = {CREATE: 0, UPDATE: 0, UNCHANGED: 0, ERROR: 0}
    seen: dict[tuple[Any, ...], int] = {}
    ImportProblem.objects.filter(job=job).delete()
    for note in table.notes:
        ImportProblem.objects.create(job=job, row=1, message=note[:300], blocking=False)
    done = 0
    for chunk in _chunks(table.rows):
        plans = [
            RowPlan(
                row=number,
                raw={
                    name: cells[index].strip() if index < len(cells) else ""
                    for name, index in columns.items()
                },
            )
            for number, cells in chunk
        ]
        handler.problems = []
        handler.preload(plans)
        for plan in plans:
            before = len(handler.problems)
            handler.clean(plan)
            if len(handler.problems) > before:
                continue
            plan.key = handler.key(plan.values)
            if plan.key in seen:
                handler.problem(
                    plan,
                    _key_column(plan.key),
                    _("The same %(what)s as on row %(row)d; this row is skipped.")
                    % {"what": _key_label(plan.key), "row": seen[plan.key]},
                    _("Remove one of the two rows, or merge them into one."),
                )
                plan.key = None
                continue
            seen[plan.key] = plan.row
            plan.action = CREATE
        ready = [plan for plan in plans if plan.key is not None]
        existing = handler.find(ready)
        for plan in ready:
            plan.target = existing.get(plan.key)  # type: ignore[arg-type]
            if plan.target is not None:
                plan.changes = handler.diff(plan.target, plan.values)
                plan.action = UPDATE if plan.changes else UNCHANGED
        handler.warn(ready)
        for plan in plans:
            counts[plan.action] += 1
        if not dry_run:
            _write(handler, job, plans)
        ImportProblem.objects.bulk_create(
            [
                ImportProblem(
                    job=job,
                    row=p.row,
                    column=p.column[:120],
                    value=p.value[:200],
                    message=p.message[:300],
                    suggestion=p.suggestion[:300],
                    blocking=p.blocking,
                )
                for p in handler.problems
            ]
        )
        done += len(chunk)
        ImportJob.objects.filter(pk=job.pk).update(processed_rows=done, counts=counts)
    return counts


def _key_column(key: tuple[Any, ...]) -> str:
    return {"business_id": "business_id", "source_id": "source_id"}.get(key[0], "name")


def _key_label(key: tuple[Any, ...]) -> str:
    labels = {
        "business_id": _("business ID"),
        "source_id": _("source id"),
        "name": _("name"),
        "title": _("organisation and title"),
        "membership": _("organisation and e-mail address"),
    }
    return str(labels[key[0]])


@transaction.atomic
def _write(handler: Handler, job: ImportJob, plans: list[RowPlan]) -> None:
    to_create = [plan for plan in plans if plan.action == CREATE]
    to_update = [plan for plan in plans if plan.action == UPDATE]
    created = handler.create(to_create) if to_create else []
    handler.update(to_update)
    records = [
        ImportRecord(
            job=job,
            row=plan.row,
            object_type=obj._meta.label_lower,
            object_id=obj.pk,
            action=RecordAction.CREATE,
        )
        for plan, obj in created
    ] + [
        ImportRecord(
            job=job,
            row=plan.row,
            object_type=handler.object_type,
            object_id=plan.target.pk,  # type: ignore[union-attr]
            action=RecordAction.UPDATE,
            before={name: old for name, (old, _new) in plan.changes.items()},
        )
        for plan in to_update
    ]
    ImportRecord.objects.bulk_create(records, batch_size=500)
    AuditEntry.objects.bulk_create(
        _audit_entries(job, "import_create", ((obj, {}) for _plan, obj in created))
        + _audit_entries(
            job,
            "import_update",
            (
                (
                    plan.target,
                    {k: list(v) for k, v in plan.changes.items() if k != "updated_at"},
                )
                for plan in to_update
                if plan.target is not None
            ),
        ),
        batch_size=500,
    )
    handler.reindex(
        [obj.pk for _plan, obj in created if isinstance(obj, handler.model)]
        + [plan.target.pk for plan in to_update if plan.target is not None]
    )
