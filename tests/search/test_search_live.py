"""Against a real Elasticsearch 9 node: run whenever ELASTICSEARCH_URL is set.

docker compose up -d elasticsearch
ELASTICSEARCH_URL=http://127.0.0.1:9200 make test
"""

from __future__ import annotations

import os
import uuid

import pytest

from companies.models import NeedVisibility
from search import maintenance
from search.backends import elastic
from search.models import IndexOutbox
from search.query import SearchQuery
from tests import factories

LIVE_URL = os.environ.get("ELASTICSEARCH_URL", "")

pytestmark = [
    pytest.mark.elasticsearch,
    pytest.mark.skipif(not LIVE_URL, reason="set ELASTICSEARCH_URL to run live search tests"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def live(settings):
    settings.ELASTICSEARCH_URL = LIVE_URL
    settings.SEARCH_INDEX_ALIAS = f"tki-test-{uuid.uuid4().hex[:8]}"
    elastic.reset_client()
    es = elastic.client()
    yield es
    maintenance.drop_test_indices(settings.SEARCH_INDEX_ALIAS, es=es)
    elastic.reset_client()


def _refresh(es, settings):
    es.indices.refresh(index=settings.SEARCH_INDEX_ALIAS)


def test_index_search_permissions_and_inflection(live, settings):
    """A Finnish query meets another inflected form through the `finnish` analyzer alone:
    its Snowball stemmer reads both "kiertotaloutta" (partitive) and "kiertotalouteen"
    (illative) as "kiertotalout" (the base form "kiertotalous" would stay "kiertotalous",
    so no text here uses it). The concepts field is not needed for these hits."""
    company = factories.OrganisationFactory.create(name="Salainen Oy")
    service = factories.ServiceFactory.create(
        title="Siirtyminen kiertotalouteen",
        description="Autamme yrityksiä siirtymään kiertotalouteen: kierrätysmuovin lujuus.",
        languages=["fi"],
    )
    hidden = factories.NeedFactory.create(
        organisation=company,
        title="Kiertotalouteen salaa",
        description="Etsimme apua kiertotalouteen siirtymisessä.",
        language="fi",
        visibility=NeedVisibility.COORDINATORS,
    )
    anonymous = factories.NeedFactory.create(
        organisation=company,
        title="Materiaalit kiertotalouteen",
        description="Etsimme kumppania, joka auttaa materiaalien kanssa kiertotalouteen.",
        language="fi",
        visibility=NeedVisibility.ANONYMOUS,
    )
    maintenance.create(live)
    for doc_type, queryset in (
        ("service", factories.ServiceFactory._meta.model.objects),
        ("need", factories.NeedFactory._meta.model.objects),
        ("organisation", factories.OrganisationFactory._meta.model.objects),
    ):
        for pk in queryset.values_list("pk", flat=True):
            IndexOutbox.objects.create(doc_type=doc_type, object_id=pk)
    queued = IndexOutbox.objects.count()
    assert elastic.outbox_flush(live) == queued
    assert not IndexOutbox.objects.exists()
    _refresh(live, settings)
    results = elastic.ElasticsearchBackend().search(SearchQuery(text="kiertotaloutta"), None)
    titles = {hit.title for hit in results.hits}
    assert service.title in titles
    assert hidden.title not in titles
    anonymous_hit = next(hit for hit in results.hits if hit.id == anonymous.pk)
    assert anonymous_hit.type == "need" and anonymous_hit.fields["organisation_name"] == ""
    # The service's description holds the inflected word: text.fi is highlighted there.
    service_hit = next(hit for hit in results.hits if hit.type == "service")
    assert "<mark>kiertotalouteen</mark>" in service_hit.snippet
    by_company = elastic.ElasticsearchBackend().search(SearchQuery(text="Salainen"), None)
    assert anonymous.pk not in {hit.id for hit in by_company.hits if hit.type == "need"}


def test_rebuild_and_reconcile_against_a_real_node(live, settings):
    factories.ServiceFactory.create(title="Drone test area")
    maintenance.create(live)
    report = maintenance.rebuild(live)
    assert report["reconcile"]["missing"] == 0
    # The sources read back equal the documents sent: reconcile compares them as stored.
    assert report["reconcile"]["different"] == 0
    counts = maintenance.counts(live)
    assert counts["index"]["service"] == counts["database"]["service"] == 1
