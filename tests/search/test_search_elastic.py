"""The Elasticsearch backend: golden mappings and queries, and faults with nothing lost."""

from __future__ import annotations

import json
import os
import time
from pathlib import Path
from typing import Any

import pytest

from companies.models import NeedVisibility
from search import actions as search_actions
from search.backends import elastic
from search.models import IndexOutbox
from search.query import SearchQuery
from search.selectors import database_backend, search
from tests import factories
from tests.search.fake_elasticsearch import bulk_response, running

GOLDEN = Path(__file__).resolve().parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
SHARDS = {"total": 1, "successful": 1, "skipped": 0, "failed": 0}

pytestmark = pytest.mark.django_db


def _golden(name: str, data: object) -> None:
    """Compare with tests/golden/<name>.json; UPDATE_GOLDEN=1 writes the file instead."""
    path = GOLDEN / f"{name}.json"
    text = json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    if UPDATE:
        path.write_text(text)
    elif not path.exists():
        pytest.fail(f"{path.name} is missing: run with UPDATE_GOLDEN=1 once and review it")
    assert json.loads(path.read_text()) == json.loads(text), f"{name} differs from golden"


def test_a_missing_golden_file_fails_unless_golden_files_are_being_updated(tmp_path, monkeypatch):
    monkeypatch.setattr(f"{__name__}.GOLDEN", tmp_path)
    monkeypatch.setattr(f"{__name__}.UPDATE", False)
    with pytest.raises(pytest.fail.Exception, match="UPDATE_GOLDEN=1"):
        _golden("new_case", {"query": 1})
    assert not (tmp_path / "new_case.json").exists()

    monkeypatch.setattr(f"{__name__}.UPDATE", True)
    _golden("new_case", {"query": 1})
    assert json.loads((tmp_path / "new_case.json").read_text()) == {"query": 1}
    monkeypatch.setattr(f"{__name__}.UPDATE", False)
    with pytest.raises(AssertionError, match="new_case differs from golden"):
        _golden("new_case", {"query": 2})


@pytest.fixture(autouse=True)
def _fresh_clients():
    """Each test starts with no cached client and every circuit breaker closed."""
    elastic.reset_client()
    yield
    elastic.reset_client()


@pytest.fixture
def es_settings(settings):
    settings.ELASTICSEARCH_TIMEOUT = 1
    settings.SEARCH_BULK_BACKOFF = 0.01
    settings.SEARCH_BULK_RETRIES = 3
    settings.SEARCH_INDEX_ALIAS = "tki-search"
    return settings


def test_mapping_matches_golden(es_settings):
    body = elastic.index_definition("tki-search-test").to_dict()
    _golden("mapping", body)
    fields = body["mappings"]["properties"]
    assert fields["title"]["fields"]["fi"]["analyzer"] == "finnish"
    assert fields["title"]["fields"]["sv"]["analyzer"] == "swedish"
    assert fields["concepts"]["analyzer"] == "tki_concepts"
    assert fields["title"]["fields"]["suggest"]["type"] == "search_as_you_type"
    assert "tki_synonyms" in json.dumps(body["settings"])


def test_queries_match_golden(es_settings, coordinator):
    member = factories.MembershipFactory.create()
    cases = {
        "query_anonymous_text": (SearchQuery(text="kiertotaloutta"), None),
        "query_member_facets": (
            SearchQuery(
                text="testing",
                types=("need", "service"),
                filters={"region": ("19",), "remote": ("true",)},
                sort="newest",
                page=2,
            ),
            member.user,
        ),
        "query_coordinator_empty": (SearchQuery(), coordinator),
    }
    for name, (query, user) in cases.items():
        body = elastic.build_search(query, user).to_dict()
        # The member's organisation id differs per run: compare its shape, not its value.
        text = json.dumps(body).replace(
            f'"organisation_id": [{member.organisation_id}]', '"organisation_id": ["ORG"]'
        )
        _golden(name, json.loads(text))


def test_anonymous_users_query_excludes_hidden_needs(es_settings):
    body = json.dumps(elastic.build_search(SearchQuery(text="x"), None).to_dict())
    assert '"visibility": ["public", "anonymous"]' in body
    assert '"status": ["published", "matched"]' in body


