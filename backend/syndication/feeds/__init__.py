"""RSS 2.0, Atom 1.0 and JSON Feed 1.1 of the listable sections and of tags.

A feed is built from the content API's own page representations (`PageSet`
with an anonymous reader), so it shows exactly what the API shows anyone:
live pages only, nothing under a password, and a members-only page with its
title and summary but never its body (its protected fields are null).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from html import escape
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.utils.dateparse import parse_datetime
from wagtail.models import Page, Site

from api.caching import Rendered
from api.content.pages import PageSet
from content import models as content_models
from core.locales import default_language
from core.models import PageTag, SiteSettings
from grants.models import GrantSchemePage

from .html import image_url, link_html, sanitise_feed_html, stream_html

DEFAULT_LIMIT = 20
MAX_LIMIT = 100
# The date in every item's `tag:` URI (RFC 4151). It names when the id scheme
# was minted, not the page: never change it, or every reader sees new items.
TAG_DATE = "2026"
FORMATS = ("rss", "atom", "json")
CONTENT_TYPES = {
    "rss": "application/rss+xml; charset=utf-8",
    "atom": "application/atom+xml; charset=utf-8",
    "json": "application/feed+json; charset=utf-8",
}
FILE_NAMES = {"rss": "rss.xml", "atom": "atom.xml", "json": "feed.json"}


@dataclass(frozen=True)
class Section:
    slug: str
    title: str
    models: tuple[type[Page], ...]


SECTIONS: dict[str, Section] = {
    section.slug: section
    for section in (
        Section(
            "strategy-updates",
            "Strategy updates",
            (content_models.StrategyUpdatePage,),
        ),
        Section(
            "solidarity-statements",
            "Solidarity statements",
            (content_models.SolidarityStatementPage,),
        ),
        Section(
            "representation", "Representation", (content_models.RepresentationPage,)
        ),
        Section("events", "Events", (content_models.EventPage,)),
        Section("grants", "Grants", (GrantSchemePage,)),
    )
}
SECTIONS["all"] = Section(
    "all",
    "All updates",
    tuple(model for section in SECTIONS.values() for model in section.models),
)


def feed_urls(path: str, *, locale: str | None = None) -> dict[str, str]:
    """The three formats' absolute URLs under `/feeds/{path}/`.

    A feed is in one language: the default's URLs have no query, another
    language's carry `?locale=`.
    """
    base = f"{settings.BACKEND_BASE_URL}/feeds/{path}/"
    query = f"?locale={locale}" if locale and locale != default_language() else ""
    return {fmt: base + FILE_NAMES[fmt] + query for fmt in FORMATS}


def feed_list(*, tags: list[str], locale: str | None = None) -> list[dict[str, Any]]:
    """Every section's feeds, then every tag's: what `site/` and the API root list."""
    feeds: list[dict[str, Any]] = [
        {"section": section.slug, "tag": None, "title": section.title}
        | feed_urls(section.slug, locale=locale)
        for section in SECTIONS.values()
    ]
    feeds += [
        {"section": None, "tag": tag, "title": f'Tagged "{tag}"'}
        | feed_urls(f"tags/{tag}", locale=locale)
        for tag in tags
    ]
    return feeds


def feed_tags(*, site: Site) -> list[str]:
    """Slugs of the tags on published pages of the listable sections."""
    page_set = PageSet(site=site, user=AnonymousUser(), renditions=[])
    pages = page_set.queryset().type(*SECTIONS["all"].models).values("pk")
    return list(
        PageTag.objects.filter(content_object_id__in=pages)
        .order_by("tag__slug")
        .values_list("tag__slug", flat=True)
        .distinct()
    )


def parse_limit(raw: str | None) -> int:
    """`?limit=`: 1 to 100, 20 if absent; anything else is a ValueError."""
    if raw is None:
        return DEFAULT_LIMIT
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_LIMIT:
        raise ValueError(f"Must be a whole number from 1 to {MAX_LIMIT}.")
    return int(raw)


def build_feed(
    *,
    site: Site,
    section: Section,
    tag: str | None,
    limit: int,
    locale: str | None = None,
) -> Rendered:
    """The feed as neutral data (rendered to a format by `render_*`), with its deps.

    One language per feed (RSS and Atom state one): the default's unless
    `locale` names another.
    """
    locale = locale or default_language()
    page_set = PageSet(
        site=site,
        user=AnonymousUser(),
        renditions=list(settings.API_DEFAULT_RENDITIONS),
    )
    queryset = (
        page_set.queryset()
        .type(*section.models)
        .filter(locale__language_code=locale)
        .select_related("locale")
    )
    if tag is not None:
        tagged = queryset.filter(tagged_items__tag__slug=tag).values("pk")
        queryset = queryset.filter(pk__in=tagged)
    pages = list(queryset.order_by("-first_published_at", "path")[:limit])
    rendered = page_set.render(pages)
    site_settings = SiteSettings.for_site(site)
    rights = {
        "licence_name": site_settings.feed_licence_name,
        "licence_url": site_settings.feed_licence_url,
        "attribution": site_settings.feed_attribution,
    }
    name = site.site_name or settings.WAGTAIL_SITE_NAME
    title = f"{name}: {section.title}" if tag is None else f"{name}: tagged '{tag}'"
    items = [_item(data, rights=rights) for data in rendered]
    updated = max((item["updated"] for item in items), default=None)
    feed_path = section.slug if tag is None else f"tags/{tag}"
    language_part = "" if locale == default_language() else f"/{locale}"
    data = {
        "id": f"tag:{_authority()},{TAG_DATE}:feed/{feed_path}{language_part}",
        "title": title,
        "description": f"{title}, newest first.",
        "home_page_url": settings.FRONTEND_BASE_URL + language_part + "/",
        "urls": feed_urls(feed_path, locale=locale),
        "language": locale,
        "rights": rights,
        "updated": updated,
        "items": items,
    }
    return Rendered(
        data=data,
        deps={*page_set.resolver.deps, "pages", "settings"},
        last_modified=updated,
        # A grant scheme's item says whether its rounds are open: the feed
        # is stale the moment the next one opens or closes.
        expires_at=page_set.expires_at,
    )


def _authority() -> str:
    return urlsplit(settings.FRONTEND_BASE_URL).hostname or "localhost"


def _item(data: dict[str, Any], *, rights: dict[str, str]) -> dict[str, Any]:
    meta = data["meta"]
    published = parse_datetime(meta["first_published_at"])
    updated = parse_datetime(meta["last_published_at"] or meta["first_published_at"])
    summary = data.get("summary") or meta.get("search_description") or ""
    if meta["has_access"]:
        content = _content(data)
    else:
        content = (
            f"<p>{escape(summary)}</p>"
            f'<p>Members only: <a href="{escape(meta["url"])}">read it on our site</a>.</p>'
        )
    content = sanitise_feed_html(content + _rights_html(rights))
    return {
        "id": f"tag:{_authority()},{TAG_DATE}:page/{data['id']}",
        "page_id": data["id"],
        "type": data["type"],
        "url": meta["url"],
        "title": data["title"],
        "summary": summary,
        "content_html": content,
        "published": published,
        "updated": updated,
        "authors": _authors(data),
        "categories": _categories(data),
        "image": image_url(data.get("listing_image") or {}),
        "members_only": meta["access"] != "public",
    }


def _authors(data: dict[str, Any]) -> list[dict[str, str]]:
    """Who the item is by: a person or organisation, where the page names one."""
    found: list[dict[str, str]] = []

    def add(obj: dict[str, Any] | None) -> None:
        if obj and obj.get("name"):
            entry = {"name": obj["name"]}
            if obj.get("url"):
                entry["url"] = obj["url"]
            if entry not in found:
                found.append(entry)

    kind = data["type"]
    if kind == "strategy_update":
        add(data.get("announced_by"))
    elif kind == "representation":
        add(data.get("organisation"))
    elif kind == "solidarity_statement":
        for signatory in data.get("signatories") or []:
            add(signatory.get("organisation") or signatory.get("person"))
    elif kind == "grant_scheme":
        add(data.get("funder"))
    return found


def _categories(data: dict[str, Any]) -> list[str]:
    categories = list(data.get("tags") or [])
    if data["type"] == "solidarity_statement":
        categories += [country["name"] for country in data.get("countries") or []]
        if data.get("event_kind"):
            categories.append(data["event_kind"])
    if data["type"] == "event":
        categories.append("online" if data.get("is_online") else "in person")
    if data["type"] == "grant_scheme" and data.get("kind"):
        categories.append(data["kind"])
    return list(dict.fromkeys(categories))


def _rights_html(rights: dict[str, str]) -> str:
    parts = []
    if rights["attribution"]:
        parts.append(f"Source: {escape(rights['attribution'])}.")
    if rights["licence_name"] and rights["licence_url"]:
        parts.append(
            f'Licence: <a href="{escape(rights["licence_url"])}">'
            f"{escape(rights['licence_name'])}</a>."
        )
    elif rights["licence_name"]:
        parts.append(f"Licence: {escape(rights['licence_name'])}.")
    return f"<p>{' '.join(parts)}</p>" if parts else ""


# -- content: the API representation as simple semantic HTML ---------------------


def _content(data: dict[str, Any]) -> str:
    kind = data["type"]
    html: list[str] = []
    if kind == "event":
        when = f"{data.get('starts_at', '')} to {data.get('ends_at', '')}"
        where = (
            "Online"
            if data.get("is_online")
            else ", ".join(
                part
                for part in (data.get("venue_name"), data.get("venue_address"))
                if part
            )
        )
        html.append(
            f"<p>{escape(when)}" + (f"; {escape(where)}" if where else "") + "</p>"
        )
        if data.get("registration_url"):
            html.append(link_html(data["registration_url"], "Register"))
    if data.get("body"):
        html.append(stream_html(data["body"]))
    if kind == "solidarity_statement" and data.get("offer"):
        html.append("<h2>What we offer</h2>" + data["offer"])
    if kind == "grant_scheme":
        html.append(_rounds_html(data.get("rounds") or []))
        for name, heading in (
            ("eligibility", "Eligibility"),
            ("how_to_apply", "How to apply"),
        ):
            if data.get(name):
                html.append(f"<h2>{heading}</h2>" + data[name])
    if kind == "award" and data.get("how_to_apply"):
        html.append("<h2>How to apply</h2>" + data["how_to_apply"])
    if not html and data.get("summary"):
        html.append(f"<p>{escape(data['summary'])}</p>")
    return "".join(html)


def _rounds_html(rounds: list[dict[str, Any]]) -> str:
    """The scheme's rounds with their status now, in each round's own zone."""
    if not rounds:
        return ""
    rows = []
    for round_ in rounds:
        opens = parse_datetime(round_["opens_at"])
        closes = parse_datetime(round_["closes_at"])
        when = (
            f"{opens.day} {opens:%B %Y} to {closes.day} {closes:%B %Y, %H:%M} "
            f"({round_['timezone']})"
            if opens and closes
            else ""
        )
        rows.append(
            f"<li><strong>{escape(round_['name'])}</strong>: "
            f"{escape(round_['status_label'])}; {escape(when)}</li>"
        )
    return "<h2>Rounds</h2><ul>" + "".join(rows) + "</ul>"


# -- formats ----------------------------------------------------------------------


def render_json(data: dict[str, Any]) -> bytes:
    """JSON Feed 1.1 (https://www.jsonfeed.org/version/1.1/)."""
    import json

    rights = {k: v for k, v in data["rights"].items() if v}
    feed: dict[str, Any] = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": data["title"],
        "home_page_url": data["home_page_url"],
        "feed_url": data["urls"]["json"],
        "description": data["description"],
        "language": data["language"],
        "items": [],
    }
    if rights:
        feed["_rights"] = rights
    for item in data["items"]:
        entry: dict[str, Any] = {
            "id": item["id"],
            "url": item["url"],
            "title": item["title"],
            "summary": item["summary"],
            "content_html": item["content_html"],
            "date_published": _rfc3339(item["published"]),
            "date_modified": _rfc3339(item["updated"]),
            "tags": item["categories"],
        }
        if item["authors"]:
            entry["authors"] = item["authors"]
        if item["image"]:
            entry["image"] = item["image"]
        entry["_page"] = {
            "id": item["page_id"],
            "type": item["type"],
            "members_only": item["members_only"],
        }
        if rights:
            entry["_rights"] = rights
        feed["items"].append(entry)
    return json.dumps(feed, ensure_ascii=False, indent=2).encode()


