from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from core.health import register_check

        from .health import elasticsearch_status, search_backend_status

        register_check("elasticsearch", elasticsearch_status)
        register_check("search", search_backend_status)
