"""allauth hooks: account emails go out through the task queue."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction

from core.tasks import send_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Render as allauth does, then send after commit via django-tasks.

        A slow or failing mail server then never fails (or slows) a sign-up
        or reset request; the worker retries it instead.
        """
        from allauth.core import context as allauth_context
        from django.contrib.sites.shortcuts import get_current_site

        request = allauth_context.request
        ctx: dict[str, Any] = {
            "request": request,
            "email": email,
            "current_site": get_current_site(request),
            **context,
        }
        message = self.render_mail(template_prefix, email, ctx)
        to, subject, body = list(message.to), str(message.subject), str(message.body)
        transaction.on_commit(
            lambda: send_email.enqueue(to=to, subject=subject, body=body)
        )
