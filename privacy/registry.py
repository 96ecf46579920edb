"""Which fields of the schema hold personal data, and how each reaches the person's export.

Every field that names a person or looks personal (a name, an e-mail address, a phone, a
title, an address, a link to a user) is either exported through one of EXPORTS or declared
in NOT_PERSONAL with the reason. tests/privacy walks every model and fails on a field that
is neither, so a new personal field cannot be added without deciding about it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Field names that usually hold personal data.
PERSONAL_LOOKING = (
    r"(^|_)(name|email|e_mail|phone|mobile|title|address|street|city|birth|ssn|hetu|ip)($|_)"
)


@dataclass(frozen=True)
class Export:
    section: str
    model: str  # "app_label.ModelName"
    # How rows belong to the person: a foreign key (or many-to-many) to the user, or "pk"
    # for the user row itself, or "email:<field>" for rows that carry the address only.
    link: str
    fields: tuple[str, ...]


EXPORTS: tuple[Export, ...] = (
    Export(
        "account",
        "accounts.User",
        "pk",
        (
            "email",
            "full_name",
            "first_name",
            "last_name",
            "phone",
            "language",
            "date_joined",
            "last_login",
        ),
    ),
    Export("email_addresses", "account.EmailAddress", "user", ("email", "verified", "primary")),
    Export(
        "memberships",
        "accounts.Membership",
        "user",
        ("organisation", "role", "is_contact_person", "title", "created_at"),
    ),
    Export(
        "invitations_received",
        "accounts.Invitation",
        "email:email",
        ("organisation", "email", "role", "created_at", "accepted_at"),
    ),
    Export("invitations_sent", "accounts.Invitation", "invited_by", ("organisation", "created_at")),
    Export(
        "invitations_accepted",
        "accounts.Invitation",
        "accepted_by",
        ("organisation", "accepted_at"),
    ),
    Export("organisations_created", "accounts.Organisation", "created_by", ("name", "created_at")),
    Export("api_tokens", "authtoken.Token", "user", ("created",)),
    Export("two_factor_methods", "mfa.Authenticator", "user", ("type", "created_at")),
    Export(
        "admin_actions",
        "admin.LogEntry",
        "user",
        ("action_time", "object_repr", "change_message"),
    ),
    Export(
        "audit_trail",
        "core.AuditEntry",
        "actor",
        ("action", "object_type", "object_id", "created_at"),
    ),
    Export("needs_created", "companies.DevelopmentNeed", "created_by", ("title", "created_at")),
    Export("services_created", "services.RDService", "created_by", ("title", "created_at")),
    Export("services_as_contact_person", "services.RDService", "contact_person", ("title",)),
    Export("saved_searches", "search.SavedSearch", "user", ("name", "query_string", "created_at")),
    Export(
        "notifications",
        "notifications.Notification",
        "recipient",
        ("event", "title", "body", "created_at"),
    ),
    Export("notification_preferences", "notifications.Preference", "user", ("event", "delivery")),
    Export(
        "emails_to_you", "notifications.OutboundEmail", "email:to", ("to", "subject", "created_at")
    ),
    Export("proposal_decisions", "matchmaking.Proposal", "decided_by", ("status", "decision_note")),
    Export("matches_created", "matchmaking.Match", "created_by", ("stage", "created_at")),
    Export("matches_assigned", "matchmaking.Match", "assignee", ("stage", "created_at")),
    Export("match_events", "matchmaking.MatchEvent", "actor", ("kind", "text", "created_at")),
    Export("follow_up_tasks", "matchmaking.FollowUpTask", "assignee", ("title", "due_date")),
    Export("clusters_coordinated", "taxonomy.Cluster", "coordinators", ("name",)),
    Export("imports", "imports.ImportJob", "created_by", ("filename", "created_at")),
    Export("import_sources", "imports.ImportSource", "created_by", ("name",)),
    Export("data_exports", "privacy.DataExport", "user", ("status", "created_at")),
    Export("data_exports_prepared", "privacy.DataExport", "requested_by", ("created_at",)),
    Export("inactivity_warnings", "privacy.InactivityWarning", "user", ("warned_at",)),
    Export("introduction_ratings", "insights.IntroductionRating", "rated_by", ("score", "comment")),
    Export("impact_answers", "insights.ImpactFollowUp", "answered_by", ("answered_at",)),
    Export("funding_call_reminders", "funding.CallReminder", "user", ("sent_at",)),
    Export("work_plans_opened", "funding.WorkPlan", "created_by", ("created_at",)),
    Export("work_plan_versions_saved", "funding.WorkPlanVersion", "saved_by", ("saved_at",)),
    Export(
        "funding_applications_recorded",
        "funding.FundingApplication",
        "created_by",
        ("created_at",),
    ),
)

# Fields that look personal by name or type but are not a person's data, and why.
NOT_PERSONAL: dict[str, str] = {
    "accounts.Organisation.name": "an organisation's public name",
    "accounts.OrganisationRedirect.old_slug": "an organisation's old address",
    "auth.Permission.name": "a permission's label",
    "auth.Group.name": "a group's label",
    "authtoken.TokenProxy.user": "the same rows as authtoken.Token, exported there",
    "django_celery_beat.PeriodicTask.name": "a scheduled job's label",
    "django_celery_beat.ClockedSchedule.clocked_time": "a schedule",
    "django_celery_beat.SolarSchedule.event": "a schedule",
    "companies.DevelopmentNeed.title": "a company's need, published as the company's",
    "services.RDService.title": "a provider's service, published as the provider's",
    "matchmaking.FollowUpTask.title": "a task about a match, exported with its assignee",
    "taxonomy.Cluster.name": "a cluster's public name",
    "imports.ImportSource.name": "a list's label, exported with its creator",
    "sites.Site.name": "the site's name",
    "search.SearchDocument.title": "the title of a need, service or organisation, from its row",
    "search.SearchDocument.title_concepts": "the engine's concepts of that title",
    "funding.FundingInstrument.name": "a funding instrument's public name",
    "funding.FundingCall.title": "a funder's public call",
    "funding.SmartSpecialisationPartnership.name": "a European partnership's public name",
    "accounts.Organisation.members": "the Membership rows, exported as memberships",
    "account.EmailConfirmation.email_address": "a link to an EmailAddress, exported there",
    "notifications.OutboundEmail.from_email": "the service's own sender address",
    # Reference data: names of regions, municipalities and classifications.
    **{
        f"taxonomy.{model}.name_{language}": "a classification's name"
        for model in (
            "Region",
            "Municipality",
            "PriorityArea",
            "ServiceType",
            "NeedCategory",
            "IndustryCode",
            "TechnologyReadinessLevel",
        )
        for language in ("fi", "en", "sv")
    },
}
