"""`manage.py backup`: the database as a pg_dump custom-format archive and the trained
matching models (and media files, if any) as a tar, side by side in one directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import tarfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection
from django.utils import timezone


def pg_environment(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's variables for a Django database setting: no password on the command line."""
    env = dict(os.environ)
    for key, variable in (
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ):
        if database.get(key):
            env[variable] = str(database[key])
    return env


def file_directories() -> list[Path]:
    directories = [Path(settings.MATCHING_MODEL_DIR)]
    media = getattr(settings, "MEDIA_ROOT", "")
    if media:
        directories.append(Path(media))
    return [directory for directory in directories if directory.is_dir()]


class Command(BaseCommand):
    help = "Back up the database (pg_dump custom format) and the model and media files."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--output-dir",
            default=str(Path(settings.VAR_DIR) / "backups"),
            help="Directory for the backup files (created if missing).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "Backups use pg_dump: set DATABASE_URL to the PostgreSQL database. "
                "(The SQLite development database is one file: copy var/db.sqlite3.)"
            )
        pg_dump = shutil.which("pg_dump")
        if pg_dump is None:
            raise CommandError("pg_dump was not found; install the PostgreSQL client tools.")
        output = Path(options["output_dir"])
        output.mkdir(parents=True, exist_ok=True)
        stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
        database = settings.DATABASES["default"]
        dump = output / f"tki-{stamp}.dump"
        # A fixed program; its arguments come from the settings and this command's options.
        result = subprocess.run(  # noqa: S603
            [pg_dump, "--format=custom", "--no-owner", f"--file={dump}", database["NAME"]],
            env=pg_environment(database),
            capture_output=True,
            text=True,
            check=False,
        )
        if result.returncode != 0:
            dump.unlink(missing_ok=True)
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
        files = output / f"tki-{stamp}-files.tar.gz"
        with tarfile.open(files, "w:gz") as archive:
            for directory in file_directories():
                archive.add(directory, arcname=directory.name)
        self.stdout.write(f"{dump}\n{files}")
