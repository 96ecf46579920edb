from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightsConfig(AppConfig):
    """The region's situational picture: demand and supply, gaps, scorecards, impact."""

    name = "insights"
    verbose_name = _("Situational picture")
