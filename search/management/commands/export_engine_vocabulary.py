"""Write the taxonomy's and search's bilingual vocabulary to the engine's data file."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from engine import language
from search.vocabulary import vocabulary_text


class Command(BaseCommand):
    help = (
        "Export word pairs from the taxonomy labels and search synonyms to engine/vocabulary.tsv."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--check", action="store_true", help="Exit 1 if the file is not up to date."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not language.resources_status()["voikko"]:
            raise CommandError(
                "Voikko is not installed (make language-resources): Finnish labels cannot be "
                "reduced to base forms, so the vocabulary would not match what the engine reads."
            )
        text = vocabulary_text()
        path = language.VOCABULARY_FILE
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if options["check"]:
            if current != text:
                raise CommandError(f"{path} is out of date: run manage.py export_engine_vocabulary")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {text.count(chr(10)) - 1} word pairs to {path}.")
