import pytest

from core import demo_data as core_demo
from core.demo_loader import load
from grants import demo_data as grants_demo
from grants.models import Application, GrantRound, GrantSchemePage
from tests.grants.test_threesixtygiving import errors

pytestmark = pytest.mark.django_db


def _counts():
    return (
        GrantSchemePage.objects.count(),
        GrantRound.objects.count(),
        Application.objects.count(),
    )


def _load(home) -> None:
    load(core_demo.DEMO, grants_demo.DEMO, home=home, log=lambda m: None)


def test_demo_grants_are_idempotent_and_public(api_client, home):
    _load(home)
    first = _counts()
    _load(home)
    assert _counts() == first == (3, 9, 4)

    schemes = api_client.get("/api/v1/grants/schemes/").json()["results"]
    assert {s["kind"] for s in schemes} == {
        "project_grant",
        "travel_bursary",
        "conference_support",
    }
    for scheme in schemes:
        assert sorted(r["status"] for r in scheme["rounds"]) == [
            "closed",
            "open",
            "upcoming",
        ]
        assert scheme["funder"]["name"] == "Arts Council England"
        assert len(scheme["partners"]) == 3
    assert api_client.get("/api/v1/grants/rounds/?status=open").json()["count"] == 3
    assert api_client.get("/api/v1/grants/awards/").json()["count"] == 4
    package = api_client.get("/api/v1/grants/awards/360giving.json").json()
    assert errors(package) == []
