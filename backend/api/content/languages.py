"""Which language version of a page a request gets, and saying so.

Wagtail's API only filters by locale. Here a request asks for a language by
path prefix (`/fr/...`), `?locale=` or `Accept-Language` (in that order of
precedence), and gets the first published translation along the fallback
chain from settings (`core.locales.fallback_chain`). The response says what
was asked for and what was served (`meta.requested_locale`, `meta.locale`,
`meta.fallback`, `Content-Language`), so a frontend can show "shown in
English" rather than pass English off as French.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, cast

from django.http import HttpRequest
from rest_framework import serializers
from wagtail.models import Page

from core.locales import (
    accepted,
    content_languages,
    fallback_chain,
)

from .pages import PageSet


class LocaleParams(serializers.Serializer):
    locale = serializers.ChoiceField(
        required=False,
        choices=[],
        help_text="Language wanted, e.g. `fr`; overrides `Accept-Language`. "
        "Without a published translation, the next language of the fallback "
        "chain is served and `meta.fallback` is true.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        locale = cast(serializers.ChoiceField, self.fields["locale"])
        locale.choices = list(content_languages())


@dataclass(frozen=True)
class Wanted:
    """The languages a request asks for, best first (empty: none asked)."""

    languages: list[str]

    @property
    def requested(self) -> str | None:
        return self.languages[0] if self.languages else None

    @property
    def chain(self) -> list[str]:
        return fallback_chain(self.languages)


def wanted(
    request: HttpRequest, *, query: dict[str, Any], prefix: str | None = None
) -> Wanted:
    if prefix is not None:
        return Wanted([prefix])
    if query.get("locale"):
        return Wanted([query["locale"]])
    return Wanted(accepted(request.META.get("HTTP_ACCEPT_LANGUAGE")))


def accept_language_key(request: HttpRequest) -> str:
    """What of `Accept-Language` matters to a response: the languages we have."""
    return ",".join(accepted(request.META.get("HTTP_ACCEPT_LANGUAGE")))


def choose(page_set: PageSet, page: Page, want: Wanted) -> tuple[Page, bool]:
    """The version of `page` to serve, and whether it is a fallback.

    The page itself when nothing was asked for; otherwise its first published
    translation along the chain, else the page itself (still a fallback).
    """
    if want.requested is None:
        return page, False
    translations = page_set.translations(page)
    versions = {item["locale"]: item["id"] for item in translations}
    own = next((item["locale"] for item in translations if item["id"] == page.pk), None)
    served = next((code for code in want.chain if code in versions), own)
    if served is not None and versions.get(served, page.pk) != page.pk:
        found = page_set.queryset().filter(pk=versions[served]).specific().first()
        page = found or page
    return page, served != want.requested


def stamp(data: dict[str, Any], *, want: Wanted, fallback: bool) -> dict[str, Any]:
    """The request's side of `meta`: what was asked for, and whether it was met."""
    return {
        **data,
        "meta": {
            **data["meta"],
            "requested_locale": want.requested,
            "fallback": fallback,
        },
    }


def headers(data: dict[str, Any]) -> dict[str, str]:
    return {"Content-Language": data["meta"]["locale"]}
