"""Reminders of closing calls: to the company and coordinators of fitting needs, once each."""

from __future__ import annotations

import datetime
import time

import pytest

from funding.models import CallReminder
from funding.reminders import send_call_reminders
from notifications.models import Notification, OutboundEmail
from tests import factories
from tests.conftest import wait_until

TODAY = datetime.date(2027, 3, 1)


def _fitting_need_and_call(coordinator_region="19"):
    member = factories.MembershipFactory.create()
    member.organisation.sme_size = "small"
    member.organisation.save()
    need = factories.NeedFactory.create(
        organisation=member.organisation, trl_now_id=4, budget="50k_100k"
    )
    instrument = factories.InstrumentFactory.create(
        continuous=False, research_partner_required=False
    )
    call = factories.CallFactory.create(
        instrument=instrument, deadline=TODAY + datetime.timedelta(days=10)
    )
    return member.user, need, call


@pytest.mark.django_db
def test_company_and_coordinator_hear_of_a_fitting_call_once(coordinator, settings):
    company, need, call = _fitting_need_and_call()
    unfitting = factories.InstrumentFactory.create(eligible_sizes=["large"], continuous=False)
    factories.CallFactory.create(instrument=unfitting, deadline=TODAY + datetime.timedelta(days=5))
    far = factories.CallFactory.create(deadline=TODAY + datetime.timedelta(days=60))
    assert send_call_reminders(today=TODAY, days=14) == 2
    assert send_call_reminders(today=TODAY, days=14) == 0
    reminded = set(CallReminder.objects.values_list("user_id", "call_id"))
    assert reminded == {(company.pk, call.pk), (coordinator.pk, call.pk)}
    note = Notification.objects.get(recipient=company, event="funding_call_closing")
    assert need.title in note.body
    assert not CallReminder.objects.filter(call=far).exists()


@pytest.mark.django_db
def test_a_user_who_turned_the_reminders_off_gets_no_email(coordinator):
    from notifications.models import Preference

    company, _need, _call = _fitting_need_and_call()
    Preference.objects.create(user=company, event="funding_call_closing", delivery="off")
    send_call_reminders(today=TODAY, days=14)
    assert not OutboundEmail.objects.filter(to=company.email).exists()
    assert OutboundEmail.objects.filter(to=coordinator.email).exists()


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_reminders_through_a_real_worker_arrive_once_per_user_and_call(celery_workers, coordinator):
    from funding.tasks import send_call_reminders as task

    celery_workers.start()
    today = datetime.date.today()
    company, _need, call = _fitting_need_and_call()
    call.deadline = today + datetime.timedelta(days=3)
    call.save()
    task.delay()
    task.delay()  # a second run, as if beat fired twice
    assert wait_until(lambda: OutboundEmail.objects.filter(status="sent").count() >= 2)
    time.sleep(3)  # every chance for a duplicate
    for user in (company, coordinator):
        assert CallReminder.objects.filter(user=user, call=call).count() == 1
        assert OutboundEmail.objects.filter(to=user.email).count() == 1
    assert len(list(celery_workers.mail_dir.glob("*.log"))) == 2
