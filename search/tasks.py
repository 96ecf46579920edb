from celery import shared_task


@shared_task(name="search.tasks.send_index_updates", ignore_result=True, acks_late=True)
def send_index_updates() -> int:
    """Send pending index work in bulk; runs after commits and as the periodic sweep.

    Without Elasticsearch, the sweep brings the database's search documents in line with
    rows written around the product's functions (search.store.reconcile)."""
    from django.conf import settings

    if not settings.ELASTICSEARCH_URL:
        from .store import reconcile

        return sum(reconcile().values())
    from .backends.elastic import outbox_flush

    return outbox_flush()


@shared_task(name="search.tasks.send_weekly_digest", ignore_result=True)
def send_weekly_digest() -> int:
    """Weekly: new needs and saved-search hits, to providers."""
    from .digest import send_weekly_digest as weekly_digest_send

    return weekly_digest_send()
