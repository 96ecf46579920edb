"""Rank services for needs from JSON-lines files, with the production engine, no database."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from engine import MatchingEngine, render
from engine.offline import InputError, read_items


class Command(BaseCommand):
    help = (
        "Rank services for each need (devset JSON-lines format) and print one JSON line "
        "per need, in input order."
    )
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--needs", required=True, type=Path)
        parser.add_argument("--services", required=True, type=Path)
        parser.add_argument("--top", type=int, default=10)
        parser.add_argument(
            "--language", default="en", choices=["en", "fi", "sv"], help="Language of the reasons."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["top"] < 1:
            raise CommandError("--top must be at least 1.")
        try:
            needs = read_items(options["needs"])
            services = read_items(options["services"])
        except InputError as exc:
            raise CommandError(str(exc)) from exc
        engine = MatchingEngine().fit(needs, services)
        for need in needs:
            matches = engine.rank(need, top=options["top"])
            self.stdout.write(
                json.dumps(
                    {
                        "need_id": need.id,
                        "results": [
                            {
                                "service_id": match.service_id,
                                "score": match.score,
                                "reasons": [render(r, options["language"]) for r in match.reasons],
                            }
                            for match in matches
                        ],
                    },
                    ensure_ascii=False,
                )
            )
