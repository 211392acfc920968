"""allauth hooks: account emails go out through the task queue; sign-in limits."""

from types import SimpleNamespace
from typing import Any
from urllib.parse import urlsplit

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.core.internal.ratelimit import parse_rates
from allauth.headless.internal.restkit.response import APIResponse
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import DatabaseError, IntegrityError, transaction
from django.http import HttpRequest

from core.tasks import queue_email

USERNAME_ATTEMPTS = 3
EMAIL_TAKEN = "A user is already registered with this email address."


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user, form, commit: bool = True):
        """Save as allauth does; a sign-up that lost a race is a 400, not a 500.

        The form's uniqueness check runs before the insert, so parallel
        sign-ups with one new address all pass it; the database's unique
        index on LOWER(email) (membership migration 0003) lets one insert
        through. The others get allauth's error shape, naming the field, and
        nothing of theirs is saved (the savepoint rolls the insert back).
        Two new addresses racing for one generated username ("amara@a.org"
        and "amara@b.org") both succeed: the loser gets a fresh username.
        """
        if not commit:
            return super().save_user(request, user, form, commit=False)
        email = form.cleaned_data.get("email") or ""
        for attempt in range(USERNAME_ATTEMPTS):
            try:
                with transaction.atomic():
                    return super().save_user(request, user, form, commit=True)
            except IntegrityError as exc:
                taken = get_user_model().objects.filter(email__iexact=email)
                if email and taken.exists():
                    raise ImmediateHttpResponse(_email_taken(request)) from exc
                if attempt == USERNAME_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

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
            if getattr(getattr(request, "allauth", None), "headless", None) is None:
                raise  # a form outside the API (the admin's) says it itself
            response = APIResponse(
                request,
                status=429,
                errors=[
                    {
                        "message": "Too many failed sign-in attempts. Try again later.",
                        "code": "too_many_login_attempts",
                    }
                ],
            )
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


def _email_taken(request: HttpRequest) -> APIResponse:
    return APIResponse(
        request,
        status=400,
        errors=[{"message": EMAIL_TAKEN, "code": "email_taken", "param": "email"}],
    )
