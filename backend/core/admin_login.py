"""The Wagtail admin's sign-in: staff only, verified, and throttled as allauth.

`/admin/login/` is a second way in beside allauth's headless sign-in, and it
must not be a side door. Wagtail's form (Django's `AuthenticationForm`) gave a
session to any active account, so a member who never verified their email got
one there, which `me/` and the join endpoint then accepted; and it counted no
failures, so allauth's lockout (`ACCOUNT_RATE_LIMITS["login_failed"]`) could be
sidestepped there. This form:

- counts every attempt against allauth's `login` and `login_failed` limits
  (the same counters as the headless sign-in, so failures on either path add
  up), and refuses once they are spent;
- refuses accounts that may not use the admin (`wagtailadmin.access_admin`),
  accounts whose email allauth holds but that was never verified, and wrong
  passwords, all with the same message: the form never says that a password
  was right for an account it will not let in;
- only rolls the failure count back for a sign-in it accepts.

Accounts that staff create in the admin (or with `createsuperuser`) have no
allauth email record; they are vouched for by whoever created them.
"""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from allauth.core import ratelimit
from allauth.core.exceptions import ImmediateHttpResponse
from django import forms
from django.contrib.auth import authenticate
from wagtail.admin.forms.auth import LoginForm


def may_use_admin(user: Any) -> bool:
    """Active, allowed into the admin, and not holding an unverified email."""
    if user is None or not user.is_active:
        return False
    if not user.has_perm("wagtailadmin.access_admin"):
        return False
    addresses = EmailAddress.objects.filter(user=user)
    if not addresses.exists():
        return True
    return addresses.filter(verified=True).exists()


class StaffLoginForm(LoginForm):
    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        request = self.request
        if not ratelimit.consume(request, action="login"):
            raise self._too_many()
        adapter = get_adapter(request)
        try:
            # Consumes one `login_failed` unit (per IP and per account).
            adapter.pre_authenticate(request, username=username, password=password)
        except (forms.ValidationError, ImmediateHttpResponse):
            # allauth's form error, or our adapter's 429 for the API: the
            # admin says it on its own form.
            raise self._too_many() from None
        user = authenticate(request, username=username, password=password)
        if not may_use_admin(user):
            raise self.get_invalid_login_error()
        adapter._rollback_login_failed_rl_usage()
        self.user_cache = user
        return self.cleaned_data

    def _too_many(self) -> forms.ValidationError:
        return forms.ValidationError(
            "Too many failed sign-in attempts. Try again later.",
            code="too_many_login_attempts",
        )
