"""Shared fixtures.

REQUIRE_SERVICES=1 (set by .ci/run) turns every "service not available" into a failure:
the suite must then run on PostgreSQL, and tests that need Redis or a Celery worker fail
instead of skipping.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from . import factories

REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"
ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: Any) -> None:
    if REQUIRE_SERVICES and settings.DATABASES["default"]["ENGINE"] != (
        "django.db.backends.postgresql"
    ):
        raise pytest.UsageError("REQUIRE_SERVICES=1 but DATABASE_URL does not point at PostgreSQL.")


def service_unavailable(reason: str) -> None:
    if REQUIRE_SERVICES:
        pytest.fail(f"Required service unavailable: {reason}")
    pytest.skip(reason)


@pytest.fixture(autouse=True)
def _no_request_ends_in_a_server_error() -> Iterator[None]:
    """Fail any test during which a request raised an unhandled exception (a 500)."""
    from django.core.signals import got_request_exception

    failures: list[str] = []

    def record(sender: Any, request: Any = None, **kwargs: Any) -> None:
        failures.append(getattr(request, "path", "?"))

    got_request_exception.connect(record, weak=False)
    yield
    got_request_exception.disconnect(record)
    assert not failures, f"Requests ended in a server error: {failures}"


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _seeded_taxonomy_in_transactional_tests(request: Any) -> None:
    """Transactional tests flush every table afterwards, the migration's seed data too."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or any(
        name in request.fixturenames for name in ("transactional_db", "live_server")
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from taxonomy.models import Region
    from taxonomy.seed import seed_taxonomy

    if not Region.objects.exists():
        seed_taxonomy(apps)


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture
def company_member(db: Any) -> Any:
    return factories.MembershipFactory.create(organisation=factories.OrganisationFactory.create())


@pytest.fixture
def provider_member(db: Any) -> Any:
    return factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())


@pytest.fixture
def coordinator(db: Any) -> Any:
    """A coordinator of a Lapland cluster who has activated TOTP."""
    from allauth.mfa.models import Authenticator

    user = factories.UserFactory.create()
    cluster = factories.ClusterFactory.create()
    cluster.coordinators.add(user)
    Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": "JBSWY3DPEHPK3PXP"}
    )
    return user


@pytest.fixture
def redis_url() -> str:
    url = os.environ.get("REDIS_URL", "")
    if not url:
        service_unavailable("REDIS_URL is not set")
    import redis

    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as exc:
        service_unavailable(f"Redis at {url} does not answer: {exc}")
    return url


@pytest.fixture
def celery_worker_process(
    redis_url: str, transactional_db: Any, tmp_path: Path, settings: Any
) -> Iterator[dict[str, Any]]:
    """A real `celery worker` process on Redis, using the test database.

    The test's own process publishes to a queue of its own, so a developer's worker on the
    same Redis never steals the test's tasks.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        service_unavailable("a worker process needs a shared database (PostgreSQL)")
    from matchmaking.celery import app

    queue = f"tki-test-{uuid.uuid4().hex[:8]}"
    db = connection.settings_dict
    database_url = (
        f"postgres://{db['USER'] or 'postgres'}:{db['PASSWORD'] or ''}@"
        f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    )
    mail_dir = tmp_path / "mail"
    settings.MATCHING_MODEL_DIR = tmp_path / "models"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "matchmaking.settings",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "SECRET_KEY": "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DJANGO_DEBUG": "0",
        "DB_CONN_MAX_AGE": "0",
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        # The worker and this process must read and write the same model files.
        "MATCHING_MODEL_DIR": str(settings.MATCHING_MODEL_DIR),
    }
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            celery,
            "-A",
            "matchmaking",
            "worker",
            "--pool=solo",
            "--concurrency=1",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--loglevel=INFO",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    saved = {
        key: app.conf[key] for key in ("task_always_eager", "task_default_queue", "broker_url")
    }
    app.conf.update(task_always_eager=False, task_default_queue=queue, broker_url=redis_url)
    try:
        _wait_for_worker(app, queue, process, tmp_path / "worker.log")
        yield {
            "queue": queue,
            "mail_dir": mail_dir,
            "process": process,
            "log": tmp_path / "worker.log",
        }
    finally:
        app.conf.update(saved)
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _wait_for_worker(app: Any, queue: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"The Celery worker exited early:\n{log.read_text()[-3000:]}")
        if "ready." in log.read_text():
            return
        time.sleep(0.3)
    pytest.fail(f"The Celery worker did not start:\n{log.read_text()[-3000:]}")


def wait_until(predicate: Any, timeout: float = 30.0, interval: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return False
