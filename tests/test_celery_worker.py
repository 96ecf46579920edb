"""A real Celery worker process on Redis sends what the web process queued."""

from __future__ import annotations

import pytest
from django.db import transaction

from notifications.models import EmailStatus, OutboundEmail
from notifications.outbox import email_queue

from .conftest import wait_until

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def test_worker_sends_an_email_queued_in_a_transaction(celery_worker_process):
    with transaction.atomic():
        email = email_queue(
            to="worker@example.org", subject="Through Redis", body_text="Sent by a real worker"
        )
    assert wait_until(lambda: OutboundEmail.objects.get(pk=email.pk).status == EmailStatus.SENT), (
        celery_worker_process["log"].read_text()[-2000:]
    )
    sent = list(celery_worker_process["mail_dir"].glob("*.log"))
    assert len(sent) == 1
    assert "Through Redis" in sent[0].read_text()


def test_worker_runs_the_expiry_task(celery_worker_process):
    import datetime

    from companies.models import NeedStatus
    from companies.tasks import expire_overdue_needs

    from . import factories

    need = factories.NeedFactory.create(deadline=datetime.date(2020, 1, 1))
    expire_overdue_needs.delay()
    assert wait_until(lambda: type(need).objects.get(pk=need.pk).status == NeedStatus.EXPIRED)


def test_worker_computes_proposals_when_a_need_is_published(celery_worker_process, settings):
    from companies.actions import need_publish
    from companies.models import NeedStatus
    from matchmaking.matching import proposals as matching
    from matchmaking.models import Proposal

    from . import factories

    service = factories.ServiceFactory.create(
        title="Climate chamber testing", description="Cold testing of electronics."
    )
    member = factories.MembershipFactory.create()
    need = factories.NeedFactory.create(
        organisation=member.organisation,
        status=NeedStatus.DRAFT,
        published_at=None,
        title="Cold testing of our electronics",
        description="Electronics in cold.",
    )
    matching.engine_refit(rematch=False)  # the worker loads this file lazily
    need_publish(need=need, by=member.user)
    assert wait_until(lambda: Proposal.objects.filter(need=need, service=service).exists()), (
        celery_worker_process["log"].read_text()[-2000:]
    )


def test_worker_refits_the_engine(celery_worker_process):
    from matchmaking.models import EngineVersion
    from matchmaking.tasks import refit_engine

    from . import factories

    factories.ServiceFactory.create()
    refit_engine.delay()
    assert wait_until(lambda: EngineVersion.objects.filter(active=True).exists()), (
        celery_worker_process["log"].read_text()[-2000:]
    )


def test_two_workers_share_a_refits_chunks_and_match_every_need(celery_workers):
    from matchmaking.models import EngineVersion, Proposal
    from matchmaking.tasks import refit_engine

    from . import factories

    services = [factories.ServiceFactory.create() for _ in range(2)]
    needs = [factories.NeedFactory.create() for _ in range(6)]
    # Three chunks of two needs, queued on the matching queue for both workers.
    _first, first_log = celery_workers.start("first", MATCHING_CHUNK_SIZE="2")
    _second, second_log = celery_workers.start("second", MATCHING_CHUNK_SIZE="2")
    refit_engine.delay()
    assert wait_until(
        lambda: Proposal.objects.filter(need__in=needs).values("need").distinct().count() == 6,
        timeout=90,
    ), first_log.read_text()[-2000:] + second_log.read_text()[-2000:]
    active = EngineVersion.objects.get(active=True)
    assert active.metadata["rematch"] == {"chunks_queued": 3}
    assert set(Proposal.objects.values_list("service_id", flat=True)) <= {s.pk for s in services}
    logs = first_log.read_text() + second_log.read_text()
    assert logs.count("matchmaking.tasks.match_needs_chunk") >= 3


def test_worker_updates_needs_when_a_service_is_published(celery_worker_process):
    from matchmaking.matching import proposals as matching
    from matchmaking.models import Proposal
    from services.actions import service_publish
    from services.models import ServiceStatus

    from . import factories

    need = factories.NeedFactory.create(
        title="Drone inspection of tailings dams", description="Drone flights over tailings dams."
    )
    factories.ServiceFactory.create(title="Dance school", description="Dance lessons.")
    matching.engine_refit(rematch=False)
    provider = factories.ProviderFactory.create()
    owner = factories.MembershipFactory.create(organisation=provider).user
    drones = factories.ServiceFactory.create(
        provider=provider,
        status=ServiceStatus.DRAFT,
        title="Drone test area",
        description="Test flights of drones over tailings dams.",
    )
    service_publish(service=drones, by=owner)
    assert wait_until(lambda: Proposal.objects.filter(need=need, service=drones).exists()), (
        celery_worker_process["log"].read_text()[-2000:]
    )


