"""What an introduction shows each side: the other party's contact persons, why the pair
was matched, the coordinator's note, what happens next and a first call to propose.

Every sentence is chosen here by codes (stage, role) and translated when it is shown, so a
page or an e-mail is in its reader's language whoever caused the change.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.selectors import contact_persons_of
from core.ics import Attendee, CalendarEvent, calendar

from ..models import (
    DeclineReason,
    Match,
    MatchEvent,
    MatchEventKind,
    MatchOrigin,
    MatchStage,
    PartyAnswer,
)
from .selectors import PARTY_STAGES
from .sides import _party, can_coordinate, company_visible_to

COMPANY, PROVIDER, COORDINATOR = "company", "provider", "coordinator"

# Whole sentences per party: a label put into a sentence was left untranslated in Finnish.
PARTY_ANSWERED = {
    COMPANY: gettext_lazy("The company answered: %(answer)s"),
    PROVIDER: gettext_lazy("The provider answered: %(answer)s"),
}

# One sentence per stage and role: what happens next and what is expected of the reader.
NEXT_STEPS: dict[tuple[str, str], Promise] = {
    (MatchStage.PROPOSED, COORDINATOR): gettext_lazy(
        "Check the pair: shortlist it if it looks promising, or dismiss it with a reason."
    ),
    (MatchStage.PROPOSED, COMPANY): gettext_lazy(
        "A coordinator is checking whether this service suits your need; nothing is expected "
        "of you yet."
    ),
    (MatchStage.PROPOSED, PROVIDER): gettext_lazy(
        "A coordinator is checking whether your service suits this need; nothing is expected "
        "of you yet."
    ),
    (MatchStage.SHORTLISTED, COORDINATOR): gettext_lazy(
        "Introduce the parties when you are ready; the company of an anonymous need agrees to "
        "the introduction first."
    ),
    (MatchStage.SHORTLISTED, COMPANY): gettext_lazy(
        "A coordinator plans to introduce you to this provider; if your need is anonymous, "
        "agree to the introduction so that the provider may see who you are."
    ),
    (MatchStage.SHORTLISTED, PROVIDER): gettext_lazy(
        "A coordinator plans to introduce you to this company; you will get an e-mail when "
        "the introduction is made."
    ),
    (MatchStage.INTRODUCED, COORDINATOR): gettext_lazy(
        "Both parties now tell whether they are interested; when both are, move the match to "
        "discussions."
    ),
    (MatchStage.INTRODUCED, COMPANY): gettext_lazy(
        "Contact the provider's contact person (a first call is suggested below) and answer "
        "here whether you are interested; the coordinator follows up."
    ),
    (MatchStage.INTRODUCED, PROVIDER): gettext_lazy(
        "Contact the company's contact person (a first call is suggested below) and answer "
        "here whether you are interested; the coordinator follows up."
    ),
    (MatchStage.IN_DISCUSSION, COORDINATOR): gettext_lazy(
        "The parties are discussing; log their meetings and record the agreement, or no deal, "
        "when they decide."
    ),
    (MatchStage.IN_DISCUSSION, COMPANY): gettext_lazy(
        "Agree the details with the provider and log your meetings here; tell the coordinator "
        "when you reach an agreement or decide not to go on."
    ),
    (MatchStage.IN_DISCUSSION, PROVIDER): gettext_lazy(
        "Agree the details with the company and log your meetings here; tell the coordinator "
        "when you reach an agreement or decide not to go on."
    ),
    (MatchStage.AGREEMENT, COORDINATOR): gettext_lazy(
        "An agreement was reached: follow-up tasks remind you to ask about the results after "
        "3, 6 and 12 months."
    ),
    (MatchStage.AGREEMENT, COMPANY): gettext_lazy(
        "An agreement was reached: carry out the work with the provider; the coordinator asks "
        "about the results after 3, 6 and 12 months."
    ),
    (MatchStage.AGREEMENT, PROVIDER): gettext_lazy(
        "An agreement was reached: carry out the work with the company; the coordinator asks "
        "about the results after 3, 6 and 12 months."
    ),
    (MatchStage.NO_DEAL, COORDINATOR): gettext_lazy(
        "The match ended without an agreement; its reason teaches the matching engine and the "
        "need may get other matches."
    ),
    (MatchStage.NO_DEAL, COMPANY): gettext_lazy(
        "The match ended without an agreement; nothing more is expected of you, and the "
        "coordinator may propose other providers."
    ),
    (MatchStage.NO_DEAL, PROVIDER): gettext_lazy(
        "The match ended without an agreement; nothing more is expected of you."
    ),
    (MatchStage.DISMISSED, COORDINATOR): gettext_lazy(
        "The match was dismissed; its reason teaches the matching engine."
    ),
    (MatchStage.DISMISSED, COMPANY): gettext_lazy(
        "The coordinator decided not to pursue this match; nothing is expected of you, and "
        "other providers may still be proposed."
    ),
    (MatchStage.DISMISSED, PROVIDER): gettext_lazy(
        "The coordinator decided not to pursue this match; nothing is expected of you."
    ),
}

# An introduced company of an anonymous need that has not agreed yet has one thing to do.
CONSENT_FIRST = gettext_lazy(
    "Agree to the introduction so that the provider may see your company and contact you; "
    "until then the provider does not know who you are."
)


def role_of(user: Any, match: Match) -> str | None:
    """The reader's side: a party first (it answers), else a coordinator, else none."""
    party = _party(user, match)
    if party is not None:
        return party
    if can_coordinate(user, match):
        return COORDINATOR
    return None


