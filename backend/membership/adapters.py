"""allauth hooks: account emails go out through the task queue; sign-in limits."""

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.ratelimit import parse_rates, respond_429
from django.conf import settings
from django.db import DatabaseError, transaction
from django.http import HttpRequest

from core.tasks import send_email


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
        to, subject, body = list(message.to), str(message.subject), str(message.body)
        transaction.on_commit(
            lambda: send_email.enqueue(to=to, subject=subject, body=body)
        )

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        """A locked-out sign-in is 429 with Retry-After, not a 400 form error.

        allauth reports `login_failed` as a validation error; a client then
        cannot tell "wrong password" from "wait", nor for how long. The wait
        given is the longest window of the limit: by then every failure
        counted in it has expired.
        """
        try:
            super().pre_authenticate(request, **credentials)
        except Exception as exc:
            if getattr(exc, "code", None) != "too_many_login_attempts":
                raise
            response = respond_429(request)
            rates = parse_rates(account_settings.RATE_LIMITS.get("login_failed"))
            response["Retry-After"] = str(
                int(max((rate.duration for rate in rates), default=60))
            )
            raise ImmediateHttpResponse(response) from exc

    def authenticate(self, request: HttpRequest, **credentials: Any) -> Any:
        """A sign-in the database could not check is not a failed sign-in.

        allauth counts the attempt against `login_failed` before checking
        the password and takes it back on success; an outage raised between
        the two, so attempts made while the database was down locked the
        user out after it came back.
        """
        try:
            return super().authenticate(request, **credentials)
        except DatabaseError:
            self._rollback_login_failed_rl_usage()
            raise