def test_a_worker_killed_mid_send_leads_to_redelivery_and_one_email(celery_workers):
    import signal

    # Worker A hangs inside the mail backend, then dies; its message was never acknowledged.
    first, first_log = celery_workers.start(
        "a",
        EMAIL_BACKEND="tests.slow_mail.SlowFileBackend",
        TKI_TEST_MAIL_DELAY="60",
        CELERY_VISIBILITY_TIMEOUT="3",
        EMAIL_CLAIM_TIMEOUT="2",
    )
    with transaction.atomic():
        email = email_queue(to="once@example.org", subject="Exactly once", body_text="Hi")
    assert wait_until(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sending"), (
        first_log.read_text()[-2000:]
    )
    first.send_signal(signal.SIGKILL)
    first.wait(timeout=10)
    # Worker B finds the unacknowledged message after the visibility timeout and sends it.
    _second, second_log = celery_workers.start(
        "b",
        CELERY_VISIBILITY_TIMEOUT="3",
        CELERY_UNACKED_RESTORE_INTERVAL="1",
        CELERY_UNACKED_RESTORE_THROTTLE="1",
        EMAIL_CLAIM_TIMEOUT="2",
    )
    assert wait_until(
        lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent", timeout=60
    ), second_log.read_text()[-3000:]
    sent = list(celery_workers.mail_dir.glob("*.log"))
    assert len(sent) == 1 and "Exactly once" in sent[0].read_text()
    assert OutboundEmail.objects.get(pk=email.pk).attempts == 2


def test_with_the_broker_down_events_wait_and_are_sent_once_it_is_back(celery_workers):
    from config.celery import app
    from notifications.tasks import sweep_outbox

    def reconnect(url):
        # Celery caches its connection and producer pools: drop them to change brokers.
        app.conf.update(broker_url=url)
        setattr(app, "_pool", None)  # noqa: B010 - private cache, no public reset
        setattr(app.amqp, "_producer_pool", None)  # noqa: B010

    celery_workers.start()
    working_broker = app.conf.broker_url
    retry = app.conf.broker_connection_retry
    app.conf.broker_connection_retry = False
    reconnect("redis://127.0.0.1:1/0")  # nothing listens there: the broker is down
    try:
        with transaction.atomic():
            email = email_queue(to="later@example.org", subject="Kept", body_text="Hi")
        # The save went through; the e-mail waits in the outbox.
        assert OutboundEmail.objects.get(pk=email.pk).status == "pending"
    finally:
        app.conf.broker_connection_retry = retry
        reconnect(working_broker)
    sweep_outbox.delay()
    sweep_outbox.delay()  # a second sweep finds nothing left to send
    assert wait_until(lambda: OutboundEmail.objects.get(pk=email.pk).status == "sent")
    assert wait_until(lambda: len(list(celery_workers.mail_dir.glob("*.log"))) >= 1)
    import time

    time.sleep(2)
    assert len(list(celery_workers.mail_dir.glob("*.log"))) == 1


def test_an_event_through_the_worker_gives_one_email_and_one_item_each(celery_workers, coordinator):
    from matchmaking.brokering import actions as brokering
    from notifications.models import Notification

    from . import factories

    celery_workers.start()
    company = factories.MembershipFactory.create()
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    match = brokering.match_create(
        need=factories.NeedFactory.create(organisation=company.organisation),
        service=factories.ServiceFactory.create(provider=provider.organisation),
        by=coordinator,
        origin="coordinator",
    )
    brokering.match_transition(match=match, by=coordinator, action="introduce")
    assert wait_until(lambda: OutboundEmail.objects.filter(status="sent").count() == 2)
    files = list(celery_workers.mail_dir.glob("*.log"))
    recipients = sorted(f.read_text().split("To: ", 1)[1].split("\n", 1)[0] for f in files)
    assert recipients == sorted([company.user.email, provider.user.email])
    for user in (company.user, provider.user):
        assert Notification.objects.filter(recipient=user, event="introduction").count() == 1


def test_a_digest_run_twice_through_the_worker_sends_one(celery_workers):
    from django.utils import timezone

    from notifications.models import Notification
    from search.tasks import send_weekly_digest

    from . import factories

    celery_workers.start()
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    factories.ServiceFactory.create(provider=provider.organisation)
    factories.NeedFactory.create(title="Fresh need", published_at=timezone.now())
    send_weekly_digest.delay()
    send_weekly_digest.delay()
    assert wait_until(lambda: OutboundEmail.objects.filter(status="sent").count() >= 1)
    import time

    time.sleep(3)  # give the second run every chance to send a duplicate
    assert OutboundEmail.objects.filter(to=provider.user.email).count() == 1
    assert len(list(celery_workers.mail_dir.glob("*.log"))) == 1
    assert Notification.objects.filter(recipient=provider.user, event="weekly_digest").count() == 1


def test_interest_and_answers_through_the_worker_notify_coordinators_once(
    celery_workers, coordinator
):
    from matchmaking.brokering import actions as brokering
    from notifications.models import Notification

    from . import factories

    celery_workers.start()
    provider = factories.MembershipFactory.create(organisation=factories.ProviderFactory.create())
    need = factories.NeedFactory.create()
    service = factories.ServiceFactory.create(provider=provider.organisation)
    brokering.match_create(
        need=need,
        service=service,
        by=provider.user,
        origin="provider_interest",
        note="We can do it",
    )
    assert wait_until(
        lambda: OutboundEmail.objects.filter(to=coordinator.email, status="sent").count() == 1
    )
    assert Notification.objects.filter(recipient=coordinator, event="interest").count() == 1
