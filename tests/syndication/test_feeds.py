"""RSS, Atom and JSON Feed of every section and tag, read with a real feed parser."""

import json
import time
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import feedparser
import jsonschema
import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from wagtail.models import PageViewRestriction, Site

from content import models as m
from content.blocks import BodyBlock
from core.demo import demo_image
from core.models import SiteSettings
from grants.models import GrantRound
from syndication.feeds import SECTIONS
from syndication.feeds.html import BLOCK_HTML, sanitise_feed_html, stream_html
from tests.factories.content import image_block, paragraph_block
from tests.factories.grants import make_round, make_scheme
from tests.problems import assert_problem

SCHEMA = json.loads(
    (Path(__file__).parents[1] / "data" / "jsonfeed-1.1.schema.json").read_text()
)
FORMATS = {
    "rss.xml": "application/rss+xml",
    "atom.xml": "application/atom+xml",
    "feed.json": "application/feed+json",
}
SECTION_TYPES = {
    "strategy-updates": "strategy_update",
    "solidarity-statements": "solidarity_statement",
    "representation": "representation",
    "events": "event",
    "grants": "grant_scheme",
}
SECTION_TYPES["all"] = ",".join(SECTION_TYPES.values())


def _expected(client, types, **params):
    """What the API lists anyone, newest first: the feed's items, in order.

    A feed is in one language: without `?locale=`, the default's.
    """
    response = client.get(
        "/api/v1/pages/",
        {
            "locale": "en",
            "type": types,
            "order": "-first_published_at",
            "fields": "title,summary,tags,meta",
            "limit": 100,
            **params,
        },
    )
    assert response.status_code == 200, response.content
    return response.json()["results"]


def _parse(client, path, **params):
    """The feed's items as (id, link, title, published, updated, content, tags)."""
    response = client.get(path, params)
    assert response.status_code == 200, response.content
    name = path.rsplit("/", 1)[1]
    assert response["Content-Type"].startswith(FORMATS[name])
    assert response["ETag"] and response["Last-Modified"]
    if name == "feed.json":
        feed = json.loads(response.content)
        jsonschema.validate(
            feed, SCHEMA, format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER
        )
        return [
            {
                "id": item["id"],
                "link": item["url"],
                "title": item["title"],
                "summary": item["summary"],
                "published": parse_datetime(item["date_published"]),
                "updated": parse_datetime(item["date_modified"]),
                "content": item["content_html"],
                "tags": item["tags"],
            }
            for item in feed["items"]
        ]
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.bozo_exception
    assert parsed.version == ("rss20" if name == "rss.xml" else "atom10")
    return [
        {
            "id": entry.id,
            "link": entry.link,
            "title": entry.title,
            "summary": entry.summary,
            "published": parse_datetime(entry.published)
            if name == "atom.xml"
            else None,
            "published_parsed": entry.published_parsed,
            "updated": parse_datetime(entry.updated) if name == "atom.xml" else None,
            "content": entry.content[0].value,
            "tags": [tag.term for tag in entry.get("tags", [])],
        }
        for entry in parsed.entries
    ]


def _check(items, expected):
    assert [item["title"] for item in items] == [page["title"] for page in expected]
    for item, page in zip(items, expected, strict=True):
        assert item["id"] == f"tag:front.example,2026:page/{page['id']}"
        assert item["link"] == page["meta"]["url"]
        assert item["link"].startswith("https://front.example/")
        assert set(page["tags"]) <= set(item["tags"])
        assert item["content"]
        if item["published"] is not None:
            assert item["published"] == parse_datetime(
                page["meta"]["first_published_at"]
            )
            assert item["updated"] == parse_datetime(page["meta"]["last_published_at"])
    published = [page["meta"]["first_published_at"] for page in expected]
    assert published == sorted(published, reverse=True)


@pytest.mark.parametrize("section", list(SECTION_TYPES))
def test_every_format_of_every_section_lists_its_public_pages_newest_first(
    anon, section
):
    expected = _expected(anon, SECTION_TYPES[section])
    assert expected, f"the demo content has no {section}"
    for name in FORMATS:
        _check(_parse(anon, f"/feeds/{section}/{name}"), expected[:20])


def test_a_tag_feed_lists_the_tagged_pages_of_every_section(anon):
    tagged = _expected(anon, SECTION_TYPES["all"], tag="solidarity")
    assert tagged
    for name in FORMATS:
        _check(_parse(anon, f"/feeds/tags/solidarity/{name}"), tagged)
    assert anon.get("/feeds/tags/no-such-tag/rss.xml").status_code == 200
    assert anon.get("/feeds/nowhere/rss.xml").status_code == 404


def _update(title, *, body=None, tags=(), **kwargs):
    index = m.StrategyIndexPage.objects.get()
    page = m.StrategyUpdatePage(
        title=title,
        slug=title.lower().replace(" ", "-"),
        summary=f"Summary of {title}",
        body=body or [{"type": "paragraph", "value": f"<p>Body of {title}</p>"}],
        **kwargs,
    )
    index.add_child(instance=page)
    for tag in tags:
        page.tags.add(tag)
    return page


