from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import capfirst

from .brokering.history import decided_proposals_of
from .models import EngineVersion, Match, Proposal


class KeepsHistoryAdmin(admin.ModelAdmin):
    """The delete page lists decided proposals as protected, like the matches a PROTECT
    foreign key already lists, so the admin refuses to cascade them away.

    `history_lookup` names the keyword of `decided_proposals_of` the deleted rows fill."""

    history_lookup = ""

    def get_deleted_objects(self, objs: Any, request: HttpRequest) -> Any:
        to_delete, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        ids = [obj.pk for obj in objs]
        for proposal in decided_proposals_of(**{self.history_lookup: ids}).select_related(
            "need", "service"
        ):
            protected.append(f"{capfirst(Proposal._meta.verbose_name)}: {proposal}")
        return to_delete, model_count, perms_needed, protected


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["need", "service", "score", "status", "source", "model_version", "updated_at"]
    list_filter = ["status", "source", "model_version"]
    search_fields = [
        "need__title",
        "service__title",
        "need__organisation__name",
        "service__provider__name",
    ]
    raw_id_fields = ["need", "service", "decided_by"]
    readonly_fields = ["features", "reasons", "model_version", "created_at", "updated_at"]
    list_select_related = ["need", "service"]


@admin.register(EngineVersion)
class EngineVersionAdmin(admin.ModelAdmin):
    list_display = ["version", "active", "created_at"]
    list_filter = ["active"]
    readonly_fields = ["version", "metadata", "reranker_report", "created_at"]


@admin.register(Match)
class MatchAdmin(admin.ModelAdmin):
    list_display = ["need", "service", "stage", "origin", "assignee", "updated_at"]
    list_filter = ["stage", "origin", "outcome_type"]
    search_fields = ["need__title", "service__title"]
    raw_id_fields = ["need", "service", "proposal", "assignee", "created_by"]
