from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest

from notifications.outbox import email_queue


@dataclass(frozen=True)
class Site:
    """What allauth's templates read from `current_site`. Without django.contrib.sites,
    allauth found no name (the e-mails said "Hello from !"); ours comes from settings."""

    name: str
    domain: str


def current_site() -> Site:
    return Site(name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


class AccountAdapter(DefaultAccountAdapter):
    """Allauth's e-mails go through our outbox, so Celery sends them and none is lost."""

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        context = {**context, "current_site": current_site()}
        message = self.render_mail(template_prefix, email, context)
        html = ""
        for content, mimetype in getattr(message, "alternatives", []):
            if mimetype == "text/html":
                html = str(content)
        email_queue(
            to=email,
            subject=str(message.subject),
            body_text=str(message.body),
            body_html=html,
            from_email=str(message.from_email or ""),
        )

    def set_password(self, user: Any, password: str) -> None:
        """Allauth's one hook for changed, set and reset passwords."""
        from .actions import user_set_password

        user_set_password(user=user, password=password)

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        from .models import Membership

        user = request.user
        if (
            user.is_authenticated
            and not user.is_staff
            and not Membership.objects.filter(user=user).exists()
            and not user.coordinated_clusters.exists()
        ):
            from django.urls import reverse

            return reverse("onboarding")
        return super().get_login_redirect_url(request)

    def is_reauthentication_required(self, *, app: str, **kwargs: Any) -> bool:
        """Two-factor set-up right after signing in with the password does not ask for the
        password again: allauth counts only explicit re-authentications, so a coordinator
        sent to the set-up at sign-in typed the password twice within a minute, and again
        to see the recovery codes. The password typed at sign-in within the
        re-authentication timeout proves what typing it again would; an older sign-in
        still asks, and so does every sensitive change outside two-factor (e-mail,
        password)."""
        required = super().is_reauthentication_required(app=app, **kwargs)
        if not required or app != "allauth.mfa":
            return required
        import time

        from allauth.account import app_settings as account_settings
        from allauth.account.internal.flows.login import get_authentication_records
        from allauth.core import context

        request = context.request
        if request is None or not request.user.is_authenticated:
            return required
        passwords = [
            record
            for record in get_authentication_records(request, request.user)
            if record.get("method") == "password"
        ]
        if not passwords:
            return required
        age = time.time() - float(passwords[-1].get("at", 0))
        return age >= account_settings.REAUTHENTICATION_TIMEOUT