def _rfc3339(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _generator(data: dict[str, Any]) -> Any:
    from feedgen.feed import FeedGenerator

    fg = FeedGenerator()
    fg.load_extension("dc", atom=True, rss=True)
    fg.id(data["id"])
    fg.title(data["title"])
    fg.subtitle(data["description"])
    fg.language(data["language"])
    fg.link(href=data["home_page_url"], rel="alternate")
    fg.generator("feedgen", uri="https://feedgen.kiesow.be/")
    rights = data["rights"]
    statement = " ".join(
        part
        for part in (
            rights["attribution"],
            rights["licence_name"],
            rights["licence_url"],
        )
        if part
    )
    if statement:
        fg.rights(statement)
    if data["updated"]:
        fg.updated(data["updated"])
        fg.lastBuildDate(data["updated"])
    for item in data["items"]:
        entry = fg.add_entry(order="append")
        entry.id(item["id"])
        entry.guid(item["id"], permalink=False)
        entry.title(item["title"])
        entry.link(href=item["url"], rel="alternate")
        entry.summary(item["summary"] or item["title"])
        entry.description(item["summary"] or item["title"])
        entry.content(item["content_html"], type="html")
        entry.published(item["published"])
        entry.updated(item["updated"])
        if statement:
            entry.rights(statement)
        for author in item["authors"]:
            entry.author(
                {
                    "name": author["name"],
                    **({"uri": author["url"]} if "url" in author else {}),
                }
            )
            entry.dc.dc_creator(author["name"])
        for category in item["categories"]:
            entry.category(term=category)
    return fg


def render_rss(data: dict[str, Any]) -> bytes:
    """RSS 2.0."""
    fg = _generator(data)
    fg.link(href=data["urls"]["rss"], rel="self")
    fg.description(data["description"])
    return fg.rss_str(pretty=True)


def render_atom(data: dict[str, Any]) -> bytes:
    """Atom 1.0 (RFC 4287)."""
    fg = _generator(data)
    fg.link(href=data["urls"]["atom"], rel="self")
    return fg.atom_str(pretty=True)


RENDERERS = {"rss": render_rss, "atom": render_atom, "json": render_json}
