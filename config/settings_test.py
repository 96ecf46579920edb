"""Test override: the same settings, with a fast hasher and tasks eager unless a worker is used."""

import atexit
import os
import uuid

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("DJANGO_DEBUG", "0")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("SESSION_COOKIE_SECURE", "0")
os.environ.setdefault("CSRF_COOKIE_SECURE", "0")


def _drop_test_search_indices(alias: str) -> None:
    """At the end of the run, delete the indices of the run's own search alias."""
    if not os.environ.get("ELASTICSEARCH_URL"):
        return
    try:
        from search.maintenance import drop_test_indices

        drop_test_indices(alias)
    except Exception as exc:  # the run is over; a node that went away must not fail it
        print(f"Could not delete the test search indices {alias}*: {exc}")


# Every test run reads and writes its own search alias, never a developer's `tki-search`
# (README: `ELASTICSEARCH_URL=... make test`). Through the environment, Celery workers that
# tests start use it too; a child process that inherits it leaves the cleanup to its parent.
if not os.environ.get("SEARCH_INDEX_ALIAS", "").startswith("tki-test-"):
    os.environ["SEARCH_INDEX_ALIAS"] = f"tki-test-{uuid.uuid4().hex[:12]}"
    atexit.register(_drop_test_search_indices, os.environ["SEARCH_INDEX_ALIAS"])

from .settings import *  # noqa: E402, F403
from .settings import REDIS_URL, STORAGES, redis_cache  # noqa: E402

# Nothing at test time reaches the network: register tests serve recorded answers locally.
PRH_API_URL = ""
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tests that need the real broker start a worker themselves (tests/conftest.py).
CELERY_TASK_ALWAYS_EAGER = True
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
if REDIS_URL:
    # A separate key space so a test run never reads a developer's cached rate limits.
    CACHES = {"default": redis_cache(REDIS_URL, "tki-test")}
REST_FRAMEWORK = {
    **REST_FRAMEWORK,  # noqa: F405
    "DEFAULT_THROTTLE_RATES": {"anon": "10000/minute", "user": "10000/minute"},
}
