"""Writes of the situational picture: asking for and recording ratings and impact answers.

Questions are rows written before anyone is told (unique per match and party, or per
match and month), so a repeated run of the daily task asks nobody twice; the notification
goes out in the same transaction through the notifications outbox.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, Field, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scope import scope_for
from accounts.selectors import users_of
from core import jobs
from matchmaking.models import Match, MatchEvent, MatchStage
from notifications.models import Event
from notifications.notify import notify

from .models import IMPACT_MONTHS, AnswerDeadline, ImpactFollowUp, IntroductionRating, Party
from .working_days import working_days_after

IMPACT_SALT = "insights.impact"
BATCH = 500


def impact_link_days() -> int:
    return int(getattr(settings, "INSIGHTS_IMPACT_LINK_DAYS", 60))


# --- Introduction ratings -------------------------------------------------------------


def party_of(user: Any, match: Match) -> str | None:
    scope = scope_for(user)
    if match.need.organisation_id in scope.org_ids:
        return Party.COMPANY
    if match.service.provider_id in scope.org_ids:
        return Party.PROVIDER
    return None


@transaction.atomic
def ratings_ask(*, limit: int = BATCH) -> int:
    """Ask both parties of each introduced match, once: "was the introduction useful?"."""
    asked = IntroductionRating.objects.filter(match=OuterRef("pk"))
    introduced = MatchEvent.objects.filter(match=OuterRef("pk"), to_stage=MatchStage.INTRODUCED)
    matches = (
        Match.objects.filter(Exists(introduced))
        .filter(~Exists(asked))
        .select_related("need", "service__provider")
        .order_by("pk")[:limit]
    )
    count = 0
    for match in matches:
        for party, org_id in (
            (Party.COMPANY, match.need.organisation_id),
            (Party.PROVIDER, match.service.provider_id),
        ):
            rating, created = IntroductionRating.objects.get_or_create(match=match, party=party)
            if not created:
                continue
            count += 1
            notify(
                recipients=users_of(org_id),
                event=Event.RATING_REQUEST,
                object_key=f"rating:{rating.pk}",
                period="rating",
                title=gettext_lazy("Was the introduction useful? %(need)s"),
                title_params={"need": match.need.title},
                url=reverse("insights_rate", args=[rating.pk]),
            )
    return count


@transaction.atomic
def rating_submit(
    *, rating: IntroductionRating, by: Any, score: Any, comment: str = ""
) -> IntroductionRating:
    """A party answers: 1 (not useful) to 5 (very useful), with an optional comment."""
    locked = (
        IntroductionRating.objects.select_for_update(of=("self",))
        .select_related("match__need", "match__service")
        .get(pk=rating.pk)
    )
    if party_of(by, locked.match) != locked.party:
        raise PermissionDenied(_("Only the party asked answers this question."))
    try:
        value = int(score)
    except (TypeError, ValueError):
        value = 0
    if not 1 <= value <= 5:
        raise ValidationError({"score": [_("Choose a number from 1 to 5.")]})
    locked.score, locked.comment = value, (comment or "").strip()[:2000]
    locked.rated_by, locked.rated_at = by, timezone.now()
    locked.save(update_fields=["score", "comment", "rated_by", "rated_at"])
    jobs.picture_changed()
    return locked


# --- Impact follow-ups ----------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, min(day.day, 28))


def impact_token(follow_up: ImpactFollowUp) -> str:
    return signing.dumps({"f": follow_up.pk}, salt=IMPACT_SALT)


def follow_up_from_token(token: str) -> ImpactFollowUp:
    """Raises signing.BadSignature (or SignatureExpired) for a bad or old link."""
    data = signing.loads(token, salt=IMPACT_SALT, max_age=timedelta(days=impact_link_days()))
    if not isinstance(data, dict) or not isinstance(data.get("f"), int):
        raise signing.BadSignature("not an impact link")
    return ImpactFollowUp.objects.select_related("match__need__organisation").get(pk=data["f"])


@transaction.atomic
def impact_follow_ups_schedule(*, today: date | None = None, limit: int = BATCH) -> int:
    """Create the 3, 6 and 12 month forms of every agreement, then ask the company for
    those due. Idempotent: the rows are unique and the asking is a guarded update."""
    today = today or timezone.localdate()
    missing = Match.objects.filter(stage=MatchStage.AGREEMENT).filter(
        ~Exists(ImpactFollowUp.objects.filter(match=OuterRef("pk"), months=12))
    )
    rows = [
        ImpactFollowUp(
            match_id=match_id,
            months=months,
            due_date=add_months(timezone.localtime(agreed).date(), months),
        )
        for match_id, agreed in missing.values_list("pk", "stage_changed_at")[:limit]
        for months in IMPACT_MONTHS
    ]
    ImpactFollowUp.objects.bulk_create(rows, ignore_conflicts=True)
    due = ImpactFollowUp.objects.filter(
        due_date__lte=today, notified_at__isnull=True, answered_at__isnull=True
    ).select_related("match__need")[:limit]
    asked = 0
    for follow_up in due:
        claimed = ImpactFollowUp.objects.filter(pk=follow_up.pk, notified_at__isnull=True).update(
            notified_at=timezone.now()
        )
        if not claimed:
            continue
        asked += 1
        notify(
            recipients=users_of(follow_up.match.need.organisation_id),
            event=Event.IMPACT_FORM,
            object_key=f"impact:{follow_up.pk}",
            period=str(follow_up.months),
            title=gettext_lazy("What came of the agreement, %(months)s months on? %(need)s"),
            title_params={"months": follow_up.months, "need": follow_up.match.need.title},
            url=reverse("insights_impact_link", args=[impact_token(follow_up)]),
        )
    return asked


IMPACT_FIELDS = (
    "project_started",
    "funding_applied",
    "funding_granted",
    "funding_instrument",
    "funding_amount_eur",
    "product_process_innovation",
    "marketing_org_innovation",
    "private_investment_eur",
    "jobs_created",
)


def may_answer_impact(user: Any, follow_up: ImpactFollowUp) -> bool:
    """The company's members, the need's coordinators and staff."""
    if user is None or not user.is_authenticated:
        return False
    need = follow_up.match.need
    return need.organisation_id in scope_for(user).org_ids or bool(
        user.has_perm("matchmaking.coordinate_need", need)
    )


@transaction.atomic
def impact_answer(
    *, follow_up: ImpactFollowUp, by: Any, data: dict[str, Any], via_link: bool = False
) -> ImpactFollowUp:
    """Record the answers (validated by ImpactForm). `via_link`: the caller checked a
    signed link, which stands in for a login; `by` is then None."""
    if not via_link and not may_answer_impact(by, follow_up):
        raise PermissionDenied(_("Only the company and its coordinators answer this form."))
    locked = ImpactFollowUp.objects.select_for_update().get(pk=follow_up.pk)
    if data.get("funding_granted") and not data.get("funding_applied"):
        raise ValidationError({"funding_applied": [_("Funding granted was also applied for.")]})
    for field in IMPACT_FIELDS:
        model_field = ImpactFollowUp._meta.get_field(field)
        default = model_field.get_default() if isinstance(model_field, Field) else None
        value = data.get(field)
        setattr(locked, field, default if value is None else value)
    locked.answered_at = timezone.now()
    locked.answered_by = by if by is not None and by.is_authenticated else None
    locked.save()
    jobs.picture_changed()
    return locked


# --- The answer calendar --------------------------------------------------------------


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def answer_calendar_extend(*, start: date, end: date) -> int:
    """Make sure every day in [start, end) has its answer deadline; returns rows added.

    Called before a scorecard is computed for a period, so the table covers exactly the
    publication days anyone asked about; existing days are left alone (a no-op repeat).
    """
    with transaction.atomic():
        have = set(
            AnswerDeadline.objects.filter(day__gte=start, day__lt=end).values_list("day", flat=True)
        )
        rows = []
        day = start
        while day < end:
            if day not in have:
                deadline = working_days_after(day)
                rows.append(
                    AnswerDeadline(
                        day=day,
                        starts_at=_local_midnight(day),
                        ends_at=_local_midnight(day + timedelta(days=1)),
                        answer_by=_local_midnight(deadline + timedelta(days=1)),
                    )
                )
            day += timedelta(days=1)
        AnswerDeadline.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)
