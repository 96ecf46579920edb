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
