"""Lists and index pages carry what a card needs, sorted by the content's date."""

import datetime

import pytest
from wagtail.models import Page

from content import models as m
from content.dates import content_date, content_date_expression
from tests.api.content.conftest import by_path
from tests.api.content.test_query_counts import _add_updates, _queries


def _results(client, **params):
    response = client.get("/api/v1/pages/", {"limit": 100, **params})
    assert response.status_code == 200, response.content
    return response.json()["results"]


CARDS = {
    "solidarity_statement": {"countries", "region", "event_kind", "event_kind_label"},
    "strategy_update": {"milestone", "milestone_label", "expected_publication_label"},
    "event": {"starts_at", "ends_at", "timezone", "is_online", "venue_name"},
    "award": {"status", "status_label", "expected_reopening_label"},
    "representation": {"capacity", "capacity_label", "body_name"},
}


@pytest.mark.parametrize("page_type", sorted(CARDS))
def test_list_items_carry_links_date_and_their_card_fields(anon, page_type):
    items = _results(anon, type=page_type)
    assert items
    for item in items:
        assert CARDS[page_type] <= set(item), item
        assert item["path"] == item["meta"]["path"]
        assert item["url"] == item["meta"]["url"]
        assert "date" in item
        assert "body" not in item


def test_labels_come_from_the_models_choices(anon):
    for item in _results(anon, type="solidarity_statement"):
        assert item["event_kind_label"] == str(m.EventKind(item["event_kind"]).label)
    for item in _results(anon, type="award"):
        assert item["status_label"] == str(m.AwardStatus(item["status"]).label)
    for item in _results(anon, type="strategy_update"):
        assert item["milestone_label"] == str(
            m.StrategyMilestone(item["milestone"]).label
        )


def test_fields_still_trims_the_card_fields_away(anon):
    items = _results(anon, type="award", fields="title")
    assert all(set(item) == {"id", "type", "title"} for item in items)


def test_order_by_date_across_types_agrees_with_each_pages_date(anon):
    newest = _results(anon, order="-date")
    oldest = _results(anon, order="date")
    days = [item["date"] for item in newest]
    dated = [day for day in days if day is not None]
    assert dated == sorted(dated, reverse=True)
    assert len(set(dated)) > 3
    ascending = [item["date"] for item in oldest if item["date"] is not None]
    assert ascending == sorted(dated)


def test_date_rule_and_its_query_twin_agree_on_every_page(anon):
    rows = dict(
        Page.objects.live()
        .annotate(_day=content_date_expression())
        .values_list("pk", "_day")
    )
    for page in Page.objects.live().specific():
        if isinstance(page, m.EventPage):
            # The query sorts by the UTC day; the card shows the local day.
            utc = page.starts_at.astimezone(datetime.UTC).date()
            assert rows[page.pk] == utc
            continue
        assert rows[page.pk] == content_date(page), page


def test_strategy_index_children_are_cards_newest_first(anon):
    index = by_path(anon, "/international/strategy/")
    children = index["children"]
    assert len(children) > 1
    assert [c["date"] for c in children] == sorted(
        (c["date"] for c in children), reverse=True
    )
    for child in children:
        assert {"milestone", "milestone_label", "path", "url", "date"} <= set(child)


def test_an_older_update_published_later_still_lists_after_newer_ones(anon):
    index = m.StrategyIndexPage.objects.get()
    page = m.StrategyUpdatePage(
        title="Old news", slug="old-news", summary="x", date=datetime.date(1990, 1, 1)
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    children = by_path(anon, "/international/strategy/")["children"]
    assert children[-1]["title"] == "Old news"
    assert _results(anon, type="strategy_update", order="-date")[-1]["id"] == page.pk


def test_index_children_cost_the_same_for_2_and_20_cards(anon):
    index = m.StrategyIndexPage.objects.get()
    url = f"/api/v1/pages/{index.pk}/"
    _add_updates(1, blocks_each=1)
    few = _queries(anon, url, {})
    _add_more(19)
    many = _queries(anon, url, {})
    assert few == many


def _add_more(count):
    index = m.StrategyIndexPage.objects.get()
    for n in range(count):
        page = m.StrategyUpdatePage(title=f"More {n}", slug=f"more-{n}", summary="x")
        index.add_child(instance=page)
        page.save_revision().publish()
