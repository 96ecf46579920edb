from django.apps import AppConfig


class MatchmakingConfig(AppConfig):
    name = "matchmaking"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.history import register_keeper

        from .brokering.history import brokering_history

        register_keeper(brokering_history)
