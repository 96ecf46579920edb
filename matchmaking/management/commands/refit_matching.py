import json
from typing import Any

from django.core.management.base import BaseCommand

from matchmaking.matching.proposals import engine_refit


class Command(BaseCommand):
    help = "Fit the matching engine on all published needs and services and re-match them."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--no-rematch",
            action="store_true",
            help="Fit and save only; leave stored proposals as they are.",
        )
        parser.add_argument(
            "--distribute",
            action="store_true",
            help="Queue the re-match as one task per chunk of needs on the matching queue, "
            "for every worker to share, instead of running it here.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        record, _engine = engine_refit(
            rematch=not options["no_rematch"],
            reason="manage.py refit_matching",
            distribute=options["distribute"],
        )
        self.stdout.write(self.style.SUCCESS(f"Engine {record.version} is active."))
        self.stdout.write(
            json.dumps({"metadata": record.metadata, "reranker": record.reranker_report}, indent=2)
        )
