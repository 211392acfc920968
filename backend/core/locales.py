"""The site's languages, their text direction, and the fallback chain.

All from settings: `WAGTAIL_CONTENT_LANGUAGES` (the default is
`LANGUAGE_CODE`), and `LOCALE_FALLBACKS`, the languages to try, in order,
when a page has no translation in the one asked for. Every chain ends with
the default language, so a published page is always served in some language.
"""

from __future__ import annotations

from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation.trans_real import parse_accept_lang_header
from wagtail.coreutils import get_supported_content_language_variant

LTR = "ltr"
RTL = "rtl"


def content_languages() -> dict[str, str]:
    """Language code -> name, in the order settings list them."""
    return dict(settings.WAGTAIL_CONTENT_LANGUAGES)


def default_language() -> str:
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def direction(language_code: str) -> str:
    """`rtl` for Arabic and the other right-to-left scripts Django knows."""
    try:
        return RTL if get_language_info(language_code)["bidi"] else LTR
    except KeyError:
        return LTR


def supported(code: str) -> str | None:
    """The content language a code asks for (`fr-CA` -> `fr`), or None."""
    code = code.strip()
    if not code:
        return None
    languages = content_languages()
    lowered = {known.lower(): known for known in languages}
    if code.lower() in lowered:
        return lowered[code.lower()]
    base = code.split("-")[0].lower()
    if base in lowered:
        return lowered[base]
    return None


def accepted(header: str | None) -> list[str]:
    """The content languages an `Accept-Language` header asks for, best first."""
    if not header:
        return []
    found: list[str] = []
    for code, _quality in parse_accept_lang_header(header[:500]):
        language = supported(code) if code != "*" else None
        if language is not None and language not in found:
            found.append(language)
    return found


def fallback_chain(requested: list[str]) -> list[str]:
    """Where to look, in order: what was asked for, its fallbacks, the default."""
    chain: list[str] = []
    configured = settings.LOCALE_FALLBACKS
    for language in requested:
        if language not in chain:
            chain.append(language)
    for language in requested[:1]:
        for fallback in configured.get(language, ()):
            if fallback not in chain:
                chain.append(fallback)
    if default_language() not in chain:
        chain.append(default_language())
    return chain


def split_prefix(path: str) -> tuple[str | None, str]:
    """`/fr/about/` -> (`fr`, `/about/`); an unprefixed path is the default's.

    `/en/about/` is accepted as the default language's `/about/` too.
    """
    parts = path.lstrip("/").split("/", 1)
    first = parts[0]
    if first and first in content_languages():
        rest = parts[1] if len(parts) > 1 else ""
        return first, "/" + rest
    return None, path


def languages_payload() -> list[dict[str, str | bool]]:
    """Each language for `site/`: code, name, direction, whether it is the default."""
    default = default_language()
    return [
        {
            "code": code,
            "name": name,
            "direction": direction(code),
            "default": code == default,
            "prefix": "" if code == default else f"/{code}",
        }
        for code, name in content_languages().items()
    ]
