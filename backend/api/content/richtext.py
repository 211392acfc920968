"""Rich text for frontends: Wagtail's database HTML made safe and self-contained.

Internal page links become frontend paths, document links absolute URLs,
image embeds real `<img>` tags with absolute rendition URLs and alt text.
The result is sanitised: no script, no event handlers, no `javascript:` URLs,
so `linktype=` and `<embed` never reach a client.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape

import nh3
from wagtail.rich_text.rewriters import extract_attrs

FIND_A_TAG = re.compile(r"<a(\b[^>]*\blinktype=\"[^\"]+\"[^>]*)>")
FIND_EMBED_TAG = re.compile(r"<embed(\b[^>]*)/?>")

# Rich-text image formats (Wagtail's defaults) and the rendition each gets.
IMAGE_FORMAT_SPECS = {
    "fullwidth": "width-1200",
    "left": "width-500",
    "right": "width-500",
}
DEFAULT_IMAGE_FORMAT = "fullwidth"

ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "code",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "s",
    "strong",
    "sub",
    "sup",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "data-page-id", "data-document-id"},
    "img": {"src", "alt", "width", "height", "class", "loading", "data-image-id"},
    "ol": {"start", "type"},
}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def references(html: str) -> tuple[set[int], set[int], set[int]]:
    """(page ids, document ids, image ids) that a piece of database HTML refers to."""
    pages: set[int] = set()
    documents: set[int] = set()
    images: set[int] = set()
    for match in FIND_A_TAG.finditer(html):
        attrs = extract_attrs(match.group(1))
        ident = _int(attrs.get("id"))
        if ident is None:
            continue
        if attrs.get("linktype") == "page":
            pages.add(ident)
        elif attrs.get("linktype") == "document":
            documents.add(ident)
    for match in FIND_EMBED_TAG.finditer(html):
        attrs = extract_attrs(match.group(1))
        if (
            attrs.get("embedtype") == "image"
            and (ident := _int(attrs.get("id"))) is not None
        ):
            images.add(ident)
    return pages, documents, images


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def render(
    html: str,
    *,
    page_href: Callable[[int], str | None],
    document_href: Callable[[int], str | None],
    image_tag: Callable[[int, str, str], str | None],
) -> str:
    """Rewrite database HTML with the given resolvers, then sanitise it."""

    def link(match: re.Match[str]) -> str:
        attrs = extract_attrs(match.group(1))
        ident = _int(attrs.get("id"))
        kind = attrs.get("linktype")
        href = None
        data = ""
        if ident is not None and kind == "page":
            href = page_href(ident)
            data = f' data-page-id="{ident}"'
        elif ident is not None and kind == "document":
            href = document_href(ident)
            data = f' data-document-id="{ident}"'
        if href is None:
            # A link to something the reader cannot see keeps its text only.
            return "<a>"
        return f'<a href="{escape(href)}"{data}>'

    def embed(match: re.Match[str]) -> str:
        attrs = extract_attrs(match.group(1))
        ident = _int(attrs.get("id"))
        if attrs.get("embedtype") != "image" or ident is None:
            return ""
        fmt = attrs.get("format", DEFAULT_IMAGE_FORMAT)
        fmt = fmt if fmt in IMAGE_FORMAT_SPECS else DEFAULT_IMAGE_FORMAT
        return image_tag(ident, fmt, attrs.get("alt", "")) or ""

    rewritten = FIND_EMBED_TAG.sub(embed, FIND_A_TAG.sub(link, html))
    return sanitise(rewritten)


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
    )