def test_staff_queries_have_no_permission_filter(es_settings):
    staff = factories.UserFactory.create(is_staff=True)
    body = json.dumps(elastic.build_search(SearchQuery(text="x"), staff).to_dict())
    assert "visibility" not in body


def _queue(*needs):
    for need in needs:
        IndexOutbox.objects.create(doc_type="need", object_id=need.pk)


def test_connection_refused_keeps_the_work(es_settings):
    es_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    need = factories.NeedFactory.create()
    _queue(need)
    assert elastic.outbox_flush() == 0
    row = IndexOutbox.objects.get()
    assert "Connection" in row.last_error


def test_timeout_keeps_the_work(es_settings):
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url
        fake.delay = 2.5
        _queue(factories.NeedFactory.create())
        assert elastic.outbox_flush() == 0
    assert IndexOutbox.objects.count() == 1


def test_429_is_retried_with_backoff_then_succeeds(es_settings):
    calls = {"bulk": 0}
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url

        def bulk(method, path, body):
            if "_bulk" not in path:
                return None
            calls["bulk"] += 1
            items = fake.bulk_items(body)
            status = 429 if calls["bulk"] == 1 else 201
            return 200, bulk_response(items, [status] * len(items))

        fake.responders.append(bulk)
        _queue(factories.NeedFactory.create())
        assert elastic.outbox_flush() == 1
    assert calls["bulk"] == 2
    assert not IndexOutbox.objects.exists()


def test_partially_failed_bulk_keeps_only_the_failures(es_settings):
    first, second = factories.NeedFactory.create(), factories.NeedFactory.create()
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url

        def bulk(method, path, body):
            if "_bulk" not in path:
                return None
            items = fake.bulk_items(body)
            return 200, bulk_response(
                items, [201 if item["_id"] == f"need-{first.pk}" else 400 for item in items]
            )

        fake.responders.append(bulk)
        _queue(first, second)
        assert elastic.outbox_flush() == 1
    left = IndexOutbox.objects.get()
    assert left.object_id == second.pk and left.attempts == 1 and "400" in left.last_error


def test_stale_version_conflict_counts_as_done_and_sends_external_versions(es_settings):
    need = factories.NeedFactory.create()
    sent = []
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url

        def bulk(method, path, body):
            if "_bulk" not in path:
                return None
            items = fake.bulk_items(body)
            sent.extend(items)
            return 200, bulk_response(items, [409] * len(items))

        fake.responders.append(bulk)
        _queue(need)
        assert elastic.outbox_flush() == 1
    assert sent[0]["version_type"] == "external"
    assert sent[0]["version"] == elastic.external_version(need.updated_at.isoformat())
    assert not IndexOutbox.objects.exists()


def test_deleted_rows_are_deleted_and_404_tolerated(es_settings):
    need = factories.NeedFactory.create()
    need_id = need.pk
    need.delete()
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url
        fake.responders.append(
            lambda m, p, b: (
                (200, bulk_response(fake.bulk_items(b), [404])) if "_bulk" in p else None
            )
        )
        IndexOutbox.objects.create(doc_type="need", object_id=need_id, action="delete")
        assert elastic.outbox_flush() == 1
    assert not IndexOutbox.objects.exists()


def test_writes_queue_index_work_in_their_transaction(
    es_settings, company_member, django_capture_on_commit_callbacks
):
    from companies.actions import need_publish

    es_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    need = factories.NeedFactory.create(
        organisation=company_member.organisation, status="draft", published_at=None
    )
    with django_capture_on_commit_callbacks(execute=True):
        need_publish(need=need, by=company_member.user)
    # Elasticsearch is down: the save succeeded and the work is kept.
    assert IndexOutbox.objects.filter(doc_type="need", object_id=need.pk).exists()
    need.refresh_from_db()
    assert need.status == "published"


def test_without_elasticsearch_nothing_is_queued(settings):
    settings.ELASTICSEARCH_URL = ""
    search_actions.index_later("need", 1)
    assert not IndexOutbox.objects.exists()


