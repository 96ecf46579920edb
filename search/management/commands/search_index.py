"""Manage the search index: Elasticsearch's, or the database's search documents."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import maintenance, store
from search.models import SearchDocument


class Command(BaseCommand):
    help = (
        "With ELASTICSEARCH_URL: create, rebuild (new index + atomic alias swap), reconcile "
        "or count the index. Without: rebuild, reconcile or count the database's search "
        "documents (PostgreSQL search and the embedded index read them)."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["create", "rebuild", "reconcile", "counts"])

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"]
        if not settings.ELASTICSEARCH_URL:
            report = self._database(action)
        else:
            try:
                report = getattr(maintenance, action)()
            except maintenance.IndexError_ as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(report, indent=2, default=str))

    @staticmethod
    def _database(action: str) -> dict[str, Any]:
        if action == "create":
            # The migrations made the table; the first deploy after them fills it.
            if SearchDocument.objects.exists():
                return {"created": False, "documents": store.counts()}
            return {"created": True, "written": store.documents_rebuild()}
        if action == "rebuild":
            return {"written": store.documents_rebuild()}
        if action == "reconcile":
            return {"refreshed": store.reconcile(limit=10**9)}
        return {"documents": store.counts()}
