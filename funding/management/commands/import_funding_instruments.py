"""Import the funding catalogue from a CSV or XLSX file: all rows or none."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from funding.imports import ImportFileError, import_instruments, read_rows


class Command(BaseCommand):
    help = "Import funding instruments from a CSV or XLSX file (first row: column names)."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("path", help="A .csv or .xlsx file")
        parser.add_argument(
            "--as", dest="email", required=True, help="E-mail of the staff member importing"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email__iexact=options["email"], is_active=True).first()
        if user is None or not user.has_perm("funding.change_catalogue"):
            raise CommandError(f"{options['email']} is not an active coordinator or staff member.")
        path = Path(options["path"])
        if not path.is_file():
            raise CommandError(f"There is no file {path}.")
        try:
            with path.open("rb") as upload:
                rows = read_rows(upload, path.name)
        except ImportFileError as exc:
            raise CommandError(str(exc)) from exc
        report = import_instruments(rows=rows, by=user)
        if not report.ok:
            for error in report.errors:
                self.stderr.write(f"row {error.row}, {error.field or '-'}: {error.message}")
            raise CommandError(f"Nothing was imported: {len(report.errors)} problems.")
        self.stdout.write(f"Imported: {report.created} new, {report.updated} updated.")
