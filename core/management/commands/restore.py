"""`manage.py restore --dump FILE [--files FILE] [--database NAME]`: a backup made by
`manage.py backup` back into the configured database (or another one on the same server)."""

from __future__ import annotations

import shutil
import subprocess
import tarfile
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from .backup import file_directories, pg_environment


class Command(BaseCommand):
    help = "Restore a database dump and, optionally, the tar of model and media files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dump", required=True, help="The .dump file of `manage.py backup`.")
        parser.add_argument("--files", help="The -files.tar.gz of the same backup.")
        parser.add_argument(
            "--database",
            help="Restore into this database on the same server instead of the configured one "
            "(it must exist and be empty), e.g. to check a backup.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dump = Path(options["dump"])
        if not dump.is_file():
            raise CommandError(f"No such dump file: {dump}")
        pg_restore = shutil.which("pg_restore")
        if pg_restore is None:
            raise CommandError("pg_restore was not found; install the PostgreSQL client tools.")
        database = settings.DATABASES["default"]
        target = options["database"] or database["NAME"]
        # A fixed program; its arguments come from the settings and this command's options.
        result = subprocess.run(  # noqa: S603
            [
                pg_restore,
                "--no-owner",
                "--clean",
                "--if-exists",
                "--exit-on-error",
                f"--dbname={target}",
                str(dump),
            ],
            env=pg_environment(database),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            raise CommandError(f"pg_restore failed: {result.stderr.strip()}")
        if options["files"]:
            self._restore_files(Path(options["files"]))
        self.stdout.write(f"Restored {dump.name} into {target}.")

    def _restore_files(self, path: Path) -> None:
        if not path.is_file():
            raise CommandError(f"No such files archive: {path}")
        destinations = {directory.name: directory for directory in file_directories()}
        destinations.setdefault(
            Path(settings.MATCHING_MODEL_DIR).name, Path(settings.MATCHING_MODEL_DIR)
        )
        with tarfile.open(path, "r:gz") as archive:
            for member in archive.getmembers():
                top = member.name.split("/", 1)[0]
                if top not in destinations:
                    continue
                # Each top-level directory goes back to where the settings say it lives.
                parent = destinations[top].parent
                parent.mkdir(parents=True, exist_ok=True)
                archive.extract(member, parent, filter="data")
