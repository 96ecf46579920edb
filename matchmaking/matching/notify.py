"""What matching tells people: one function per event."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy

from companies.models import DevelopmentNeed
from notifications.models import Event, Notification
from notifications.notify import notify
from services.models import RDService
from taxonomy.models import Cluster

from ..models import Proposal

# A coordinator told of more new proposals than this by one re-match gets one digest instead.
DIGEST_AFTER = 3


def notify_new_proposals(need_id: int, proposals: list[Proposal]) -> None:
    """Coordinators hear of new proposals above their cluster's threshold, once per pair."""
    need = DevelopmentNeed.objects.filter(pk=need_id).select_related("region").first()
    if need is None:
        return
    clusters = Cluster.objects.reaching(
        region_id=need.region_id, area_ids=need.priority_areas.values("pk")
    ).prefetch_related("coordinators")
    services = {s.pk: s for s in RDService.objects.filter(pk__in=[p.service_id for p in proposals])}
    for cluster in clusters:
        for proposal in proposals:
            if proposal.score < cluster.proposal_threshold:
                continue
            service = services.get(proposal.service_id)
            _notify_one(cluster.coordinators.all(), need, proposal, service)


def _notify_one(recipients: Any, need: DevelopmentNeed, proposal: Proposal, service: Any) -> None:
    notify(
        recipients=recipients,
        event=Event.NEW_PROPOSAL,
        object_key=f"proposal:{need.pk}:{proposal.service_id}",
        url=need.get_absolute_url(),
        title=gettext_lazy("New proposal (%(score)s): %(need)s"),
        title_params={"score": f"{proposal.score:.2f}", "need": need.title},
        body=f"{need.title} → {service.title if service else ''}",
    )


def notify_new_proposals_in_bulk(new: dict[int, list[Proposal]], *, batch: str) -> int:
    """A re-match of many needs (a refit's chunk): each coordinator hears only of new pairs
    above a threshold of a cluster reaching the need, one notification per pair, and whoever
    would get more than DIGEST_AFTER of them gets one digest for the whole `batch` instead
    (the key makes it one per batch, however many chunks a batch has). Returns the number of
    notifications considered (pairs told one by one plus digests)."""
    if not any(new.values()):
        return 0
    needs = {
        need.pk: need
        for need in DevelopmentNeed.objects.filter(pk__in=list(new)).prefetch_related(
            "priority_areas"
        )
    }
    clusters = list(Cluster.objects.prefetch_related("coordinators", "priority_areas"))
    # coordinator -> the (need, proposal) pairs they would be told of, once each
    told: dict[int, dict[tuple[int, int], tuple[DevelopmentNeed, Proposal]]] = defaultdict(dict)
    users: dict[int, Any] = {}
    for need_id, proposals in new.items():
        need = needs.get(need_id)
        if need is None:
            continue
        areas = {area.pk for area in need.priority_areas.all()}
        for cluster in clusters:
            reaches = cluster.region_id == need.region_id or bool(
                areas & {area.pk for area in cluster.priority_areas.all()}
            )
            if not reaches:
                continue
            for proposal in proposals:
                if proposal.score < cluster.proposal_threshold:
                    continue
                for user in cluster.coordinators.all():
                    users[user.pk] = user
                    told[user.pk][(need_id, proposal.service_id)] = (need, proposal)
    digest_key = f"proposals:{batch}"
    # The key notify() gives a digest: whoever got this batch's digest gets no pair alone.
    digested = set(
        Notification.objects.filter(
            key__in=[f"{user_id}:{Event.NEW_PROPOSAL}:{digest_key}:" for user_id in told]
        ).values_list("recipient_id", flat=True)
    )
    services = {
        s.pk: s
        for s in RDService.objects.filter(
            pk__in={service_id for pairs in told.values() for _need, service_id in pairs}
        ).only("pk", "title")
    }
    sent = 0
    for user_id, pairs in told.items():
        user = users[user_id]
        if user_id in digested or len(pairs) > DIGEST_AFTER:
            notify(
                recipients=[user],
                event=Event.NEW_PROPOSAL,
                object_key=digest_key,
                url=reverse("brokering_inbox"),
                title=gettext_lazy("New proposals in your clusters: %(count)s"),
                title_params={"count": len(pairs)},
                body=", ".join(sorted({need.title for need, _p in pairs.values()})[:10]),
            )
            sent += 1
            continue
        for need, proposal in pairs.values():
            _notify_one([user], need, proposal, services.get(proposal.service_id))
            sent += 1
    return sent
