"""The web tier's gunicorn settings fit the machine and warm the matching model at start."""

from __future__ import annotations

import multiprocessing
import runpy
from pathlib import Path
from typing import Any

import pytest

CONFIG = Path(__file__).resolve().parents[2] / "config" / "gunicorn.py"


def _load(monkeypatch: Any, **env: str) -> dict[str, Any]:
    for name in (
        "WEB_CONCURRENCY",
        "GUNICORN_THREADS",
        "GUNICORN_TIMEOUT",
        "GUNICORN_PRELOAD",
        "GUNICORN_MAX_REQUESTS",
    ):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_two_single_threaded_processes_per_core_plus_one_with_timeouts(monkeypatch):
    config = _load(monkeypatch)
    assert config["worker_class"] == "gthread"
    assert config["workers"] == 2 * multiprocessing.cpu_count() + 1
    # One thread: a cheap request never waits on another's interpreter lock.
    assert config["threads"] == 1
    assert 0 < config["timeout"] <= 60 and config["graceful_timeout"] > 0
    # Retiring gthread workers resets their keep-alive connections (gunicorn #3038).
    assert config["max_requests"] == 0 and config["max_requests_jitter"] > 0


def test_the_environment_overrides_the_counts(monkeypatch):
    config = _load(monkeypatch, WEB_CONCURRENCY="7", GUNICORN_THREADS="1", GUNICORN_TIMEOUT="9")
    assert (config["workers"], config["threads"], config["timeout"]) == (7, 1, 9)


@pytest.mark.django_db
def test_the_master_and_each_worker_warm_the_matching_model(monkeypatch):
    from matchmaking.matching import proposals

    warmed: list[str] = []
    monkeypatch.setattr(proposals, "engine_warm", lambda: warmed.append("warm"))
    from config import warm

    monkeypatch.setattr(warm, "web_warm", lambda: warmed.append("web"))
    import gc

    frozen = []
    monkeypatch.setattr(gc, "freeze", lambda: frozen.append(True))
    config = _load(monkeypatch)
    config["when_ready"](None)
    config["post_worker_init"](None)
    # Preloaded: the web warm-up runs once, in the master, before the workers fork, and
    # what it built is frozen out of the garbage collector's full passes.
    assert warmed == ["warm", "web", "warm"]
    assert frozen == [True]
    warmed.clear()
    config = _load(monkeypatch, GUNICORN_PRELOAD="0")
    config["when_ready"](None)
    config["post_worker_init"](None)
    assert warmed == ["warm", "web"]


def test_the_web_warm_up_compiles_every_template_and_builds_the_url_tables(settings):
    from django.template import engines
    from django.urls import get_resolver

    from config.warm import template_names, web_warm

    names = template_names()
    assert "base.html" in names and "companies/need_detail.html" in names
    warmed = web_warm()
    assert warmed["languages"] == len(settings.LANGUAGES)
    assert warmed["templates"] >= len([n for n in names if n.endswith(".html")]) * 0.9
    # The cached loader holds them: a worker forked now renders without compiling.
    cached = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    assert "base.html" in {key.split(":")[0] for key in cached.get_template_cache}
    assert get_resolver()._populated  # type: ignore[attr-defined]
