from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from core.domain import acting_user

from .models import Delivery, Event, Notification, Preference
from .notify import delivery_for, read_unsubscribe_token


@login_required
def centre(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    items = Notification.objects.filter(recipient=user)[:100]
    if request.method == "POST":
        Notification.objects.filter(recipient=user, read_at__isnull=True).update(
            read_at=timezone.now()
        )
        return redirect("notification_centre")
    return render(request, "notifications/centre.html", {"items": items})


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification marks it read and goes on to what it is about."""
    user = acting_user(request)
    notification = get_object_or_404(Notification, pk=pk, recipient=user)
    Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return HttpResponseRedirect(target)
    return redirect("notification_centre")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = acting_user(request)
    fields = {
        event.value: forms.ChoiceField(
            label=event.label, choices=Delivery.choices, initial=delivery_for(user, event.value)
        )
        for event in Event
    }
    form = type("PreferenceForm", (forms.Form,), fields)(request.POST or None)
    if request.method == "POST" and form.is_valid():
        for event, delivery in form.cleaned_data.items():
            Preference.objects.update_or_create(
                user=user, event=event, defaults={"delivery": delivery}
            )
        messages.success(request, _("Preferences saved."))
        return redirect("notification_preferences")
    return render(request, "notifications/preferences.html", {"form": form})


def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from an e-mail, no login: the signed token names the user and the event."""
    try:
        user_id, event = read_unsubscribe_token(token)
    except signing.BadSignature:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    if request.method == "POST":
        Preference.objects.update_or_create(
            user_id=user_id, event=event, defaults={"delivery": Delivery.OFF}
        )
        return render(
            request, "notifications/unsubscribe.html", {"done": True, "event": Event(event).label}
        )
    return render(request, "notifications/unsubscribe.html", {"event": Event(event).label})
