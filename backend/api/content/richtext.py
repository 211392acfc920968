"""Rich text for frontends: Wagtail's database HTML made safe and self-contained.

Internal page links become frontend paths, document links absolute URLs,
image embeds responsive images: an `<img>` with the named renditions of
their format as `srcset` (API_RICHTEXT_IMAGE_FORMATS), in a `<picture>` with
a `<source>` per modern format when there are any.
The result is sanitised: no script, no event handlers, no `javascript:` URLs,
so `linktype=` and `<embed` never reach a client.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from html import escape
from typing import Any

import nh3
from django.conf import settings
from wagtail.rich_text.rewriters import extract_attrs

FIND_A_TAG = re.compile(r"<a(\b[^>]*\blinktype=\"[^\"]+\"[^>]*)>")
FIND_EMBED_TAG = re.compile(r"<embed(\b[^>]*)/?>")

# Wagtail's default image formats; each one's renditions and `sizes` are in
# API_RICHTEXT_IMAGE_FORMATS.
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
    "picture",
    "pre",
    "s",
    "source",
    "strong",
    "sub",
    "sup",
    "u",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang", "data-page-id", "data-document-id"},
    "img": {
        "src",
        "srcset",
        "sizes",
        "alt",
        "width",
        "height",
        "class",
        "loading",
        "decoding",
        "data-image-id",
    },
    "source": {"type", "srcset", "sizes"},
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
        fmt = fmt if fmt in image_formats() else DEFAULT_IMAGE_FORMAT
        return image_tag(ident, fmt, attrs.get("alt", "")) or ""

    rewritten = FIND_EMBED_TAG.sub(embed, FIND_A_TAG.sub(link, html))
    return sanitise(rewritten)


def image_formats() -> dict[str, dict[str, Any]]:
    return settings.API_RICHTEXT_IMAGE_FORMATS


def image_rendition_names() -> list[str]:
    """Every named rendition a rich-text image may show (for prefetching)."""
    names: dict[str, None] = {}
    for image_format in image_formats().values():
        names.update(dict.fromkeys(image_format["renditions"]))
    return list(names)


def image_html(image: dict[str, Any], *, fmt: str) -> str | None:
    """A rich-text image from its API object (`images.render_image` with the
    format's renditions): `<img src srcset sizes width height alt>`, inside
    a `<picture>` with a `<source>` per modern format if there are any.

    The srcset is the `src` rendition's own: every width rendition of the
    format for a width one, the same crop at other densities for a fill.
    """
    image_format = image_formats()[fmt]
    src = image["renditions"].get(image_format["src"])
    if src is None:
        # Renditions missing (the original is gone): nothing to show.
        return None
    sizes = escape(image_format["sizes"])
    img = (
        f'<img src="{escape(src["url"])}" srcset="{escape(src["srcset"])}" '
        f'sizes="{sizes}" width="{src["width"]}" height="{src["height"]}" '
        f'alt="{escape(image["alt"])}" class="richtext-image {escape(fmt)}" '
        f'data-image-id="{image["id"]}" loading="lazy" decoding="async">'
    )
    if not src["sources"]:
        return img
    sources = "".join(
        f'<source type="{escape(source["type"])}" '
        f'srcset="{escape(source["srcset"])}" sizes="{sizes}">'
        for source in src["sources"]
    )
    return f"<picture>{sources}{img}</picture>"


def safe_srcset(element: str, attribute: str, value: str) -> str | None:
    """An nh3 attribute filter: a `srcset` only of http(s) URLs.

    nh3 checks `src` and `href` against URL_SCHEMES but not `srcset`, a
    list of candidates, so the database HTML could carry any scheme in it.
    """
    if attribute != "srcset":
        return value
    for candidate in value.split(","):
        url = candidate.strip().split(" ", 1)[0]
        if url and not url.lower().startswith(("https://", "http://")):
            return None
    return value


def sanitise(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=safe_srcset,
    )
