"""Caching and HTTP on the public reads outside the page tree (issue 15).

Exact invalidation of grants and membership types, rounds that open or
close with time alone, the `If-Modified-Since` rules, CORS for
conditional requests, `RateLimit-*` fields and the cheaper 304, and the
schema served from a per-process copy.
"""

import time
from datetime import timedelta
from decimal import Decimal
from unittest import mock

import pytest
from django.test import Client
from django.utils import timezone
from django.utils.http import http_date

from api import caching
from api.throttles import AnonBurstThrottle
from core.changes import versions
from membership.models import MembershipFee
from tests.factories.grants import make_application, make_round, make_scheme
from tests.factories.membership import MembershipTypeFactory, with_fees

pytestmark = pytest.mark.django_db


def test_a_round_change_is_served_at_once_and_only_where_it_shows(api_client, home):
    scheme = make_scheme(home, slug="travel-bursaries")
    round_ = make_round(scheme, status="open", name="Spring")
    rounds, types = api_client.get("/api/v1/grants/rounds/"), None
    types = api_client.get("/api/v1/membership/types/")
    round_.name = "Spring (extended)"
    round_.save()
    after = api_client.get("/api/v1/grants/rounds/", HTTP_IF_NONE_MATCH=rounds["ETag"])
    assert after.status_code == 200
    assert after.json()["results"][0]["name"] == "Spring (extended)"
    schemes = api_client.get("/api/v1/grants/schemes/travel-bursaries/").json()
    assert schemes["rounds"][0]["name"] == "Spring (extended)"
    # Membership types show nothing of grants: still the same copy.
    same = api_client.get("/api/v1/membership/types/", HTTP_IF_NONE_MATCH=types["ETag"])
    assert same.status_code == 304


def test_a_round_opening_by_the_clock_ends_the_cached_copy(api_client, home):
    scheme = make_scheme(home, slug="travel-bursaries")
    opens = timezone.now() + timedelta(seconds=30)
    make_round(scheme, opens_at=opens, closes_at=opens + timedelta(days=5))
    response = api_client.get("/api/v1/grants/rounds/")
    assert response.json()["results"][0]["status"] == "upcoming"
    # Fresh for no longer than until it opens.
    max_age = int(response["Cache-Control"].split("max-age=")[1].split(",")[0])
    assert 0 < max_age <= 30
    later = time.time() + 31
    with (
        mock.patch("django.utils.timezone.now", return_value=opens + timedelta(1)),
        mock.patch("api.caching.time.time", return_value=later),
    ):
        again = api_client.get("/api/v1/grants/rounds/")
    assert again.json()["results"][0]["status"] == "open"


def test_awarding_a_grant_updates_awards_and_the_360giving_package(api_client, home):
    scheme = make_scheme(home, slug="travel-bursaries")
    application = make_application(make_round(scheme, status="closed"))
    awards = api_client.get("/api/v1/grants/awards/")
    package = api_client.get("/api/v1/grants/awards/360giving.json")
    assert awards.json()["count"] == 0 and package.json()["grants"] == []
    application.status = "awarded"
    application.amount_awarded = Decimal("2000.00")
    application.decided_at = timezone.now()
    application.save()
    assert api_client.get("/api/v1/grants/awards/").json()["count"] == 1
    grants = api_client.get("/api/v1/grants/awards/360giving.json").json()["grants"]
    assert len(grants) == 1
    # A decision corrected away from "awarded" leaves the list too.
    application.status = "declined"
    application.save()
    assert api_client.get("/api/v1/grants/awards/").json()["count"] == 0


def test_editing_a_draft_application_keeps_the_awards_copy(api_client, home):
    scheme = make_scheme(home, slug="travel-bursaries")
    application = make_application(make_round(scheme, status="open"))
    before = versions(["grants:awards"])
    application.project_title = "Renamed draft"
    application.save()
    assert versions(["grants:awards"]) == before


def test_a_fee_change_is_served_at_once(api_client):
    mtype = with_fees(MembershipTypeFactory(name="International membership"))
    first = api_client.get("/api/v1/membership/types/")
    fee = MembershipFee.objects.filter(membership_type=mtype).first()
    fee.amount_minor += 100
    fee.save()
    response = api_client.get(
        "/api/v1/membership/types/", HTTP_IF_NONE_MATCH=first["ETag"]
    )
    assert response.status_code == 200
    shown = {
        (f["region"], f["currency"]): f["amount_minor"]
        for f in response.json()["results"][0]["fees"]
    }
    assert shown[(fee.region, fee.currency)] == fee.amount_minor


def test_grant_lists_reject_unknown_query_parameters(api_client, home):
    for url in (
        "/api/v1/grants/schemes/?colour=red",
        "/api/v1/grants/rounds/?colour=red",
        "/api/v1/grants/awards/?colour=red",
        "/api/v1/grants/awards/360giving.json?colour=red",
        "/api/v1/membership/types/?colour=red",
        "/api/v1/?colour=red",
    ):
        response = api_client.get(url)
        assert response.status_code == 400, url
        body = response.json()
        assert body["code"] == "unknown_parameter" and "colour" in body["errors"]