def test_search_falls_back_to_the_database_backend_with_a_notice(es_settings):
    es_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    factories.ServiceFactory.create(title="Kiertotalous", description="Kiertotalous.")
    from django.utils import translation

    with translation.override("en"):
        results = search(SearchQuery(text="kiertotalous"), None)
    # PostgreSQL's full-text search on PostgreSQL, the embedded index on SQLite.
    assert results.backend == database_backend().name
    assert "unavailable" in results.notice
    assert results.hits


def test_results_are_read_from_an_elasticsearch_answer(es_settings):
    anonymous = factories.NeedFactory.create(visibility=NeedVisibility.ANONYMOUS)
    answer = {
        "took": 1,
        "timed_out": False,
        "hits": {
            "total": {"value": 1, "relation": "eq"},
            "max_score": 2.0,
            "hits": [
                {
                    "_index": "tki-search",
                    "_id": f"need-{anonymous.pk}",
                    "_score": 2.0,
                    "_source": {
                        "type": "need",
                        "title": anonymous.title,
                        "url": "/needs/1/",
                        "text": "x",
                        "organisation_name": "",
                    },
                    "highlight": {"text.fi": ["&lt;b&gt; <mark>kierto</mark>"]},
                }
            ],
        },
        "aggregations": {
            f"{facet}_filtered": {
                "doc_count": 1,
                facet: {"buckets": [{"key": 7 if facet == "trl" else "need", "doc_count": 1}]},
            }
            for facet in elastic.FACETS
        },
    }
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url
        fake.responders.append(lambda m, p, b: (200, answer) if "_search" in p else None)
        results = search(SearchQuery(text="kierto"), None)
    assert results.backend == "elasticsearch" and results.total == 1
    assert results.hits[0].snippet == "&lt;b&gt; <mark>kierto</mark>"
    assert results.hits[0].fields["organisation_name"] == ""
    assert results.facets["type"][0].count == 1


@pytest.mark.django_db(transaction=True)
def test_rebuild_swaps_the_alias_and_replays_writes_made_meanwhile(es_settings):
    from search import maintenance

    kept = factories.ServiceFactory.create(title="Kept")
    changed = factories.ServiceFactory.create(title="Before")
    state: dict[str, Any] = {"bulks": [], "aliases": None, "deleted": []}
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url

        def respond(method, path, body):
            if path.startswith("/_alias/") and method == "HEAD":
                return 200, {}
            if path.startswith("/_alias/"):
                return 200, {"tki-search-old": {"aliases": {"tki-search": {}}}}
            if path == "/_aliases":
                state["aliases"] = json.loads(body)
                return 200, {"acknowledged": True}
            if path.startswith("/_bulk") or path.endswith("/_bulk"):
                items = fake.bulk_items(body)
                state["bulks"].append(items)
                if len(state["bulks"]) == 1:
                    # Someone edits a service while the new index is being filled.
                    type(changed).objects.filter(pk=changed.pk).update(title="After")
                    changed.refresh_from_db()
                    changed.save()
                return 200, bulk_response(items, [201] * len(items))
            if "_search" in path and "scroll" not in path.split("?")[0]:
                hits = [{"_id": f"service-{s.pk}", "_version": 1} for s in (kept, changed)]
                hits.append({"_id": "need-999999", "_version": 1})  # gone from the database
                return 200, {
                    "_scroll_id": "s1",
                    "_shards": SHARDS,
                    "hits": {"total": {"value": 3}, "hits": hits},
                }
            if "_search/scroll" in path and method == "POST":
                return 200, {"_scroll_id": "s1", "_shards": SHARDS, "hits": {"hits": []}}
            if method == "DELETE":
                state["deleted"].append(path)
                return 200, {"acknowledged": True}
            if method == "PUT":
                return 200, {"acknowledged": True, "index": path.strip("/")}
            return 200, {}

        fake.responders.append(respond)
        report = maintenance.rebuild()
        assert not fake.errors

    new_index = report["index"]
    assert report["replaced"] == ["tki-search-old"]
    actions = state["aliases"]["actions"]
    assert {"remove": {"index": "tki-search-old", "alias": "tki-search"}} in actions
    assert {"add": {"index": new_index, "alias": "tki-search"}} in actions
    first_fill = {item["_id"] for item in state["bulks"][0]}
    assert {f"service-{kept.pk}", f"service-{changed.pk}"} <= first_fill
    replay = [item for bulk in state["bulks"][1:] for item in bulk]
    assert f"service-{changed.pk}" in {item["_id"] for item in replay}
    assert any(item["op"] == "delete" and item["_id"] == "need-999999" for item in replay)
    assert report["reconcile"]["extra"] == 1
    assert any("tki-search-old" in path for path in state["deleted"])


