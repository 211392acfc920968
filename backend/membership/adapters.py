"""allauth hooks: account emails go out through the task queue."""

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings

from core.tasks import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render as allauth does, then send after commit via django-tasks.

        A slow or failing mail server then never fails (or slows) a sign-up
        or reset request; the worker retries it instead.
        """
        from allauth.core import context as allauth_context

        # Emails speak for the association's site, not this API's host name.
        site = SimpleNamespace(
            name=settings.WAGTAIL_SITE_NAME,
            domain=urlsplit(settings.FRONTEND_BASE_URL).netloc,
        )
        ctx: dict[str, Any] = {
            "request": allauth_context.request,
            "email": email,
            "current_site": site,
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        html = next(
            (
                str(c)
                for c, mime in getattr(message, "alternatives", [])
                if mime == "text/html"
            ),
            "",
        )
        queue_email(
            to=list(message.to),
            subject=str(message.subject),
            body=str(message.body),
            html=html,
        )