def test_if_modified_since_is_exact_within_one_second():
    built = 1_000_000.4
    # Sent in the second it was built: dated a second earlier...
    assert caching.last_modified_header(built, now=built + 0.3) == http_date(999_999)
    # ... and once that second is over, its own second.
    assert caching.last_modified_header(built, now=built + 0.7) == http_date(1_000_000)

    class Request:
        def __init__(self, **meta):
            self.META = meta

    since = Request(HTTP_IF_MODIFIED_SINCE=http_date(1_000_000))
    assert caching.not_modified(since, etag='"a"', built_at=built)
    # Rebuilt later in that same second: a copy dated by it could be older.
    earlier = Request(HTTP_IF_MODIFIED_SINCE=http_date(999_999))
    assert not caching.not_modified(earlier, etag='"a"', built_at=built)
    # If-None-Match decides alone when sent.
    both = Request(HTTP_IF_NONE_MATCH='"b"', HTTP_IF_MODIFIED_SINCE=http_date(2e6))
    assert not caching.not_modified(both, etag='"a"', built_at=built)


def test_cors_preflight_allows_conditional_requests_and_exposes_the_fields(client):
    response = client.options(
        "/api/v1/pages/",
        HTTP_ORIGIN="https://front.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="if-none-match, if-modified-since",
    )
    allowed = response["Access-Control-Allow-Headers"].lower()
    assert "if-none-match" in allowed and "if-modified-since" in allowed
    got = client.get("/api/v1/grants/rounds/", HTTP_ORIGIN="https://front.example")
    exposed = {
        h.strip().lower() for h in got["Access-Control-Expose-Headers"].split(",")
    }
    assert {
        "etag",
        "last-modified",
        "ratelimit-limit",
        "ratelimit-remaining",
    } <= exposed
    assert {"ratelimit-reset", "ratelimit-policy"} <= exposed


def _limited(rate: str):
    rates = {**AnonBurstThrottle.THROTTLE_RATES, "anon": rate}
    return mock.patch.object(AnonBurstThrottle, "THROTTLE_RATES", rates)


def test_throttled_reads_say_where_the_caller_stands():
    client = Client()
    with _limited("5/min"):
        first = client.get("/api/v1/membership/types/")
        second = client.get("/api/v1/membership/types/")
        assert first["RateLimit-Limit"] == "5"
        assert first["RateLimit-Policy"] == "5;w=60"
        assert int(first["RateLimit-Remaining"]) == 4
        assert int(second["RateLimit-Remaining"]) == 3
        assert 0 <= int(second["RateLimit-Reset"]) <= 60
        for _ in range(3):
            client.get("/api/v1/membership/types/")
        refused = client.get("/api/v1/membership/types/")
    assert refused.status_code == 429 and refused["RateLimit-Remaining"] == "0"


def test_a_304_costs_a_tenth_of_a_request():
    client = Client()
    with _limited("2/min"):
        etag = client.get("/api/v1/membership/types/")["ETag"]
        # One request used: 1 left, worth ten revalidations answered 304.
        statuses = [
            client.get("/api/v1/membership/types/", HTTP_IF_NONE_MATCH=etag).status_code
            for _ in range(10)
        ]
        refused = client.get("/api/v1/membership/types/", HTTP_IF_NONE_MATCH=etag)
    assert statuses == [304] * 10
    assert refused.status_code == 429


def test_a_conditional_request_answered_200_costs_a_whole_request():
    client = Client()
    with _limited("2/min"):
        client.get("/api/v1/membership/types/")
        stale = client.get("/api/v1/membership/types/", HTTP_IF_NONE_MATCH='"old"')
        assert stale.status_code == 200 and stale["RateLimit-Remaining"] == "0"
        assert client.get("/api/v1/membership/types/").status_code == 429


def test_the_schema_is_generated_once_per_process(client):
    from drf_spectacular.generators import SchemaGenerator

    from api.views import SchemaView

    SchemaView._cache.clear()
    with mock.patch.object(
        SchemaGenerator,
        "get_schema",
        autospec=True,
        side_effect=SchemaGenerator.get_schema,
    ) as generate:
        first = client.get("/api/v1/schema/")
        second = client.get("/api/v1/schema/")
        as_json = client.get("/api/v1/schema/?format=json")
    assert generate.call_count == 2  # YAML once, JSON once
    assert first.content == second.content and first["ETag"] == second["ETag"]
    assert first["Content-Type"].startswith("application/vnd.oai.openapi")
    assert as_json.json()["openapi"].startswith("3.")
    again = client.get("/api/v1/schema/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
