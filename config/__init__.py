"""Project wiring: settings, URLs, the Celery app, WSGI/ASGI. No app imports this."""

from .celery import app as celery_app

__all__ = ["celery_app"]