def _all_feeds(client):
    return "".join(
        client.get(f"/feeds/{section}/{name}").content.decode()
        for section in ("all", "strategy-updates")
        for name in FORMATS
    )


def test_drafts_and_password_protected_pages_never_appear(anon):
    draft = _update("Secret draft", live=False)
    draft.save_revision()
    protected = _update("Board papers")
    protected.save_revision().publish()
    PageViewRestriction.objects.create(
        page=protected, restriction_type=PageViewRestriction.PASSWORD, password="pw"
    )
    live = _update("Public news")
    live.save_revision().publish()
    live.title = "Unpublished title change"
    live.save_revision()
    text = _all_feeds(anon)
    assert "Secret draft" not in text and "Board papers" not in text
    assert "Public news" in text and "Unpublished title change" not in text


def test_members_only_pages_appear_with_their_summary_but_never_their_body(anon):
    page = _update(
        "Members briefing",
        body=[{"type": "paragraph", "value": "<p>Only for members</p>"}],
    )
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.get_or_create(name="Members")[0])
    text = _all_feeds(anon)
    assert "Members briefing" in text and "Summary of Members briefing" in text
    assert "Only for members" not in text
    item = json.loads(anon.get("/feeds/strategy-updates/feed.json").content)["items"][0]
    assert item["title"] == "Members briefing" and item["_page"]["members_only"]
    assert "Members only" in item["content_html"]


def test_content_is_sanitised_frontend_html_with_absolute_images(anon):
    image = demo_image(title="Feed image", colour=(10, 90, 90), size=(320, 200))
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    page = _update(
        "Rich update",
        body=[
            {
                "type": "paragraph",
                "value": f'<p>See <a linktype="page" id="{hub.pk}">the hub</a></p>'
                "<script>alert(1)</script>",
            },
            image_block(image, alt_text="A teal square", caption="Our colour"),
            {
                "type": "quote",
                "value": {"text": "Libraries matter", "attribution": "A reader"},
            },
        ],
    )
    page.save_revision().publish()
    content = json.loads(anon.get("/feeds/strategy-updates/feed.json").content)[
        "items"
    ][0]["content_html"]
    assert '<a href="https://front.example/international/"' in content
    assert '<img src="https://cms.example/media/' in content
    assert 'alt="A teal square"' in content and "<figcaption>Our colour" in content
    assert "<blockquote><p>Libraries matter</p></blockquote>" in content
    assert "<script" not in content and "linktype" not in content


def test_licence_and_attribution_come_from_the_site_settings(anon):
    settings_obj = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings_obj.feed_licence_name = "CC BY 4.0"
    settings_obj.feed_licence_url = "https://creativecommons.org/licenses/by/4.0/"
    settings_obj.feed_attribution = "Library and Information Association"
    settings_obj.save()
    feed = json.loads(anon.get("/feeds/all/feed.json").content)
    assert feed["_rights"]["licence_name"] == "CC BY 4.0"
    item = feed["items"][0]
    assert item["_rights"]["attribution"] == "Library and Information Association"
    assert 'href="https://creativecommons.org/licenses/by/4.0/"' in item["content_html"]
    atom = feedparser.parse(anon.get("/feeds/all/atom.xml").content)
    assert "CC BY 4.0" in atom.feed.rights and "CC BY 4.0" in atom.entries[0].rights
    rss = feedparser.parse(anon.get("/feeds/all/rss.xml").content)
    assert "Library and Information Association" in rss.feed.rights


def test_the_id_stays_when_the_slug_changes(anon):
    page = _update("Moving news")
    page.save_revision().publish()
    before = json.loads(anon.get("/feeds/strategy-updates/feed.json").content)
    page.slug = "moved-news"
    page.save_revision().publish()
    after = json.loads(anon.get("/feeds/strategy-updates/feed.json").content)
    assert before["items"][0]["id"] == after["items"][0]["id"]
    assert after["items"][0]["url"].endswith("/moved-news/")


