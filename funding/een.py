"""A need as an Enterprise Europe Network partnership profile (research and development
request), for coordinators to publish through the network.

The fields follow the network's profile for an R&D request: summary, description,
advantages and innovations, stage of development, IPR status, the partner sought and its
role, the type of partnership and the profile's expiry. Sources: the network's "Profile
Drafting Guidelines" (v4.2, 2017: profile types, review, expiry of published profiles) and
its profile-drafting training material (the five profile types including the research and
development request; status of development, type and role of partner sought, type of
partnership). The choice lists of stage and IPR status are our wording of those fields.
The company is not named: the network's partnering profiles are published without the
client's name.
"""

from __future__ import annotations

import io
import json
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import scope_for
from companies.models import DevelopmentNeed

from .fit import SIZE_WORDS

PROFILE_TYPE = "research_development_request"

STAGES = {
    "concept": gettext_lazy("Concept stage"),
    "development": gettext_lazy("Under development / lab tested"),
    "prototype": gettext_lazy("Prototype available for demonstration"),
    "field_tested": gettext_lazy("Field tested / evaluated"),
    "market": gettext_lazy("Already on the market"),
}
IPR = {
    "none": gettext_lazy("No IPR applied"),
    "applied": gettext_lazy("Patent(s) applied for but not yet granted"),
    "granted": gettext_lazy("Patent(s) granted"),
    "secret": gettext_lazy("Secret know-how"),
    "copyright": gettext_lazy("Copyright"),
    "unknown": gettext_lazy("Not yet decided"),
}

# The network's field list for an R&D request, in its order; the test checks against it.
FIELDS = (
    "profile_type",
    "title",
    "summary",
    "description",
    "advantages_and_innovations",
    "stage_of_development",
    "ipr_status",
    "partner_sought",
    "partner_role",
    "partnership_type",
    "keywords",
    "client",
    "expiry",
)
LABELS = {
    "profile_type": gettext_lazy("Profile type"),
    "title": gettext_lazy("Title"),
    "summary": gettext_lazy("Summary"),
    "description": gettext_lazy("Description"),
    "advantages_and_innovations": gettext_lazy("Advantages and innovations"),
    "stage_of_development": gettext_lazy("Stage of development"),
    "ipr_status": gettext_lazy("IPR status"),
    "partner_sought": gettext_lazy("Partner sought"),
    "partner_role": gettext_lazy("Role of the partner sought"),
    "partnership_type": gettext_lazy("Type of partnership"),
    "keywords": gettext_lazy("Keywords"),
    "client": gettext_lazy("Client"),
    "expiry": gettext_lazy("Expiry date"),
}
SUMMARY_LENGTH = 500
PROFILE_VALID_DAYS = 365


@dataclass
class Profile:
    profile_type: str
    title: str
    summary: str
    description: str
    advantages_and_innovations: str
    stage_of_development: str
    ipr_status: str
    partner_sought: str
    partner_role: str
    partnership_type: str
    keywords: str
    client: str
    expiry: date

    def rows(self) -> list[tuple[str, str, str]]:
        return [(name, str(LABELS[name]), _display(name, getattr(self, name))) for name in FIELDS]


def _display(name: str, value: Any) -> str:
    if name == "stage_of_development":
        return str(STAGES.get(value, value))
    if name == "ipr_status":
        return str(IPR.get(value, value))
    if name == "profile_type":
        return _("Research and development request")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def may_export(user: Any, need: DevelopmentNeed) -> bool:
    """The need's company, the coordinators of its clusters and staff."""
    scope = scope_for(user)
    if scope.staff or need.organisation_id in scope.org_ids:
        return True
    return bool(user.has_perm("matchmaking.coordinate_need", need))


def stage_for_trl(trl: int | None) -> str:
    if trl is None:
        return "concept"
    if trl <= 2:
        return "concept"
    if trl <= 5:
        return "development"
    if trl == 6:
        return "prototype"
    if trl <= 8:
        return "field_tested"
    return "market"


def _summary(need: DevelopmentNeed) -> str:
    text = " ".join(need.description.split())
    if len(text) <= SUMMARY_LENGTH:
        return text
    return text[: SUMMARY_LENGTH - 1].rsplit(" ", 1)[0] + "…"


def profile_for(need: DevelopmentNeed, answers: Any = None) -> Profile:
    """The profile from the need; `answers` (the page's form) fills what the need lacks."""
    answers = answers or {}
    organisation = need.organisation
    size = SIZE_WORDS.get(organisation.sme_size, "") if organisation.sme_size else ""
    client = _("A %(size)s company in %(region)s, Finland") % {
        "size": size or _("Finnish"),
        "region": need.region.name,
    }
    expiry = timezone.localdate() + timedelta(days=PROFILE_VALID_DAYS)
    if need.deadline and need.deadline < expiry:
        expiry = need.deadline
    stage = answers.get("stage_of_development") or stage_for_trl(need.trl_now_id)
    ipr = answers.get("ipr_status") or "unknown"
    return Profile(
        profile_type=PROFILE_TYPE,
        title=need.title,
        summary=_summary(need),
        description=need.description,
        advantages_and_innovations=str(answers.get("advantages_and_innovations") or ""),
        stage_of_development=stage if stage in STAGES else "concept",
        ipr_status=ipr if ipr in IPR else "unknown",
        partner_sought=str(
            answers.get("partner_sought")
            or _("A research organisation, university or company abroad with matching R&D skills")
        ),
        partner_role=str(answers.get("partner_role") or ""),
        partnership_type=_("Research cooperation agreement"),
        keywords=", ".join(need.keywords),
        client=client,
        expiry=expiry,
    )


def to_json(profile: Profile) -> str:
    data = asdict(profile)
    data["expiry"] = profile.expiry.isoformat()
    return json.dumps(data, ensure_ascii=False, indent=2)


def to_docx(profile: Profile) -> bytes:
    from docx import Document

    document = Document()
    document.add_heading(_("EEN partnership profile"), level=0)
    for _name, label, value in profile.rows():
        document.add_heading(label, level=2)
        document.add_paragraph(value or "–")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()