def next_step(match: Match, role: str | None) -> Promise | None:
    if role is None:
        return None
    if (
        role == COMPANY
        and match.stage in (MatchStage.PROPOSED, MatchStage.SHORTLISTED)
        and match.need.visibility == "anonymous"
        and match.company_consented_at is None
    ):
        return CONSENT_FIRST
    return NEXT_STEPS.get((match.stage, role))


@dataclass(frozen=True)
class Contact:
    name: str
    title: str
    email: str
    phone: str


def contacts_visible(user: Any, match: Match) -> bool:
    """Contact persons are shown once the parties are introduced, and only where the
    company may be known: never before an anonymous company's consent."""
    return match.stage in PARTY_STAGES and company_visible_to(user, match)


def party_contacts(organisation_id: int) -> list[Contact]:
    return [
        Contact(m.user.display_name, m.title, m.user.email, m.user.phone)
        for m in contact_persons_of(organisation_id)
    ]


def contacts_for(user: Any, match: Match) -> dict[str, list[Contact]]:
    """The other side's contact persons for a party; both sides for a coordinator."""
    if not contacts_visible(user, match):
        return {}
    role = role_of(user, match)
    shown: dict[str, list[Contact]] = {}
    if role in (PROVIDER, COORDINATOR):
        shown[COMPANY] = party_contacts(match.need.organisation_id)
    if role in (COMPANY, COORDINATOR):
        shown[PROVIDER] = party_contacts(match.service.provider_id)
    return shown


def coordinator_note(match: Match) -> str:
    """The note the coordinator wrote when introducing, else when accepting the proposal."""
    introduced = (
        MatchEvent.objects.filter(
            match=match, kind=MatchEventKind.STAGE, to_stage=MatchStage.INTRODUCED
        )
        .exclude(text="")
        .order_by("-created_at")
        .values_list("text", flat=True)
        .first()
    )
    if introduced:
        return introduced
    return match.proposal.decision_note if match.proposal else ""


def event_sentence(event: MatchEvent) -> str:
    """A timeline entry in the reader's language, from the codes kept with it."""
    data = event.data or {}
    text = event.text
    if event.kind == MatchEventKind.ANSWER and data.get("party") in PARTY_ANSWERED:
        sentence = str(PARTY_ANSWERED[data["party"]]) % {
            "answer": PartyAnswer(data.get("answer", PartyAnswer.PENDING)).label
        }
        if data.get("reason") in DeclineReason.values:
            sentence += f" ({DeclineReason(data['reason']).label})"
        return f"{sentence}. {text}".strip() if text else sentence
    if data.get("origin") in MatchOrigin.values:
        origin = str(MatchOrigin(data["origin"]).label)
        return f"{origin}: {text}" if text else origin
    if "assignee" in data:
        return _("Assigned to %(name)s") % {"name": data["assignee"] or "–"}
    return text


FIRST_CALL_MINUTES = 30
FIRST_CALL_LEAD_DAYS = 2
FIRST_CALL_HOUR = 10


def first_call_start(now: datetime) -> datetime:
    """A proposal, not a booking: 10:00 Finnish time on the first weekday two days on."""
    zone = ZoneInfo(settings.TIME_ZONE)
    day = now.astimezone(zone).date() + timedelta(days=FIRST_CALL_LEAD_DAYS)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(FIRST_CALL_HOUR), tzinfo=zone)


def first_call_ics(user: Any, match: Match, *, now: datetime | None = None) -> str:
    """The first call's calendar proposal: the reader and the other side's contacts."""
    now = now or timezone.now()
    start = first_call_start(now)
    contacts = contacts_for(user, match)
    attendees = [Attendee(c.name, c.email) for side in contacts.values() for c in side]
    domain = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0] or "localhost"
    step = next_step(match, role_of(user, match))
    link = settings.SITE_URL + reverse("match_detail", args=[match.pk])
    event = CalendarEvent(
        uid=f"match-{match.pk}-first-call@{domain}",
        start=start,
        end=start + timedelta(minutes=FIRST_CALL_MINUTES),
        summary=_("First call: %(need)s / %(service)s")
        % {"need": match.need.title, "service": match.service.title},
        description="\n".join(filter(None, [str(step or ""), link])),
        url=link,
        organizer=Attendee(user.display_name, user.email),
        attendees=attendees,
    )
    return calendar(event, product=settings.SITE_NAME, stamp=now)