def test_documents_carry_their_sortable_key(es_settings):
    need = factories.NeedFactory.create()
    action = elastic._action("need", need.pk, "tki-search")
    assert action["_source"]["key"] == f"need-{need.pk}" == action["_id"]
    body = json.dumps(elastic.build_search(SearchQuery(sort="title"), None).to_dict())
    assert '"_id"' not in body  # Elasticsearch refuses to sort on _id


# --- every test run has its own alias; reconcile repairs any mismatch -----------------


def test_each_test_run_writes_to_its_own_alias_and_so_do_its_workers():
    from django.conf import settings

    alias = settings.SEARCH_INDEX_ALIAS
    assert alias.startswith("tki-test-") and alias != "tki-search"
    # Celery workers started by tests inherit the environment, not these settings.
    assert os.environ["SEARCH_INDEX_ALIAS"] == alias


def test_dropping_a_test_runs_indices_deletes_only_that_runs_indices(es_settings):
    from search import maintenance

    deleted = []
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url

        def respond(method, path, body):
            if method == "GET" and path.startswith("/tki-test-abc"):
                return 200, {"tki-test-abc-20250101": {}, "tki-test-abc": {}}
            if method == "DELETE":
                deleted.append(path.split("?")[0])
                return 200, {"acknowledged": True}
            return None

        fake.responders.append(respond)
        assert maintenance.drop_test_indices("tki-test-abc", es=elastic.client()) == [
            "tki-test-abc",
            "tki-test-abc-20250101",
        ]
        with pytest.raises(ValueError):
            maintenance.drop_test_indices("tki-search", es=elastic.client())
    assert sorted(deleted) == ["/tki-test-abc", "/tki-test-abc-20250101"]


def _scan(hits: list[dict[str, Any]]):
    def respond(method, path, body):
        if "_search/scroll" in path and method == "POST":
            return 200, {"_scroll_id": "s1", "_shards": SHARDS, "hits": {"hits": []}}
        if "_search" in path:
            return 200, {
                "_scroll_id": "s1",
                "_shards": SHARDS,
                "hits": {"total": {"value": len(hits)}, "hits": hits},
            }
        if method == "DELETE" and "scroll" in path:
            return 200, {"succeeded": True}
        return None

    return respond


def test_reconcile_repairs_documents_that_differ_in_either_direction(es_settings):
    from search import documents, maintenance

    renamed = factories.ServiceFactory.create(title="Renamed provider's service")
    ahead = factories.ServiceFactory.create(title="Restored from a backup")
    same = factories.ServiceFactory.create(title="Unchanged")

    def indexed(service, version_shift=0, **changes):
        source = {**documents.service_document(service), "key": f"service-{service.pk}"}
        source = json.loads(json.dumps({**source, **changes}))
        version = elastic.external_version(service.updated_at.isoformat()) + version_shift
        return {"_id": f"service-{service.pk}", "_version": version, "_source": source}

    hits = [
        {
            "_id": f"organisation-{org.pk}",
            "_version": elastic.external_version(org.updated_at.isoformat()),
            "_source": json.loads(
                json.dumps(
                    {**documents.organisation_document(org), "key": f"organisation-{org.pk}"}
                )
            ),
        }
        for org in documents.organisation_queryset()
    ]
    hits += [
        # The provider was renamed: the row's own timestamp did not move.
        indexed(renamed, organisation_name="Old name"),
        # The index is ahead of the database (a restored backup, a clock that ran ahead).
        indexed(ahead, version_shift=10_000_000, title="A newer title the row never had"),
        indexed(same),
    ]
    bulks: list[list[dict[str, Any]]] = []
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url

        def bulk(method, path, body):
            if "_bulk" not in path:
                return None
            items = fake.bulk_items(body)
            bulks.append(items)
            return 200, bulk_response(items, [200] * len(items))

        fake.responders += [bulk, _scan(hits)]
        report = maintenance.reconcile()
        assert not fake.errors
    sent = {item["_id"]: item for items in bulks for item in items}
    assert set(sent) == {f"service-{renamed.pk}", f"service-{ahead.pk}"}
    assert report["different"] == 2 and report["missing"] == 0 and report["extra"] == 0
    # Equal or lower versions would be refused as conflicts: the repair must win.
    assert sent[f"service-{renamed.pk}"]["version_type"] == "external_gte"
    assert sent[f"service-{ahead.pk}"]["version"] == hits[-2]["_version"]


