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
def _fresh_embedded_search_index() -> Iterator[None]:
    """The in-process search index outlives a test's rolled-back rows: start each empty."""
    from search.backends.embedded import forget_indexes

    forget_indexes()
    yield


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
    user = factories.UserFactory.create()
    cluster = factories.ClusterFactory.create()
    cluster.coordinators.add(user)
    return factories.with_totp(user)


@pytest.fixture
def staff_user(db: Any) -> Any:
    """A staff member (and superuser) who has activated TOTP, as every staff member must."""
    return factories.with_totp(factories.UserFactory.create(is_staff=True, is_superuser=True))


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


class WorkerFactory:
    """Start real `celery worker` processes on Redis that use the test database."""

    def __init__(self, redis_url: str, tmp_path: Path, settings: Any) -> None:
        from django.db import connection

        if connection.vendor != "postgresql":
            service_unavailable("a worker process needs a shared database (PostgreSQL)")
        self.queue = f"tki-test-{uuid.uuid4().hex[:8]}"
        # The test's own names for the matching and e-mail queues too (config/settings.py).
        self.matching_queue = f"{self.queue}-matching"
        self.email_queue = f"{self.queue}-email"
        self.queues = ",".join((self.queue, self.matching_queue, self.email_queue))
        self.tmp_path = tmp_path
        self.mail_dir = tmp_path / "mail"
        settings.MATCHING_MODEL_DIR = tmp_path / "models"
        db = connection.settings_dict
        self.env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DATABASE_URL": (
                f"postgres://{db['USER'] or 'postgres'}:{db['PASSWORD'] or ''}@"
                f"{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
            ),
            "REDIS_URL": redis_url,
            "CELERY_TASK_DEFAULT_QUEUE": self.queue,
            "CELERY_MATCHING_QUEUE": self.matching_queue,
            "CELERY_EMAIL_QUEUE": self.email_queue,
            "SECRET_KEY": "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "DJANGO_DEBUG": "0",
            "DB_CONN_MAX_AGE": "0",
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": str(self.mail_dir),
            # The worker and this process must read and write the same model files.
            "MATCHING_MODEL_DIR": str(settings.MATCHING_MODEL_DIR),
        }
        self.processes: list[tuple[subprocess.Popen, Any]] = []

    def start(self, name: str = "worker", **env: str) -> tuple[subprocess.Popen, Path]:
        celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
        log_path = self.tmp_path / f"{name}.log"
        log = open(log_path, "w")  # noqa: SIM115 - closed in stop_all
        process = subprocess.Popen(
            [
                celery,
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--concurrency=1",
                "-Q",
                self.queues,
                "--without-gossip",
                "--without-mingle",
                "--loglevel=INFO",
                "-n",
                f"{name}-{self.queue}@%h",
            ],
            cwd=ROOT,
            env={**self.env, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        self.processes.append((process, log))
        _wait_for_worker(process, log_path)
        return process, log_path

    def stop_all(self) -> None:
        for process, log in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
                try:
                    process.wait(timeout=15)
                except subprocess.TimeoutExpired:
                    process.kill()
            log.close()


@pytest.fixture
def celery_workers(
    redis_url: str, transactional_db: Any, tmp_path: Path, settings: Any
) -> Iterator[WorkerFactory]:
    """Real workers on their own queue, so a developer's worker never steals the tasks."""
    from config.celery import app
    from config.settings import celery_task_routes

    factory = WorkerFactory(redis_url, tmp_path, settings)
    saved = {
        key: app.conf[key]
        for key in ("task_always_eager", "task_default_queue", "broker_url", "task_routes")
    }
    app.conf.update(
        task_always_eager=False,
        task_default_queue=factory.queue,
        broker_url=redis_url,
        task_routes=celery_task_routes(factory.matching_queue, factory.email_queue),
    )
    # The router is built once from task_routes: rebuild it for the test's queue names.
    app.amqp.flush_routes()
    app.amqp.router = app.amqp.Router()  # type: ignore[misc]
    try:
        yield factory
    finally:
        app.conf.update(saved)
        app.amqp.flush_routes()
        app.amqp.router = app.amqp.Router()  # type: ignore[misc]
        factory.stop_all()


@pytest.fixture
def celery_worker_process(celery_workers: WorkerFactory) -> dict[str, Any]:
    process, log = celery_workers.start()
    return {
        "queue": celery_workers.queue,
        "mail_dir": celery_workers.mail_dir,
        "process": process,
        "log": log,
    }


def _wait_for_worker(process: subprocess.Popen, log: Path) -> None:
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


@pytest.fixture
def parties(db: Any, coordinator: Any) -> dict[str, Any]:
    """A company with a published need, a provider with a published service, a coordinator."""
    company = factories.MembershipFactory.create()
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    need = factories.NeedFactory.create(organisation=company.organisation)
    service = factories.ServiceFactory.create(provider=provider.organisation)
    return {
        "coordinator": coordinator,
        "company": company.user,
        "provider": provider.user,
        "need": need,
        "service": service,
    }
