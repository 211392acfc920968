from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Organisation
from grants.models import GrantRound
from tests.factories.grants import make_application, make_round, make_scheme
from tests.problems import assert_problem

pytestmark = pytest.mark.django_db


def test_scheme_list_shows_rounds_with_their_status(api_client, home):
    scheme = make_scheme(home, title="Travel bursaries", slug="travel-bursaries")
    scheme.partners.add(Organisation.objects.create(name="British Council"))
    scheme.save_revision().publish()
    make_round(scheme, status="open", name="Spring")
    make_round(scheme, status="upcoming", name="Autumn")

    response = api_client.get("/api/v1/grants/schemes/")

    assert response.status_code == 200
    item = response.json()["results"][0]
    assert item["type"] == "grant_scheme"
    assert item["slug"] == "travel-bursaries"
    assert item["funder"]["name"] == "Arts Council England"
    assert [p["name"] for p in item["partners"]] == ["British Council"]
    assert {r["name"]: r["status"] for r in item["rounds"]} == {
        "Spring": "open",
        "Autumn": "upcoming",
    }
    # What readers see comes from the API, not from the value reformatted.
    assert {r["name"]: r["status_label"] for r in item["rounds"]} == {
        "Spring": "Open",
        "Autumn": "Upcoming",
    }
    assert item["meta"]["path"] == "/grants/travel-bursaries/"
    assert item["meta"]["url"] == "https://front.example/grants/travel-bursaries/"


def test_scheme_detail_has_questions_and_rounds_in_their_zone(api_client, home):
    scheme = make_scheme(home, slug="project-grants")
    GrantRound.objects.create(
        scheme=scheme,
        name="Tokyo round",
        opens_at=datetime(2026, 1, 1, 0, 0, tzinfo=ZoneInfo("UTC")),
        closes_at=datetime(2026, 3, 31, 8, 0, tzinfo=ZoneInfo("UTC")),
        timezone="Asia/Tokyo",
    )

    body = api_client.get("/api/v1/grants/schemes/project-grants/").json()

    assert body["rounds"][0]["closes_at"] == "2026-03-31T17:00:00+09:00"
    assert body["rounds"][0]["timezone"] == "Asia/Tokyo"
    types = [q["type"] for q in body["questions"]]
    assert types == ["long_text", "choice", "date", "number", "short_text", "file"]
    assert body["questions"][0]["id"] == "q-aims"
    assert body["questions"][0]["value"]["word_limit"] == 50
    assert body["minimum_amount"] == "500.00"


def test_unknown_and_unpublished_schemes_are_404(api_client, home):
    scheme = make_scheme(home, slug="draft-scheme")
    scheme.unpublish()
    assert api_client.get("/api/v1/grants/schemes/draft-scheme/").status_code == 404
    response = api_client.get("/api/v1/grants/schemes/nope/")
    assert_problem(response, 404)


def test_rounds_filter_by_status(api_client, home):
    scheme = make_scheme(home)
    make_round(scheme, status="open", name="Now")
    make_round(scheme, status="closed", name="Past")
    make_round(scheme, status="upcoming", name="Next")
    make_round(scheme, status="open", name="Paused", status_override="paused")

    def names(query):
        body = api_client.get(f"/api/v1/grants/rounds/{query}").json()
        return [r["name"] for r in body["results"]]

    assert names("?status=open") == ["Now"]
    assert names("?status=closed") == ["Past"]
    assert names("?status=upcoming") == ["Next"]
    assert names("?status=paused") == ["Paused"]
    assert len(names("")) == 4
    first = api_client.get("/api/v1/grants/rounds/?status=open").json()["results"][0]
    assert first["scheme"]["id"] == scheme.pk


def test_bad_round_status_is_a_400_problem(api_client, home):
    response = api_client.get("/api/v1/grants/rounds/?status=soon")
    assert response.status_code == 400
    assert "status" in response.json()["errors"]


