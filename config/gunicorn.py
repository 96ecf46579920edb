"""Gunicorn for this machine: `gunicorn -c config/gunicorn.py config.wsgi:application`.

Every value can be set from the environment (README: "The web tier").

- Worker class gthread: it keeps browsers' keep-alive connections and answers slow clients
  without a whole process waiting on each.
- Processes: two per core plus one (WEB_CONCURRENCY), one thread each (GUNICORN_THREADS).
  A page is CPU-bound Python (20-40 ms, about 1 ms of it in PostgreSQL): threads of one
  process take turns on the interpreter lock, so a cheap request behind a page in the
  same process waited for it. Measured with bench/load.py at 50 users on 2 cores: 5 x 1
  thread kept every page's p95 within 140 ms, 3 x 4 threads let the slowest reach
  150-200 ms, and 4 x 2 160 ms. Processes share the preloaded model (copy-on-write).
- preload_app: the application and the active matching model are loaded once in the master
  before the workers fork, so a new worker serves its first publish warm and the model's
  arrays are shared between workers until a new version is loaded. The master also imports
  the URLconf and compiles every template (config/warm.py), so neither a new worker nor
  one that max_requests replaced spends its first requests on that.
- max_requests: off by default (see below); with jitter when set, workers are replaced now
  and then.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Any


def _int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = _int("WEB_CONCURRENCY", 2 * multiprocessing.cpu_count() + 1)
threads = _int("GUNICORN_THREADS", 1)
# A request taking longer than this is stuck (the slowest page is well under a second).
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Off by default: gunicorn's gthread worker, when max_requests retires it, resets the
# keep-alive connections it holds (gunicorn issue #3038), and a POST sent on one of them
# fails in the user's browser (bench/load.py saw 3-6 resets per retirement). Memory was
# measured flat over the load bench's runs; set it to retire workers anyway.
max_requests = _int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
# Worker heartbeat files in memory, not on a disk that may stall (Docker's overlay); gunicorn
# creates them itself with unguessable names, as it would in /tmp.
SHM = "/dev/shm"  # noqa: S108
worker_tmp_dir = SHM if os.path.isdir(SHM) else None


def _warm() -> None:
    from matchmaking.matching.proposals import engine_warm

    engine_warm()


def _warm_web() -> None:
    from config.warm import web_warm

    web_warm()


def when_ready(server: Any) -> None:
    """Preloaded: load the active model in the master, then close its database connection,
    which must not be shared with the forked workers."""
    if not preload_app:
        return
    from django.db import connections

    _warm()
    _warm_web()
    connections.close_all()
    # What the master has built (the model, the URLconf, the templates: about 550,000
    # objects) lives as long as the workers do. A full garbage collection walks them all,
    # about 230 ms, and in a worker that pause lands on whichever requests it is serving
    # (the 300-400 ms outliers of bench/load.py). Frozen, the collector skips them, and
    # the workers' memory pages stay shared instead of being copied when it touches them.
    gc.collect()
    gc.freeze()


def post_worker_init(worker: Any) -> None:
    """Each worker checks the active version once before serving (no reload when the
    master's preloaded model is current; a load when it is not preloaded)."""
    from django.db import connections

    _warm()
    if not preload_app:
        _warm_web()
    connections.close_all()
