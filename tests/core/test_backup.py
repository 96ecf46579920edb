"""`manage.py backup` then `manage.py restore` into a new database finds every row again."""

from __future__ import annotations

import tarfile
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from tests import factories

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def _counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def postgres():
    if connection.vendor != "postgresql":
        from tests.conftest import service_unavailable

        service_unavailable("backups are taken with pg_dump from PostgreSQL")


def test_a_backup_restored_into_a_new_database_has_every_row(postgres, tmp_path, settings):
    import psycopg

    settings.MATCHING_MODEL_DIR = tmp_path / "models"
    settings.MATCHING_MODEL_DIR.mkdir()
    (settings.MATCHING_MODEL_DIR / "engine-1.joblib").write_bytes(b"model bytes")
    need = factories.NeedFactory.create()
    factories.ServiceFactory.create_batch(3)
    factories.MembershipFactory.create(organisation=need.organisation)

    call_command("backup", output_dir=str(tmp_path / "backups"))
    dump = next((tmp_path / "backups").glob("*.dump"))
    files = next((tmp_path / "backups").glob("*-files.tar.gz"))
    with tarfile.open(files) as archive:
        assert "models/engine-1.joblib" in archive.getnames()

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    admin = psycopg.connect(**params, autocommit=True)
    copy = f"tki_restore_{uuid.uuid4().hex[:8]}"
    admin.execute(f"CREATE DATABASE {copy}")
    try:
        (settings.MATCHING_MODEL_DIR / "engine-1.joblib").unlink()
        call_command("restore", dump=str(dump), files=str(files), database=copy)
        assert (settings.MATCHING_MODEL_DIR / "engine-1.joblib").read_bytes() == b"model bytes"

        tables = connection.introspection.table_names()
        with connection.cursor() as cursor:
            expected = _counts(cursor, tables)
        with (
            psycopg.connect(**{**params, "dbname": copy}) as restored,
            restored.cursor() as cursor,
        ):
            found = _counts(cursor, tables)
    finally:
        admin.execute(f"DROP DATABASE IF EXISTS {copy} WITH (FORCE)")
        admin.close()

    assert found == expected
    assert expected["companies_developmentneed"] == 1
    assert expected["services_rdservice"] == 3


def test_a_missing_dump_is_a_sentence_not_a_traceback(tmp_path):
    with pytest.raises(CommandError, match="No such dump file"):
        call_command("restore", dump=str(Path(tmp_path) / "nothing.dump"))
