from __future__ import annotations

from django.http import HttpRequest, JsonResponse

from .health import DOWN, dependency_status


def healthz(request: HttpRequest) -> JsonResponse:
    """Each dependency's state; 503 naming what is down, so a probe and an operator both see it."""
    checks = dependency_status()
    down = [name for name, state in checks.items() if state == DOWN]
    return JsonResponse(
        {"status": "unavailable" if down else "ok", "down": down, "checks": checks},
        status=503 if down else 200,
    )