def test_not_modified_then_a_publish_changes_the_feed(anon):
    for name in FORMATS:
        url = f"/feeds/strategy-updates/{name}"
        first = anon.get(url)
        again = anon.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304 and again["ETag"] == first["ETag"]
    etags = {
        name: anon.get(f"/feeds/strategy-updates/{name}")["ETag"] for name in FORMATS
    }
    page = _update("Fresh news")
    page.save_revision().publish()
    for name in FORMATS:
        url = f"/feeds/strategy-updates/{name}"
        response = anon.get(url, HTTP_IF_NONE_MATCH=etags[name])
        assert response.status_code == 200 and "Fresh news" in response.content.decode()
    # An edit of a page the feed shows changes it too, exactly.
    etag = anon.get("/feeds/all/feed.json")["ETag"]
    page.title = "Fresh news, corrected"
    page.save_revision().publish()
    response = anon.get("/feeds/all/feed.json", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and "corrected" in response.content.decode()


def test_every_body_block_has_an_html_rendering():
    assert set(BLOCK_HTML) == set(BodyBlock().child_blocks)


def test_a_table_renders_as_a_sanitised_html_table():
    html = sanitise_feed_html(
        stream_html(
            [
                {
                    "type": "table",
                    "value": {
                        "caption": "Grants <b>by</b> year",
                        "columns": [
                            {"type": "text", "heading": "Year"},
                            {"type": "rich_text", "heading": "Notes"},
                        ],
                        "rows": [
                            ["2026", '<p>Open <a href="/grants/">now</a></p>'],
                            ["2027", None],
                        ],
                    },
                }
            ]
        )
    )
    assert html.startswith(
        "<table><caption>Grants &lt;b&gt;by&lt;/b&gt; year</caption>"
    )
    assert "<th>Year</th><th>Notes</th>" in html
    assert (
        '<td>2026</td><td><p>Open <a href="https://front.example/grants/" rel="noopener noreferrer">'
        in html
    )
    assert "<td>2027</td><td></td>" in html


def test_an_unknown_parameter_is_a_problem_naming_it(anon):
    response = anon.get("/feeds/all/atom.xml", {"page": "2"})
    assert response.status_code == 400
    assert response.json()["errors"]["page"][0]["code"] == "unknown_parameter"


@pytest.mark.parametrize("limit", ["0", "101", "abc", "-1", ""])
def test_a_bad_limit_is_a_problem_naming_the_field(anon, limit):
    response = anon.get("/feeds/all/rss.xml", {"limit": limit})
    assert_problem(response, 400, field="limit")


def test_the_limit_caps_the_items(anon):
    for n in range(3):
        _update(f"Limited {n}").save_revision().publish()
    assert len(_parse(anon, "/feeds/strategy-updates/rss.xml", limit=2)) == 2
    items = json.loads(anon.get("/feeds/all/feed.json", {"limit": 1}).content)["items"]
    assert [item["title"] for item in items] == ["Limited 2"]


def _queries(client, url, params):
    client.get(url, params)  # warm: renditions exist after the first read
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url, params).status_code == 200
    return len(ctx.captured_queries)


def test_a_feed_of_1_and_of_20_items_costs_the_same(anon, settings):
    # Nothing kept: every read renders every page from the database.
    settings.API_RESPONSE_CACHE_TIMEOUT = 0
    settings.API_PAGE_CACHE_TIMEOUT = 0
    settings.API_STORED_PAGES = False
    for n in range(20):
        image = demo_image(
            title=f"Q image {n}", colour=(n * 10 % 255, 90, 90), size=(320, 200)
        )
        _update(
            f"Counted {n}",
            tags=["counted"],
            listing_image=image,
            body=[
                paragraph_block(f"<p>Text {n}</p>"),
                image_block(image),
            ],
        ).save_revision().publish()
    for name in FORMATS:
        url = f"/feeds/tags/counted/{name}"
        assert _queries(anon, url, {"limit": 1}) == _queries(anon, url, {"limit": 20})


def test_site_and_api_root_list_every_feed(anon):
    for listing in (
        anon.get("/api/v1/site/").json()["feeds"],
        anon.get("/api/v1/").json()["feeds"],
    ):
        sections = {feed["section"] for feed in listing if feed["section"]}
        assert sections == set(SECTIONS)
        tags = {feed["tag"] for feed in listing if feed["tag"]}
        assert "solidarity" in tags
        for feed in listing:
            for key in ("rss", "atom", "json"):
                assert feed[key].startswith("https://cms.example/feeds/")
        some = next(feed for feed in listing if feed["tag"] == "solidarity")
        path = some["atom"].removeprefix("https://cms.example")
        assert anon.get(path).status_code == 200


def test_a_round_opening_by_the_clock_changes_the_grants_feed(
    api_client, home, monkeypatch
):
    """No write happens when a round opens: the feed's copy ends at that
    moment (and its max-age says so), then the feed says the round is open."""
    scheme = make_scheme(home, slug="by-the-clock")
    round_ = make_round(scheme, name="Autumn round", opens_in=timedelta(seconds=60))
    url = "/feeds/grants/feed.json"
    first = api_client.get(url)
    assert "<strong>Autumn round</strong>: Upcoming" in _item_of(first, scheme)
    left = int(first["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < left <= 61

    # The clock passes the opening (an update() sends no signal, as time does).
    GrantRound.objects.filter(pk=round_.pk).update(
        opens_at=timezone.now() - timedelta(seconds=1)
    )
    assert api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    later = time.time() + 61
    monkeypatch.setattr("api.caching.time", SimpleNamespace(time=lambda: later))
    response = api_client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert response.status_code == 200
    assert "<strong>Autumn round</strong>: Open" in _item_of(response, scheme)


def _item_of(response, page) -> str:
    """The content of `page`'s item in a JSON Feed response."""
    [item] = [
        item
        for item in json.loads(response.content)["items"]
        if item["id"].endswith(f":page/{page.pk}")
    ]
    return item["content_html"]
