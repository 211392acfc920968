"""allauth's headless views, where this project needs them to answer better.

allauth splits a password reset key `<uidb36>-<token>` at the first `-` and
hands both halves to a form that reads the user id even when that half was
refused as empty: a key such as `-4194304` answered 500. Here a key without
both halves is the same `invalid_password_reset` 400 as any other wrong key,
on the POST that resets the password and on the GET that checks a key.
"""

from typing import Any

from allauth.account.adapter import get_adapter as get_account_adapter
from allauth.headless.account import views as allauth_views
from allauth.headless.account.inputs import ResetPasswordInput, ResetPasswordKeyInput
from allauth.headless.internal.restkit.response import ErrorResponse
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver


def _key_has_both_halves(key: str) -> bool:
    uidb36, _, token = key.partition("-")
    return bool(uidb36 and token)


class _WellFormedKey:
    cleaned_data: dict[str, Any]

    def _clean_key_link(self) -> str:
        if not _key_has_both_halves(self.cleaned_data["key"]):
            raise get_account_adapter().validation_error("invalid_password_reset")
        return super()._clean_key_link()  # type: ignore[misc]


class CheckedResetPasswordKeyInput(_WellFormedKey, ResetPasswordKeyInput):
    pass


class CheckedResetPasswordInput(_WellFormedKey, ResetPasswordInput):
    pass


class ResetPasswordView(allauth_views.ResetPasswordView):
    input_class = CheckedResetPasswordInput

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        key = request.headers.get("X-Password-Reset-Key", "")
        if not self.process and not _key_has_both_halves(key):
            checked = CheckedResetPasswordKeyInput({"key": key})
            checked.is_valid()
            return ErrorResponse(request, input=checked)
        return super().get(request, *args, **kwargs)


REPLACED_VIEWS = {"reset_password": ResetPasswordView}


def with_replaced_views(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    """allauth's `patterns`, each route named in `REPLACED_VIEWS` served by
    this module's subclass with the same arguments (the client)."""
    for resolver in patterns:
        if isinstance(resolver, URLResolver):
            with_replaced_views(resolver.url_patterns)
    for index, pattern in enumerate(patterns):
        if isinstance(pattern, URLPattern) and pattern.name in REPLACED_VIEWS:
            initkwargs = pattern.callback.view_initkwargs  # type: ignore[attr-defined]
            view = REPLACED_VIEWS[pattern.name].as_api_view(**initkwargs)
            patterns[index] = URLPattern(
                pattern.pattern, view, pattern.default_args, pattern.name
            )
    return patterns