# --- writes never auto-create a wrongly mapped index -----------------------------------


def test_first_flush_without_the_alias_creates_the_mapped_index_then_writes(es_settings):
    """Elasticsearch as it behaves before `search_index create`: a write to a name that is
    not an alias auto-creates a concrete index with a guessed mapping, unless the request
    says `require_alias=true`, which makes every item fail with index_not_found."""
    need = factories.NeedFactory.create()
    state: dict[str, Any] = {"alias": None, "created": {}, "auto_created": False, "bulks": []}
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url

        def respond(method, path, body):
            route = path.split("?")[0]
            if route.endswith("/_bulk"):
                items = fake.bulk_items(body)
                state["bulks"].append(path)
                if state["alias"] is None and "require_alias=true" in path:
                    error = {"type": "index_not_found_exception", "reason": "no such index"}
                    return 200, {
                        "took": 1,
                        "errors": True,
                        "items": [
                            {i["op"]: {"_id": i["_id"], "status": 404, "error": error}}
                            for i in items
                        ],
                    }
                if state["alias"] is None:
                    state["auto_created"] = True
                return 200, bulk_response(items, [201] * len(items))
            if route.startswith("/_alias/") or (method == "HEAD" and route == "/tki-search"):
                return (200, {}) if state["alias"] else (404, {})
            if method == "PUT" and "/_alias/" in route:
                state["alias"] = route.rsplit("/", 1)[1]
                return 200, {"acknowledged": True}
            if method == "PUT":
                state["created"][route.strip("/")] = json.loads(body)
                return 200, {"acknowledged": True, "index": route.strip("/")}
            return None

        fake.responders.append(respond)
        _queue(need)
        assert elastic.outbox_flush() == 1
        assert not fake.errors
    assert not state["auto_created"]
    assert all("require_alias=true" in path for path in state["bulks"])
    assert state["alias"] == "tki-search"
    [(name, body)] = state["created"].items()
    assert name.startswith("tki-search-")
    assert body["mappings"] == elastic.index_definition(name).to_dict()["mappings"]
    assert not IndexOutbox.objects.exists()


def test_rebuild_replaces_an_auto_created_index_under_the_alias_name(es_settings):
    from search import maintenance

    factories.ServiceFactory.create()
    state: dict[str, Any] = {"aliases": None}
    with running() as (fake, url):
        es_settings.ELASTICSEARCH_URL = url

        def respond(method, path, body):
            route = path.split("?")[0]
            if route.startswith("/_alias/"):
                return 404, {}
            if method == "HEAD" and route == "/tki-search":
                return 200, {}  # a concrete index, written before the alias existed
            if route == "/_aliases":
                state["aliases"] = json.loads(body)
                return 200, {"acknowledged": True}
            if route.endswith("/_bulk"):
                items = fake.bulk_items(body)
                return 200, bulk_response(items, [201] * len(items))
            return None

        fake.responders += [respond, _scan([])]
        with pytest.raises(maintenance.IndexError_, match="rebuild"):
            maintenance.create()
        maintenance.rebuild()
        assert not fake.errors
    actions = state["aliases"]["actions"]
    assert {"remove_index": {"index": "tki-search"}} in actions
    assert any(action.get("add", {}).get("alias") == "tki-search" for action in actions)


