"""The picture is warmed in the background after changes, once per burst."""

from __future__ import annotations

from datetime import date
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from companies import actions as need_actions
from core import jobs
from insights import figures, tasks
from tests import factories

TODAY = date(2026, 4, 1)


@pytest.fixture
def broker(settings):
    """A broker (not the in-process default): tasks are queued, not run on the spot."""
    from celery import current_app

    cache.clear()
    current_app.conf.task_always_eager = False
    sent = mock.patch.object(tasks.warm_picture, "apply_async").start()
    yield sent
    mock.patch.stopall()
    current_app.conf.task_always_eager = settings.CELERY_TASK_ALWAYS_EAGER
    cache.clear()


def test_a_burst_of_changes_queues_one_warming_after_commit(
    broker, company_member, django_capture_on_commit_callbacks
):
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        for title in ("One", "Two", "Three"):
            need_actions.need_update(need=need, by=company_member.user, title=title)
        need_actions.need_close(need=need, by=company_member.user, reason="solved_here")
    broker.assert_called_once_with(countdown=jobs.PICTURE_WARM_WINDOW)


def test_a_change_while_warming_queues_the_next_run(
    broker, company_member, django_capture_on_commit_callbacks, picture
):
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        need_actions.need_update(need=need, by=company_member.user, title="One")
    tasks.warm_picture()  # releases the marker as it starts
    with django_capture_on_commit_callbacks(execute=True):
        need_actions.need_update(need=need, by=company_member.user, title="Two")
    assert broker.call_count == 2


def test_nothing_is_queued_before_commit(broker, company_member):
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    need_actions.need_update(need=need, by=company_member.user, title="Rolled back")
    broker.assert_not_called()


def test_without_a_broker_the_writer_does_not_warm(settings, company_member, monkeypatch):
    warm = mock.Mock()
    monkeypatch.setattr(figures, "warm", warm)
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    need_actions.need_update(need=need, by=company_member.user, title="Eager")
    jobs.picture_changed()
    warm.assert_not_called()


def test_warming_fills_the_cache_the_first_viewer_reads(picture):
    cache.clear()
    computed = figures.warm(TODAY)
    # Every table and the charts, in Finnish and English.
    assert computed == 2 * (len(figures.DATASETS) + 1)
    assert figures.warm(TODAY) == 0
    params = figures.default_params(TODAY)
    with translation.override("fi"), CaptureQueriesContext(connection) as queries:
        for name in figures.DATASETS:
            figures.table(name, params)
    # Only the fingerprint (six aggregates per table): nothing is computed.
    assert len(queries) == 6 * len(figures.DATASETS)


def test_a_cache_outage_does_not_fail_the_write(
    broker, company_member, django_capture_on_commit_callbacks, monkeypatch
):
    def down(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr(cache, "add", down)
    need = factories.NeedFactory.create(organisation=company_member.organisation)
    with django_capture_on_commit_callbacks(execute=True):
        need_actions.need_update(need=need, by=company_member.user, title="Still saved")
    need.refresh_from_db()
    assert need.title == "Still saved"
    broker.assert_not_called()
