import os
import sys
import threading

from django.apps import AppConfig


def _serving_with_runserver() -> bool:
    """The development server's serving process (not its autoreloader parent, nor any
    other management command such as migrate or the tests)."""
    return len(sys.argv) > 1 and sys.argv[1] == "runserver" and os.environ.get("RUN_MAIN") == "true"


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.history import register_keeper

        from .brokering.history import brokering_history

        register_keeper(brokering_history)
        if _serving_with_runserver():
            # Load the matching model as the server starts, beside it, so the first publish
            # is not the one that waits for it (gunicorn and Celery warm theirs in their
            # own start hooks: config/gunicorn.py, config/celery.py).
            from .matching.proposals import engine_warm

            threading.Thread(target=engine_warm, name="warm-matching", daemon=True).start()
