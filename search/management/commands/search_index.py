"""Manage the Elasticsearch index: create, rebuild behind the alias, reconcile, count."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from search import maintenance


class Command(BaseCommand):
    help = "Create, rebuild (new index + atomic alias swap), reconcile or count the index."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("action", choices=["create", "rebuild", "reconcile", "counts"])

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.ELASTICSEARCH_URL:
            raise CommandError("ELASTICSEARCH_URL is not set; the embedded search needs no index.")
        try:
            report = getattr(maintenance, options["action"])()
        except maintenance.IndexError_ as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(json.dumps(report, indent=2, default=str))
