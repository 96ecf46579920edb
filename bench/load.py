"""Load on loopback: gunicorn as configured for this machine, locust as the users.

    python bench/load.py [--quick] [--users 10 25 50] [--duration 60] [--runs 3]

1. A scratch PostgreSQL database (`<DATABASE_URL's name>_load_bench`, dropped and created)
   gets a regional data set through the product's own functions (bench/regional.py): by
   default 2,060 organisations, 5,084 needs, 3,100 services, their proposals and 600
   matches over the stages; `--quick` a tenth of it.
2. gunicorn serves it with config/gunicorn.py and production settings (DJANGO_DEBUG=0,
   hashed static files, Redis as cache when REDIS_URL is set; API throttles raised so the
   few bench accounts are not throttled).
3. locust (bench/locustfile.py: visitors, a company, a provider, coordinators; 1-2 s think
   time) runs headless for `--duration` seconds at each user count, `--runs` times.

Reports per endpoint p50/p95/p99 and requests/s, errors, `/healthz/` as the in-run baseline,
and where the machine's time went (CPU of gunicorn, PostgreSQL, locust and everything
else, sampled during each run), which says what limits throughput.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import regional


def environment(database_url: str, redis_url: str, work: Path, port: int) -> dict[str, str]:
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "SECRET_KEY": "load-bench-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(work / "static"),
        "VAR_DIR": str(work / "var"),
        "MATCHING_MODEL_DIR": str(work / "var" / "models"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "API_THROTTLE_USER": "1000000/minute",
        "API_THROTTLE_ANON": "1000000/minute",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_ACCESS_LOG": "",
        "CELERY_TASK_ALWAYS_EAGER": "1",
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
        env["CACHE_KEY_PREFIX"] = "tki-load-bench"
    return env


def prepare_data(sizes: dict[str, int], reuse: bool) -> dict[str, Any]:
    """Build the data set and the fixture the locust users read (sessions, ids)."""
    import django

    django.setup()
    from allauth.mfa.models import Authenticator
    from django.core.management import call_command
    from django.test import Client

    from companies.models import DevelopmentNeed
    from matchmaking.brokering.selectors import matches_for
    from matchmaking.matching.selectors import proposals_for_review
    from matchmaking.models import Proposal
    from services.models import RDService

    call_command("migrate", verbosity=0)
    built: dict[str, Any]
    if reuse and Proposal.objects.exists():
        from accounts.models import User

        coordinator = User.objects.filter(coordinated_clusters__isnull=False).first()
        owners = User.objects.filter(memberships__role="owner").order_by("pk")
        built = {
            "staff": User.objects.filter(is_staff=True).first(),
            "coordinator": coordinator,
            "company_user": owners.filter(memberships__organisation__kind="company").first(),
            "provider_user": owners.exclude(memberships__organisation__kind="company").first(),
        }
        print("  data set reused", flush=True)
    else:
        built = regional.build(**sizes)
        print(f"  data set built in {built['seconds']} s", flush=True)
        # A live database has had autovacuum's ANALYZE by the time it holds this much;
        # a bulk-built one has not, and the planner's guesses on empty statistics
        # measure a state no deployment stays in for long.
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    call_command("collectstatic", "--noinput", verbosity=0)
    from matchmaking.matching.proposals import engine_warm

    engine_warm()  # the model file in this run's directory, where gunicorn will read it
    sessions = {}
    for role in ("company", "provider", "coordinator", "staff"):
        user = built[f"{role}_user" if role in ("company", "provider") else role]
        if role in ("coordinator", "staff"):
            Authenticator.objects.get_or_create(
                user=user, type=Authenticator.Type.TOTP, defaults={"data": {"secret": "A" * 32}}
            )
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies["sessionid"].value
    coordinator = built["coordinator"]
    published = DevelopmentNeed.objects.filter(status="published")
    fixture = {
        "sessions": sessions,
        "public_needs": list(published.filter(visibility="public").values_list("pk", flat=True)),
        "services": list(RDService.objects.filter(status="published").values_list("pk", flat=True)),
        "company_needs": list(
            DevelopmentNeed.objects.filter(
                organisation__memberships__user=built["company_user"]
            ).values_list("pk", flat=True)
        ),
        "provider_services": list(
            RDService.objects.filter(
                provider__memberships__user=built["provider_user"]
            ).values_list("pk", flat=True)
        ),
        "coordinated_needs": sorted(
            set(proposals_for_review(coordinator).values_list("need_id", flat=True)[:2000])
        ),
        "matches": list(matches_for(coordinator).values_list("pk", flat=True)[:500]),
        "queries": ["kiertotalous", "testaus", "materials", "vedenkäsittely", "pilot", "energia"],
    }
    for key, values in fixture.items():
        if isinstance(values, list) and not values:
            raise SystemExit(f"The data set has no {key}; use larger sizes.")
    return fixture


class CpuSampler(threading.Thread):
    """CPU seconds per group of processes (gunicorn, PostgreSQL, locust, others) over a run."""

    def __init__(self, gunicorn_pid: int, locust_pid: int) -> None:
        super().__init__(daemon=True)
        self.gunicorn_pid, self.locust_pid = gunicorn_pid, locust_pid
        self.stop = threading.Event()
        self.totals: dict[str, float] = {}
        self.busy = 0.0
        # Averages hide bursts: the share of one-second intervals in which the cores were
        # at least 90 % busy, and the busiest gunicorn process in cores (threads of one
        # process share one core: near 1.0, its requests queue for the interpreter lock).
        self.saturated = 0.0
        self.busiest_worker = 0.0
        # Resident memory of the gunicorn workers (MB, the largest one) at the start and
        # the end of the run: creeping memory would show here.
        self.worker_memory: tuple[float, float] = (0.0, 0.0)

    def _largest_worker_mb(self) -> float:
        import psutil

        try:
            workers = psutil.Process(self.gunicorn_pid).children()
        except psutil.Error:
            return 0.0
        sizes = []
        for worker in workers:
            try:
                sizes.append(worker.memory_info().rss / 2**20)
            except psutil.Error:
                continue
        return max(sizes, default=0.0)

    def _snapshot(self) -> dict[int, tuple[str, float]]:
        """CPU seconds so far of every process, with the group it belongs to."""
        import psutil

        mine = {self.gunicorn_pid, self.locust_pid}
        snapshot = {}
        for process in psutil.process_iter(["pid", "ppid", "name", "cpu_times"]):
            info = process.info
            times = info["cpu_times"]
            if times is None:
                continue
            name = info["name"] or ""
            if info["pid"] == self.gunicorn_pid or info["ppid"] == self.gunicorn_pid:
                group = "gunicorn"
            elif info["pid"] == self.locust_pid or info["ppid"] in mine - {self.gunicorn_pid}:
                group = "locust"
            elif name.startswith("postgres"):
                group = "postgres"
            elif name.startswith("redis"):
                group = "redis"
            else:
                group = "other"
            snapshot[info["pid"]] = (group, times.user + times.system)
        return snapshot

    def run(self) -> None:
        import psutil

        memory_before = self._largest_worker_mb()
        start, start_cpu = self._snapshot(), psutil.cpu_times()
        started = time.monotonic()
        # Polled each second, the last value of each process kept: a process that ends
        # during the run (locust itself, a test suite next door) still counts.
        end = dict(start)
        cores = psutil.cpu_count() or 1
        intervals, saturated, previous = 0, 0, start_cpu
        while not self.stop.wait(1.0):
            end.update(self._snapshot())
            now = psutil.cpu_times()
            spent = sum(now) - sum(previous)
            idle = (now.idle + getattr(now, "iowait", 0.0)) - (
                previous.idle + getattr(previous, "iowait", 0.0)
            )
            intervals += 1
            saturated += spent > 0 and 1 - idle / spent >= 0.9
            previous = now
        end.update(self._snapshot())
        end_cpu = psutil.cpu_times()
        wall = time.monotonic() - started
        self.saturated = saturated / intervals if intervals else 0.0
        self.worker_memory = (memory_before, self._largest_worker_mb())
        self.busiest_worker = max(
            (
                (seconds - (start[pid][1] if pid in start else 0.0)) / wall
                for pid, (group, seconds) in end.items()
                if group == "gunicorn" and pid != self.gunicorn_pid
            ),
            default=0.0,
        )
        used = dict.fromkeys(("gunicorn", "postgres", "locust", "redis", "other"), 0.0)
        for pid, (group, seconds) in end.items():
            # A process that started during the run counts whole; the CPU of one that
            # ended since its last poll is lost (the difference from "busy").
            before = start[pid][1] if pid in start and start[pid][0] == group else 0.0
            used[group] += max(0.0, seconds - before)
        self.totals = {group: value / (wall * cores) for group, value in used.items()}
        idle = (end_cpu.idle + getattr(end_cpu, "iowait", 0.0)) - (
            start_cpu.idle + getattr(start_cpu, "iowait", 0.0)
        )
        self.busy = 1 - idle / (wall * cores)


def start_gunicorn(env: dict[str, str], port: int, log: Path) -> subprocess.Popen:
    import socket

    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            raise SystemExit(f"Port {port} is in use: stop that server or pass --port.")
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent)) or "gunicorn"
    process = subprocess.Popen(
        [gunicorn, "-c", "config/gunicorn.py", "config.wsgi:application"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=open(log, "w"),  # noqa: SIM115 - closed with the process
        stderr=subprocess.STDOUT,
    )
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/", timeout=2) as r:
                if r.status == 200:
                    return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    process.wait(timeout=30)
    raise SystemExit(f"gunicorn did not answer:\n{log.read_text()[-3000:]}")


def start_locust(users: int, duration: int, port: int, fixture: Path, prefix: Path) -> Any:
    locust = shutil.which("locust", path=str(Path(sys.executable).parent)) or "locust"
    return subprocess.Popen(
        [
            *(locust, "-f", str(ROOT / "bench" / "locustfile.py"), "--headless"),
            *("-u", str(users), "-r", str(max(1, users // 5))),
            *("--run-time", f"{duration}s", "--stop-timeout", "10"),
            *("--host", f"http://127.0.0.1:{port}", "--csv", str(prefix), "--only-summary"),
            *("--loglevel", "WARNING"),
        ],
        cwd=ROOT,
        env={**os.environ, "TKI_LOAD_FIXTURE": str(fixture)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )


def percentile_row(row: dict[str, str]) -> dict[str, Any]:
    def number(key: str) -> float:
        value = row.get(key, "") or "0"
        return float(value) if value != "N/A" else 0.0

    return {
        "name": row["Name"],
        "requests": int(number("Request Count")),
        "failures": int(number("Failure Count")),
        "rps": number("Requests/s"),
        "p50": number("50%"),
        "p95": number("95%"),
        "p99": number("99%"),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="A tenth of the data, 30 s runs.")
    parser.add_argument("--users", type=int, nargs="+", default=[10, 25, 50])
    parser.add_argument("--duration", type=int, default=0, help="Seconds per run.")
    parser.add_argument("--runs", type=int, default=0, help="Runs per user count.")
    parser.add_argument("--database-url", default="", help="Server of the scratch database.")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", ""))
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--reuse", action="store_true", help="Keep the data set of the previous run."
    )
    args = parser.parse_args()
    duration = args.duration or (30 if args.quick else 60)
    runs = args.runs or (1 if args.quick else 3)
    sizes = (
        {"organisations": 206, "needs": 508, "services": 310, "matches_per_stage": 10}
        if args.quick
        else {"organisations": 2060, "needs": 5084, "services": 3100, "matches_per_stage": 100}
    )
    base = args.database_url or os.environ.get(
        "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tki"
    )
    database_url = regional.bench_url(base, "load_bench")
    if not args.reuse:
        regional.scratch_database(database_url)
    # One directory per database: a reused data set keeps its fitted model.
    work = Path(tempfile.gettempdir()) / f"tki-{database_url.rsplit('/', 1)[-1]}"
    if not args.reuse:
        shutil.rmtree(work, ignore_errors=True)
    work.mkdir(exist_ok=True)
    env = environment(database_url, args.redis_url, work, args.port)
    os.environ.update(env)
    print(f"data set on {database_url.rsplit('/', 1)[-1]}: {sizes}", flush=True)
    fixture = prepare_data(sizes, args.reuse)
    fixture_path = work / "fixture.json"
    fixture_path.write_text(json.dumps(fixture))
    import psutil

    from config import gunicorn as gunicorn_config

    print(
        f"gunicorn: {gunicorn_config.workers} x {gunicorn_config.worker_class} "
        f"({gunicorn_config.threads} threads) on {psutil.cpu_count()} cores; "
        f"locust 1-2 s think time, {duration} s per run, {runs} run(s) per level",
        flush=True,
    )
    server = start_gunicorn(env, args.port, work / "gunicorn.log")
    results: list[dict[str, Any]] = []
    try:
        for users in args.users:
            for run in range(1, runs + 1):
                prefix = work / f"u{users}-r{run}"
                process = start_locust(users, duration, args.port, fixture_path, prefix)
                sampler = CpuSampler(server.pid, process.pid)
                sampler.start()
                _out, err = process.communicate(timeout=duration + 120)
                sampler.stop.set()
                sampler.join()
                result = report(users, run, prefix, sampler, err)
                if result is not None:
                    results.append(result)
    finally:
        server.terminate()
        server.wait(timeout=30)
        print(f"(logs and CSVs in {work})")
    summary(results)


def report(
    users: int, run: int, prefix: Path, sampler: CpuSampler, err: str
) -> dict[str, Any] | None:
    path = Path(f"{prefix}_stats.csv")
    if not path.exists():
        print(f"locust wrote no statistics:\n{err[-2000:]}")
        return None
    rows = [percentile_row(row) for row in csv.DictReader(path.open())]
    total = next(row for row in rows if row["name"] == "Aggregated")
    health = next((row for row in rows if row["name"] == "/healthz/"), None)
    print(
        f"\n{users} users, run {run}: {total['rps']:.1f} req/s, {total['failures']} errors "
        f"of {total['requests']}, p50/p95/p99 {total['p50']:.0f}/{total['p95']:.0f}/"
        f"{total['p99']:.0f} ms; /healthz/ p95 {health['p95'] if health else '-'} ms"
    )
    print(f"  {'endpoint':<34}{'req/s':>7}{'p50':>7}{'p95':>7}{'p99':>7}{'errors':>8}")
    for row in sorted(rows, key=lambda r: -r["p95"]):
        if row["name"] == "Aggregated":
            continue
        print(
            f"  {row['name']:<34}{row['rps']:>7.1f}{row['p50']:>7.0f}{row['p95']:>7.0f}"
            f"{row['p99']:>7.0f}{row['failures']:>8}"
        )
    shares = ", ".join(f"{name} {share:.0%}" for name, share in sampler.totals.items())
    ended = sampler.busy - sum(sampler.totals.values())
    if ended > 0.01:  # CPU of processes that started and ended within the run
        shares += f", processes that ended during the run {ended:.0%}"
    print(f"  CPU of the machine: {sampler.busy:.0%} busy ({shares})")
    print(
        f"  seconds with the cores at least 90 % busy: {sampler.saturated:.0%}; "
        f"busiest gunicorn process {sampler.busiest_worker:.2f} cores; largest worker "
        f"{sampler.worker_memory[0]:.0f} MB -> {sampler.worker_memory[1]:.0f} MB resident"
    )
    print("  limit: " + verdict(sampler, total, health))
    pages = [row for row in rows if row["name"] not in ("Aggregated", "/healthz/")]
    worst = max(pages, key=lambda r: r["p95"]) if pages else total
    return {
        "users": users,
        "rps": total["rps"],
        "errors": total["failures"],
        "p95": total["p95"],
        "health_p95": health["p95"] if health else None,
        "worst": worst["name"],
        "worst_p95": worst["p95"],
        "busy": sampler.busy,
    }


def summary(results: list[dict[str, Any]], target_ms: float = 150) -> None:
    """One line per user count over its runs: the medians, and whether every page and API
    stayed within the target p95 with no errors in every run."""
    import statistics

    print(f"\nsummary (target: every page and API p95 <= {target_ms:.0f} ms, 0 errors)")
    print(
        f"  {'users':>5}{'runs':>6}{'req/s':>8}{'p95':>7}{'healthz p95':>13}"
        f"{'worst page p95 (max)':>34}{'busy':>7}  verdict"
    )
    for users in sorted({r["users"] for r in results}):
        runs = [r for r in results if r["users"] == users]
        worst = max(runs, key=lambda r: r["worst_p95"])
        met = all(r["worst_p95"] <= target_ms and r["errors"] == 0 for r in runs)
        health = [r["health_p95"] for r in runs if r["health_p95"] is not None]
        print(
            f"  {users:>5}{len(runs):>6}{statistics.median(r['rps'] for r in runs):>8.1f}"
            f"{statistics.median(r['p95'] for r in runs):>7.0f}"
            f"{statistics.median(health) if health else float('nan'):>13.0f}"
            f"{worst['worst'] + ' ' + format(worst['worst_p95'], '.0f'):>34}"
            f"{statistics.median(r['busy'] for r in runs):>7.0%}  " + ("met" if met else "not met")
        )


def verdict(sampler: CpuSampler, total: dict[str, Any], health: dict[str, Any] | None) -> str:
    slow_baseline = health is not None and health["p95"] > 50
    if sampler.busy >= 0.85:
        top = max(sampler.totals, key=lambda k: sampler.totals[k])
        return f"CPU: the cores are {sampler.busy:.0%} busy, most of it {top}" + (
            "; requests queue for a core, /healthz/ included" if slow_baseline else ""
        )
    if slow_baseline and sampler.saturated >= 0.25:
        return (
            f"CPU in bursts: {sampler.saturated:.0%} of the seconds had the cores at least "
            "90 % busy; requests that arrive then queue for a core, /healthz/ included"
        )
    if slow_baseline and sampler.busiest_worker >= 0.8:
        return (
            f"one gunicorn process used {sampler.busiest_worker:.2f} cores: its threads "
            "queue for the interpreter lock (more processes, fewer threads each)"
        )
    if slow_baseline:
        return (
            "not CPU: /healthz/ waits while cores are idle, so requests queue for a gunicorn "
            "thread (raise WEB_CONCURRENCY/GUNICORN_THREADS) or for a database connection"
        )
    return "none reached: the server keeps up at this load (latency is the pages' own work)"


if __name__ == "__main__":
    main()
