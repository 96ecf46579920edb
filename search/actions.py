"""Writes for saved searches and the search index outbox."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import IndexAction, IndexOutbox, SavedSearch


def saved_search_create(*, user: Any, name: str, query_string: str) -> SavedSearch:
    name = " ".join((name or "").split())
    if not name:
        raise ValidationError({"name": [_("Give the search a name.")]})
    if len(name) > 120:
        raise ValidationError({"name": [_("A name may have at most 120 characters.")]})
    if len(query_string) > 2000:
        raise ValidationError({"query_string": [_("The search is too long to save.")]})
    if SavedSearch.objects.filter(user=user, name=name).exists():
        raise ValidationError({"name": [_("You already have a saved search with this name.")]})
    return SavedSearch.objects.create(user=user, name=name, query_string=query_string)


def saved_search_delete(*, saved: SavedSearch, user: Any) -> None:
    if saved.user_id != user.pk:
        raise ValidationError(_("This is not your saved search."))
    saved.delete()


def index_later(doc_type: str, object_id: int, action: str = IndexAction.UPSERT) -> None:
    """Record that a row changed, in the writer's transaction.

    The database's search document is rewritten at once (the PostgreSQL backend searches
    it; embedded indexes pick the change up on their next query; with Elasticsearch it is
    what search falls back to). With Elasticsearch configured, an outbox row is also
    written and sent after commit."""
    from .store import document_refresh

    with transaction.atomic():
        document_refresh(doc_type, object_id)
    if not settings.ELASTICSEARCH_URL:
        return
    from core.jobs import enqueue_after_commit

    from .tasks import send_index_updates

    with transaction.atomic():
        IndexOutbox.objects.create(doc_type=doc_type, object_id=object_id, action=action)
        enqueue_after_commit(send_index_updates)


def index_many_later(
    doc_type: str, object_ids: list[int], action: str = IndexAction.UPSERT
) -> None:
    """`index_later` for a bulk write: one insert of outbox rows and one task for them all."""
    if not settings.ELASTICSEARCH_URL or not object_ids:
        return
    from core.jobs import enqueue_after_commit

    from .tasks import send_index_updates

    with transaction.atomic():
        IndexOutbox.objects.bulk_create(
            [IndexOutbox(doc_type=doc_type, object_id=pk, action=action) for pk in object_ids],
            batch_size=1000,
        )
        enqueue_after_commit(send_index_updates)
