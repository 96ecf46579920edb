from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Pages that compose several apps: the landing page, home and an organisation's page."""

    name = "portal"
    verbose_name = _("Portal")
