"""Feed item content: the API's page representation as sanitised HTML.

One rendering per body block (a test checks none is missing); links to
frontend paths become frontend URLs, since a feed is read away from the site.
"""

from __future__ import annotations

from html import escape
from typing import Any

import nh3
from django.conf import settings

from api.content import richtext

TABLE_TAGS = {"table", "caption", "thead", "tbody", "tr", "th", "td"}


def sanitise_feed_html(html: str) -> str:
    """The API's rich-text sanitiser, with tables, and links made absolute.

    The API's rich text links to frontend paths (`/international/`); a feed
    is read away from the frontend (a reader would resolve a path against
    the feed's own host), so each path becomes a frontend URL.
    """
    return nh3.clean(
        html,
        tags=richtext.ALLOWED_TAGS | TABLE_TAGS,
        attributes=richtext.ALLOWED_ATTRIBUTES,
        url_schemes=richtext.URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_absolute,
    )


def _absolute(element: str, attribute: str, value: str) -> str | None:
    if attribute == "srcset":
        return richtext.safe_srcset(element, attribute, value)
    if (
        attribute in ("href", "src")
        and value.startswith("/")
        and not value.startswith("//")
    ):
        base = (
            settings.FRONTEND_BASE_URL
            if attribute == "href"
            else settings.BACKEND_BASE_URL
        )
        return base + value
    return value


def link_html(url: str | None, label: str | None) -> str:
    if not url:
        return ""
    return f'<p><a href="{escape(url)}">{escape(label or url)}</a></p>'


def image_url(image: dict[str, Any] | None) -> str | None:
    if not image:
        return None
    renditions = image.get("renditions") or {}
    for name in ("large", "medium", "small"):
        if name in renditions:
            return renditions[name]["url"]
    return next((r["url"] for r in renditions.values()), None)


def _text(value: Any) -> str:
    return escape(str(value or ""))


def stream_html(blocks: list[dict[str, Any]]) -> str:
    """A StreamField's API value as simple semantic HTML, block by block."""
    return "".join(
        BLOCK_HTML.get(block["type"], _nothing)(block.get("value")) for block in blocks
    )


def _nothing(value: Any) -> str:
    return ""


def _heading_of(value: dict[str, Any]) -> str:
    heading = value.get("heading")
    return f"<h3>{_text(heading)}</h3>" if heading else ""


def _paragraph(value: Any) -> str:
    return value or ""


def _heading(value: dict[str, Any]) -> str:
    level = str(value.get("level") or "h2")
    level = level if level in ("h2", "h3", "h4") else "h2"
    return f"<{level}>{_text(value.get('text'))}</{level}>"


def _figure(value: dict[str, Any]) -> str:
    image = value.get("image") or {}
    url = image_url(image)
    if not url:
        return ""
    alt = "" if value.get("decorative") else value.get("alt_text") or image.get("alt")
    caption = value.get("caption")
    figcaption = f"<figcaption>{_text(caption)}</figcaption>" if caption else ""
    return (
        f'<figure><img src="{escape(url)}" alt="{escape(alt or "")}">'
        f"{figcaption}</figure>"
    )


def _quote(value: dict[str, Any]) -> str:
    text = value.get("text") or value.get("quote")
    who = ", ".join(
        part
        for part in (
            value.get("attribution"),
            value.get("source") or value.get("institution"),
        )
        if part
    )
    cite = f"<figcaption>{_text(who)}</figcaption>" if who else ""
    return f"<figure><blockquote><p>{_text(text)}</p></blockquote>{cite}</figure>"


def _call_to_action(value: dict[str, Any]) -> str:
    link = value.get("link") or {}
    url = (link.get("page") or {}).get("url") or link.get("url")
    text = f"<p>{_text(value.get('text'))}</p>" if value.get("text") else ""
    label = value.get("button_label") or link.get("label") or value.get("heading")
    return f"<h3>{_text(value.get('heading'))}</h3>{text}{link_html(url, label)}"


def _embed(value: Any) -> str:
    embed = value or {}
    return link_html(embed.get("url"), embed.get("title") or embed.get("url"))


def _document(value: dict[str, Any]) -> str:
    document = value.get("document") or {}
    return link_html(document.get("url"), value.get("title") or document.get("title"))


def _accordion(value: dict[str, Any]) -> str:
    items = "".join(
        f"<h4>{_text(item.get('heading'))}</h4>{item.get('body') or ''}"
        for item in value.get("items") or []
    )
    return _heading_of(value) + items


def _key_facts(value: dict[str, Any]) -> str:
    facts = "".join(
        f"<li><strong>{_text(fact.get('value'))}</strong> {_text(fact.get('label'))}"
        + (f": {_text(fact['description'])}" if fact.get("description") else "")
        + "</li>"
        for fact in value.get("facts") or []
    )
    return f"{_heading_of(value)}<ul>{facts}</ul>"


def _page_links(value: dict[str, Any]) -> str:
    links = "".join(
        f'<li><a href="{escape(page["url"])}">{_text(page.get("title"))}</a></li>'
        for page in (_page_of(item) for item in value.get("pages") or [])
        if page and page.get("url")
    )
    return f"{_heading_of(value)}<ul>{links}</ul>" if links else ""


def _organisation_list(value: dict[str, Any]) -> str:
    items = "".join(
        "<li>"
        + (
            f'<a href="{escape(org["url"])}">{_text(org.get("name"))}</a>'
            if org.get("url")
            else _text(org.get("name"))
        )
        + "</li>"
        for org in value.get("organisations") or []
        if org
    )
    return f"{_heading_of(value)}<ul>{items}</ul>"


def _table(value: dict[str, Any]) -> str:
    columns = value.get("columns") or []

    def cell(column: dict[str, Any], cell_value: Any) -> str:
        if column.get("type") == "rich_text":
            return cell_value or ""
        return _text("" if cell_value is None else cell_value)

    caption = value.get("caption")
    head = "".join(f"<th>{_text(col.get('heading'))}</th>" for col in columns)
    rows = "".join(
        "<tr>"
        + "".join(
            f"<td>{cell(col, item)}</td>"
            for col, item in zip(columns, row, strict=False)
        )
        + "</tr>"
        for row in value.get("rows") or []
    )
    return (
        "<table>"
        + (f"<caption>{_text(caption)}</caption>" if caption else "")
        + f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>"
    )


# One rendering per block of the body StreamBlock (a test checks none is missing).
BLOCK_HTML: dict[str, Any] = {
    "paragraph": _paragraph,
    "heading": _heading,
    "image": _figure,
    "quote": _quote,
    "testimonial": _quote,
    "call_to_action": _call_to_action,
    "embed": _embed,
    "document": _document,
    "table": _table,
    "accordion": _accordion,
    "key_facts": _key_facts,
    "page_links": _page_links,
    "organisation_list": _organisation_list,
}


def _page_of(item: Any) -> dict[str, Any] | None:
    if isinstance(item, dict) and "url" in item:
        return item
    if isinstance(item, dict):
        return item.get("page")
    return None
