"""What matching tells people: one function per event."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from companies.models import DevelopmentNeed
from notifications.models import Event
from notifications.notify import notify
from services.models import RDService
from taxonomy.models import Cluster

from ..models import Proposal


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
            notify(
                recipients=cluster.coordinators.all(),
                event=Event.NEW_PROPOSAL,
                object_key=f"proposal:{need_id}:{proposal.service_id}",
                url=need.get_absolute_url(),
                title=gettext_lazy("New proposal (%(score)s): %(need)s"),
                title_params={"score": f"{proposal.score:.2f}", "need": need.title},
                body=f"{need.title} → {service.title if service else ''}",
            )
