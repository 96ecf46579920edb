"""A Redis cache that fails open: the product's cache holds only rate-limit counters.

DRF's throttles and allauth's rate limits read and write the default cache on every API
call, login and password reset. Django's RedisCache raises when Redis is unreachable, which
turned a Redis outage into a 500 on all of them. Without the counters the limits cannot be
enforced, so this backend lets the request through (and logs a warning) instead. The health
check (`core.views.healthz`) still reports the outage through `check()`.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


class FailOpenRedisCache(RedisCache):
    # One warning per interval is enough to notice; one per request would flood the log.
    WARNING_INTERVAL = 60.0
    _last_warning = -WARNING_INTERVAL

    def check(self) -> None:
        """Raise if Redis does not answer: for the health check, which must see the fault."""
        self._cache.get_client(write=True).ping()  # type: ignore[attr-defined]  # not in the stubs

    def _failed(self, operation: str, exc: Exception) -> None:
        now = time.monotonic()
        if now - FailOpenRedisCache._last_warning >= FailOpenRedisCache.WARNING_INTERVAL:
            FailOpenRedisCache._last_warning = now
            logger.warning(
                "Cache unavailable (%s failed: %s); rate limits are not enforced until it is back.",
                operation,
                exc,
            )

    def add(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError as exc:
            self._failed("add", exc)
            # allauth takes a lock with add(): with no cache there is nobody to exclude.
            return True

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError as exc:
            self._failed("get", exc)
            return default

    def set(self, key: Any, value: Any, timeout: Any = None, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError as exc:
            self._failed("set", exc)

    def touch(self, key: Any, timeout: Any = None, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except RedisError as exc:
            self._failed("touch", exc)
            return False

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except RedisError as exc:
            self._failed("delete", exc)
            return False

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError as exc:
            self._failed("get_many", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except RedisError as exc:
            self._failed("has_key", exc)
            return False

    def set_many(self, data: Any, timeout: Any = None, version: int | None = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except RedisError as exc:
            self._failed("set_many", exc)
            return list(data)

    def delete_many(self, keys: Any, version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except RedisError as exc:
            self._failed("delete_many", exc)

    def clear(self) -> None:
        try:
            super().clear()
        except RedisError as exc:
            self._failed("clear", exc)