# --- a node that never answers costs one timeout, not one per keystroke ----------------


@pytest.fixture
def breaker_settings(es_settings):
    es_settings.ELASTICSEARCH_TIMEOUT = 0.5
    es_settings.SEARCH_BREAKER_FAILURES = 2
    es_settings.SEARCH_BREAKER_COOLDOWN = 60
    es_settings.SEARCH_SUGGEST_TIMEOUT = 0.2
    return es_settings


def test_one_client_per_process_for_the_same_node(breaker_settings):
    breaker_settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"
    assert elastic.client() is elastic.client()


def test_a_node_that_never_answers_is_skipped_after_consecutive_failures(breaker_settings):
    from search.selectors import suggest

    factories.ServiceFactory.create(title="Kiertotalous", description="Kiertotalous.")
    with running() as (fake, url):
        breaker_settings.ELASTICSEARCH_URL = url
        fake.hang = True
        for _ in range(2):
            assert search(SearchQuery(text="kiertotalous"), None).backend == database_backend().name
        assert len(fake.requests) == 2
        # Open: within the cool-down, searches and keystrokes use the fallback at once.
        assert search(SearchQuery(text="kiertotalous"), None).backend == database_backend().name
        assert [row["title"] for row in suggest("kierto", None)] == ["Kiertotalous"]
        assert len(fake.requests) == 2


def test_after_the_cool_down_one_request_tries_the_node_again(breaker_settings, monkeypatch):
    clock = {"now": 1000.0}
    monkeypatch.setattr(elastic, "_now", lambda: clock["now"])
    with running() as (fake, url):
        breaker_settings.ELASTICSEARCH_URL = url
        fake.hang = True
        for _ in range(3):
            search(SearchQuery(text="x"), None)
        assert len(fake.requests) == 2
        clock["now"] += 61
        search(SearchQuery(text="x"), None)  # the trial request, which fails again
        search(SearchQuery(text="x"), None)
        assert len(fake.requests) == 3


def test_suggestions_give_up_sooner_than_searches(breaker_settings):
    from search.selectors import suggest

    breaker_settings.ELASTICSEARCH_TIMEOUT = 5
    factories.ServiceFactory.create(title="Kiertotalous")
    with running() as (fake, url):
        breaker_settings.ELASTICSEARCH_URL = url
        fake.hang = True
        started = time.monotonic()
        assert [row["title"] for row in suggest("kierto", None)] == ["Kiertotalous"]
        # SEARCH_SUGGEST_TIMEOUT is 0.2 s; the search timeout (5 s) would be far above this.
        assert time.monotonic() - started < 3
        assert len(fake.requests) == 1


# --- the synonym field is searched with the tokens it was indexed with -----------------


def _analyzer(analysis: dict[str, Any], name: str) -> dict[str, Any]:
    built_in = {"standard": {"tokenizer": "standard", "filter": ["lowercase"]}}
    return analysis["analyzer"].get(name) or built_in[name]


def test_synonym_search_tokenizes_like_the_index(es_settings):
    body = elastic.index_definition("tki-search-test").to_dict()
    analysis = body["settings"]["analysis"]
    for field in ("title", "text"):
        syn = body["mappings"]["properties"][field]["fields"]["syn"]
        index = _analyzer(analysis, syn["analyzer"])
        search_time = _analyzer(analysis, syn["search_analyzer"])
        assert search_time["tokenizer"] == index["tokenizer"]
        assert search_time.get("char_filter", []) == index.get("char_filter", [])
        # Synonyms are the only difference, added as the last filter.
        assert search_time["filter"] == [*index["filter"], "tki_synonyms"]
    # The rules are written in the tokens the analyzers produce: "R&D" is indexed as "rd".
    rules = analysis["filter"]["tki_synonyms"]["synonyms"]
    assert any(" rd," in f" {rule}," for rule in rules)
    assert not any("&" in rule for rule in rules)


def test_a_trl_facet_value_that_is_not_an_ascii_level_is_ignored_not_a_server_error():
    from search.backends.elastic import _facet_filter

    assert _facet_filter("trl", ("²", "5", "99", "٣")).to_dict() == {"terms": {"trl": [5]}}