def test_awards_list_only_awarded_grants(api_client, home):
    scheme = make_scheme(home)
    round_ = make_round(scheme, status="closed")
    make_application(
        round_,
        status="awarded",
        amount_awarded=Decimal("2000"),
        decided_at=timezone.now() - timedelta(days=1),
    )
    make_application(round_, status="declined")
    make_application(round_, status="submitted")

    body = api_client.get("/api/v1/grants/awards/").json()

    assert body["count"] == 1
    award = body["results"][0]
    assert award["amount_awarded"] == "2000.00"
    assert award["currency"] == "GBP"
    assert award["recipient_organisation"] == "Norwich Public Library"
    assert award["scheme"]["id"] == scheme.pk
    assert award["scheme"]["path"] == f"/grants/{scheme.slug}/"
    assert award["identifier"].startswith("360G-examplelibassoc-")


def count_queries(client, url):
    client.get(url)  # warm caches (content types, site root paths)
    reset_queries()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def _populate(home, n):
    for i in range(n):
        scheme = make_scheme(home)
        round_ = make_round(scheme, status="open")
        make_round(scheme, status="closed")
        make_application(
            round_,
            status="awarded",
            amount_awarded=Decimal("100"),
            decided_at=timezone.now(),
        )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/grants/schemes/",
        "/api/v1/grants/rounds/",
        "/api/v1/grants/awards/",
        "/api/v1/grants/awards/360giving.json",
    ],
)
def test_public_lists_cost_the_same_queries_for_1_and_n_items(api_client, home, url):
    _populate(home, 1)
    one = count_queries(api_client, url)
    _populate(home, 5)
    assert count_queries(api_client, url) == one


def test_every_question_block_has_a_named_schema():
    import yaml
    from django.conf import settings

    from grants.blocks import QuestionsBlock

    schema = yaml.safe_load((settings.PROJECT_DIR / "openapi.yaml").read_text())
    components = schema["components"]["schemas"]
    for name in QuestionsBlock().child_blocks:
        item = components[
            "QuestionsBlock" + "".join(part.capitalize() for part in name.split("_"))
        ]
        assert item["properties"]["type"]["enum"] == [name]


def test_a_scheme_has_one_shape_as_a_page_and_by_slug(api_client, home):
    scheme = make_scheme(home, slug="one-shape")
    scheme.partners.add(Organisation.objects.create(name="British Council"))
    scheme.save_revision().publish()
    make_round(scheme, status="open", name="Spring")

    by_slug = api_client.get("/api/v1/grants/schemes/one-shape/").json()
    as_page = api_client.get(f"/api/v1/pages/{scheme.pk}/").json()
    listed = api_client.get("/api/v1/grants/schemes/").json()["results"][0]

    assert by_slug == as_page
    assert {**listed, "meta": None} == {**as_page, "meta": None}
    assert listed["meta"]["path"] == as_page["meta"]["path"] == "/grants/one-shape/"
    # The content API's Organisation, with its logo and country object.
    assert {"logo", "country", "org_identifier"} <= set(by_slug["funder"])
    assert [r["status"] for r in by_slug["rounds"]] == ["open"]


def test_a_round_opening_by_the_clock_shows_in_the_pages_api(api_client, home):
    scheme = make_scheme(home, slug="by-the-clock")
    round_ = make_round(scheme, name="Soon", opens_in=timedelta(seconds=30))
    url = f"/api/v1/pages/{scheme.pk}/"
    first = api_client.get(url)
    assert first.json()["rounds"][0]["status"] == "upcoming"
    # The copy ends when the round opens, and the stored page is not the truth.
    left = int(first["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert left <= (round_.opens_at - timezone.now()).total_seconds() + 1

    GrantRound.objects.filter(pk=round_.pk).update(
        opens_at=timezone.now() - timedelta(minutes=1)
    )
    # An update() bypasses the signals, as the clock passing would.
    from django.core.cache import caches

    caches["api"].clear()
    assert api_client.get(url).json()["rounds"][0]["status"] == "open"
