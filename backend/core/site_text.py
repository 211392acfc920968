"""The site settings' text in a language, along its fallback chain.

`SiteSettings` holds the default language's text; a `SiteText` row per other
language holds its version. The first language of the chain with a row is
the one served; a field left blank in it comes from the next language of the
chain that has it, ending with the default language's.
"""

from __future__ import annotations

from typing import Any

from .locales import default_language
from .models import SiteSettings, SiteText


def site_text(
    *, settings: SiteSettings, name: str, chain: list[str]
) -> tuple[dict[str, str], str]:
    """Each of `SiteText.TEXT_FIELDS` in the chain's language, and which one."""
    default: dict[str, Any] = {
        field: getattr(settings, field, "") for field in SiteText.TEXT_FIELDS
    }
    default["name"] = name
    rows: dict[str, dict[str, Any]] = {default_language(): default}
    if chain[:1] != [default_language()]:
        # Only a request for another language reads the rows (one query).
        for text in settings.texts.select_related("locale"):
            rows[text.locale.language_code] = {
                field: getattr(text, field) for field in SiteText.TEXT_FIELDS
            }
    order = [code for code in chain if code in rows]
    served = order[0] if order else default_language()
    values = {
        field: next((rows[code][field] for code in order if rows[code][field]), "")
        for field in SiteText.TEXT_FIELDS
    }
    return values, served
