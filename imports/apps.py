from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    """Coordinators load spreadsheets of organisations, contacts, needs and services."""

    name = "imports"
    verbose_name = _("Imports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from core.merging import register_merge_hook

        register_merge_hook(_follow_merge)


def _follow_merge(kind: str, old_id: int, new_id: int) -> None:
    """A source's id of a merged organisation now finds the survivor: re-importing the
    source's file updates it instead of creating the duplicate again, filling only what
    the survivor lacks (`merged`)."""
    from .models import ImportKey

    ImportKey.objects.filter(object_type=f"accounts.{kind}", object_id=old_id).update(
        object_id=new_id, merged=True
    )
