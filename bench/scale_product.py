"""The product's side of `bench/scale.py --product`: matching writes on a database.

On a scratch PostgreSQL database (`<name>_bench`, dropped and created) with a regional data
set made through the product's functions (bench/regional.py):

1. a refit: wall time, fit time, proposals written (INSERT/UPDATE/DELETE statements and
   rows), notifications and e-mails it queued; then a second refit with nothing changed;
2. a service edit through `service_update`: wall time, needs re-ranked, rows written, and
   that the fitted model file was not written again;
3. publish-to-proposals: `need_publish` until its proposals are stored, in this process
   (engine warm), and through a real Celery worker on Redis while an e-mail backlog is
   queued, once with the separate queues and once with every task on one queue.

The engine-level cost of a service edit at 100k services (append and replay against
re-saving the model) is in `scale.py --service-edit`.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


class Writes:
    """Counts the statements that write, per table, through Django's execute wrapper."""

    def __init__(self) -> None:
        self.counts: Counter[str] = Counter()

    def __call__(self, execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        head = sql.lstrip()[:6].upper()
        if head in ("INSERT", "UPDATE", "DELETE"):
            table = sql.split('"')[1] if '"' in sql else "?"
            self.counts[f"{head.lower()} {table}"] += 1
        return execute(sql, params, many, context)


def owner_of(organisation: Any) -> Any:
    from accounts.models import User

    return User.objects.filter(memberships__organisation=organisation).earliest("pk")


def setup(database_url: str, redis_url: str, model_dir: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DATABASE_URL=database_url,
        DJANGO_DEBUG="0",
        SECRET_KEY="bench-" + "x" * 50,
        CELERY_TASK_ALWAYS_EAGER="1",
        EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend",
        MATCHING_MODEL_DIR=str(model_dir),
        VAR_DIR=str(model_dir.parent),
        LOG_LEVEL="WARNING",
    )
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def refit(label: str) -> dict[str, Any]:
    from django.db import connection

    from matchmaking.matching.proposals import engine_refit
    from matchmaking.models import Proposal
    from notifications.models import Notification, OutboundEmail

    before = (Notification.objects.count(), OutboundEmail.objects.count())
    writes = Writes()
    started = time.perf_counter()
    with connection.execute_wrapper(writes):
        record, _engine = engine_refit(reason=label)
    wall = time.perf_counter() - started
    rematch = record.metadata.get("rematch", {})
    return {
        "refit": label,
        "wall_s": round(wall, 2),
        "fit_s": record.metadata.get("fit_seconds"),
        "proposals": Proposal.objects.count(),
        "rows_created": rematch.get("created", 0),
        "rows_updated": rematch.get("updated", 0),
        "rows_deleted": rematch.get("deleted", 0),
        "rows_unchanged": rematch.get("unchanged", 0),
        "proposal_statements": sum(
            n for key, n in writes.counts.items() if key.endswith("matchmaking_proposal")
        ),
        "notifications": Notification.objects.count() - before[0],
        "emails": OutboundEmail.objects.count() - before[1],
        "tasks_queued": 0,  # chunks ran here; `distribute=True` queues one task per chunk
    }


def new_services(count: int) -> None:
    """Services published without their per-row matching (the next refit finds them)."""
    import random

    from accounts.models import Membership
    from core.jobs import deferred
    from services.actions import service_create, service_publish
    from services.models import RDService
    from taxonomy.models import ServiceType

    rng = random.Random(7)
    template = list(RDService.objects.filter(status="published").order_by("?")[:count])
    owners = dict(Membership.objects.values_list("organisation_id", "user_id"))
    from accounts.models import User

    with deferred():
        for service in template:
            owner = User.objects.get(pk=owners[service.provider_id])
            created = service_create(
                by=owner,
                provider=service.provider,
                title=f"{service.title} (new {rng.randint(1, 9999)})",
                description=service.description,
                languages=service.languages,
                service_type=ServiceType.objects.get(pk=service.service_type_id),
                priority_areas=list(service.priority_areas.all()),
            )
            service_publish(service=created, by=owner)


def service_edit() -> dict[str, Any]:
    from django.db import connection

    from engine import persist
    from matchmaking.models import EngineUpdate
    from services.actions import service_update
    from services.models import RDService

    service = RDService.objects.filter(status="published").order_by("pk").first()
    assert service is not None
    owner = owner_of(service.provider)
    saves: list[Any] = []
    real_save = persist.save

    def counted_save(engine: Any, path: Path) -> None:
        saves.append(path)
        real_save(engine, path)

    persist.save = counted_save
    writes = Writes()
    started = time.perf_counter()
    try:
        with connection.execute_wrapper(writes):
            service_update(
                service=service,
                by=owner,
                description=service.description + " Kulumiskestävyyden testaus pakkasessa.",
            )
    finally:
        persist.save = real_save
    return {
        "service_edit_s": round(time.perf_counter() - started, 2),
        "proposal_statements": sum(
            n for key, n in writes.counts.items() if key.endswith("matchmaking_proposal")
        ),
        "model_files_written": len(saves),
        "log_entries": EngineUpdate.objects.count(),
    }


def publish_in_process() -> dict[str, Any]:
    """need_publish to stored proposals, tasks in this process, engine already loaded."""
    from companies.actions import need_publish, need_unpublish
    from companies.models import DevelopmentNeed
    from matchmaking.models import Proposal

    times = []
    for need in DevelopmentNeed.objects.filter(status="published").order_by("pk")[:5]:
        owner = owner_of(need.organisation)
        need_unpublish(need=need, by=owner)
        Proposal.objects.filter(need=need, status="proposed").delete()
        started = time.perf_counter()
        need_publish(need=need, by=owner)
        assert Proposal.objects.filter(need=need).exists()
        times.append(time.perf_counter() - started)
    return {"publish_to_proposals_ms_median": round(sorted(times)[len(times) // 2] * 1000)}


def publish_with_backlog(
    redis_url: str, emails: int, mail_delay: float, separate: bool
) -> dict[str, Any]:
    """A real worker (one process, all queues) with `emails` e-mails queued first."""
    from django.conf import settings
    from django.db import transaction

    from companies.actions import need_publish, need_unpublish
    from companies.models import DevelopmentNeed
    from config.celery import app
    from config.settings import celery_task_routes
    from matchmaking.models import Proposal
    from notifications.models import OutboundEmail
    from notifications.outbox import email_queue

    queue = f"bench-{uuid.uuid4().hex[:6]}"
    matching_queue = f"{queue}-matching" if separate else queue
    email_queue_name = f"{queue}-email" if separate else queue
    queues = ",".join(dict.fromkeys((queue, matching_queue, email_queue_name)))
    mail_dir = Path(tempfile.mkdtemp(prefix="bench-mail-"))
    env = {
        **os.environ,
        "CELERY_TASK_ALWAYS_EAGER": "0",
        "CELERY_TASK_DEFAULT_QUEUE": queue,
        "CELERY_MATCHING_QUEUE": matching_queue,
        "CELERY_EMAIL_QUEUE": email_queue_name,
        "EMAIL_BACKEND": "tests.slow_mail.SlowFileBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "TKI_TEST_MAIL_DELAY": str(mail_delay),
        "DB_CONN_MAX_AGE": "0",
    }
    log_path = mail_dir / "worker.log"
    celery = shutil.which("celery", path=str(Path(sys.executable).parent)) or "celery"
    with open(log_path, "w") as log:
        worker = subprocess.Popen(
            [
                *(celery, "-A", "config", "worker", "--pool=solo", "-Q", queues),
                *("--without-gossip", "--without-mingle", "--loglevel=INFO"),
                *("-n", f"{queue}@%h"),
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 90
        while "ready." not in log_path.read_text():
            if worker.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"The bench worker did not start:\n{log_path.read_text()}")
            time.sleep(0.2)
        app.conf.update(
            task_always_eager=False,
            task_default_queue=queue,
            broker_url=redis_url,
            task_routes=celery_task_routes(matching_queue, email_queue_name),
        )
        app.amqp.flush_routes()
        app.amqp.router = app.amqp.Router()  # type: ignore[misc]
        settings.CELERY_TASK_ALWAYS_EAGER = False
        need = DevelopmentNeed.objects.filter(status="published").order_by("-pk").first()
        assert need is not None
        owner = owner_of(need.organisation)
        need_unpublish(need=need, by=owner)
        Proposal.objects.filter(need=need, status="proposed").delete()
        first_email = OutboundEmail.objects.order_by("-pk").values_list("pk", flat=True).first()
        with transaction.atomic():
            for i in range(emails):
                email_queue(to=f"backlog{i}@bench.example", subject="Backlog", body_text="Hi")
        started = time.perf_counter()
        need_publish(need=need, by=owner)
        while not Proposal.objects.filter(need=need).exists():
            if time.perf_counter() - started > 600:
                break
            time.sleep(0.05)
        waited = time.perf_counter() - started
        pending = OutboundEmail.objects.filter(
            pk__gt=first_email or 0, status__in=["pending", "sending"]
        ).count()
    finally:
        worker.terminate()
        try:
            worker.wait(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
        app.conf.update(task_always_eager=True)
        settings.CELERY_TASK_ALWAYS_EAGER = True
        shutil.rmtree(mail_dir, ignore_errors=True)
    return {
        "queues": "separate" if separate else "one queue",
        "emails_queued_first": emails,
        "mail_delay_s": mail_delay,
        "publish_to_proposals_s": round(waited, 2),
        "emails_still_waiting": pending,
    }


def run(args: Any) -> None:
    from bench import regional

    base = args.database_url or os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tki"
    )
    database_url = regional.scratch_database(regional.bench_url(base))
    redis_url = args.redis_url or os.environ.get("REDIS_URL", "")
    model_dir = Path(tempfile.mkdtemp(prefix="bench-models-")) / "models"
    setup(database_url, redis_url, model_dir)
    sizes = (
        {"organisations": 120, "needs": 400, "services": 250, "matches_per_stage": 5}
        if args.quick
        else {"organisations": 2060, "needs": 5084, "services": 3100, "matches_per_stage": 100}
    )
    print(f"data set on {database_url.rsplit('/', 1)[-1]}: {sizes}", flush=True)
    built = regional.build(**sizes)
    print(f"  built in {built['seconds']} s", flush=True)
    new_services(max(5, sizes["services"] // 50))
    for row in (refit("after new services"), refit("nothing changed")):
        print("  " + "  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
    print("  " + "  ".join(f"{k}={v}" for k, v in service_edit().items()), flush=True)
    print("  " + "  ".join(f"{k}={v}" for k, v in publish_in_process().items()), flush=True)
    if not redis_url:
        print("  (REDIS_URL unset: publish with an e-mail backlog not measured)")
        return
    for separate in (True, False):
        row = publish_with_backlog(redis_url, args.backlog, args.mail_delay, separate)
        print("  " + "  ".join(f"{k}={v}" for k, v in row.items()), flush=True)
