"""Production settings pass Django's deployment checks, and the embedded default boots."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k
        not in {
            "DATABASE_URL",
            "REDIS_URL",
            "ELASTICSEARCH_URL",
            "DJANGO_DEBUG",
            "SECRET_KEY",
            "DJANGO_SETTINGS_MODULE",
            "SECURE_SSL_REDIRECT",
            "SESSION_COOKIE_SECURE",
            "CSRF_COOKIE_SECURE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "DJANGO_DEBUG": "0",
            "SECRET_KEY": "p" * 20 + "-production-secret-" + "q" * 30,
            "ALLOWED_HOSTS": "tki.example.org",
            "VAR_DIR": str(tmp_path),
            "DATABASE_URL": "postgres://tki@db.example.org:5432/tki",
            "REDIS_URL": "redis://cache.example.org:6379/0",
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = _manage("check", env={"DJANGO_DEBUG": "0", "VAR_DIR": str(tmp_path)})
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_embedded_default_needs_no_services(tmp_path):
    result = _manage("check", env={"DJANGO_DEBUG": "1", "VAR_DIR": str(tmp_path)})
    assert result.returncode == 0, result.stderr


def test_production_static_files_collect_with_hashed_names(tmp_path, settings):
    """What the Dockerfile's collectstatic does with the manifest storage: every file, and
    every file a file refers to (a source map, say), must exist, or the build fails; each
    gets a content hash in its name, which WhiteNoise serves for ten years as immutable.
    (Hashing only: production's storage also compresses, which takes minutes here.)"""
    from django.core.management import call_command

    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())["paths"]
    hashed = manifest["vendor/bootstrap/bootstrap.min.css"]
    assert re.fullmatch(r"vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css", hashed)
    assert "CompressedManifestStaticFilesStorage" in (ROOT / "config" / "settings.py").read_text()
