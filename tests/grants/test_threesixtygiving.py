import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone
from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from tests.factories.grants import make_application, make_round, make_scheme

SCHEMAS = Path(__file__).resolve().parents[2] / "backend" / "grants" / "schemas"
URL = "/api/v1/grants/awards/360giving.json"


def package_validator() -> Draft202012Validator:
    package = json.loads((SCHEMAS / "360-giving-package-schema.json").read_text())
    grant = json.loads((SCHEMAS / "360-giving-schema.json").read_text())
    registry = Registry().with_resources(
        [
            (
                package["properties"]["grants"]["items"]["$ref"],
                Resource.from_contents(grant, default_specification=DRAFT202012),
            )
        ]
    )
    return Draft202012Validator(
        package, registry=registry, format_checker=FormatChecker()
    )


def errors(document):
    return [
        f"{list(e.absolute_path)}: {e.message}"
        for e in package_validator().iter_errors(document)
    ]


@pytest.fixture
def awards(home):
    scheme = make_scheme(home, title="Travel bursaries", slug="travel-bursaries")
    round_ = make_round(scheme, status="closed")
    decided = timezone.now() - timedelta(days=3)
    return [
        make_application(
            round_,
            status="awarded",
            amount_awarded=Decimal("1500"),
            decided_at=decided,
        ),
        make_application(
            round_,
            status="awarded",
            organisation_identifier="",
            organisation_name="Leeds Libraries",
            project_title="Visit to the National Library of Estonia",
            summary="",
            partners=[],
            amount_awarded=Decimal("750.50"),
            decided_at=decided,
        ),
        make_application(round_, status="declined", decided_at=decided),
        make_application(round_, status="draft"),
    ]


def test_the_validator_rejects_broken_packages():
    assert errors({"grants": []})
    grant = {
        "id": "360G-x-1",
        "title": "t",
        "description": "d",
        "amountAwarded": 1,
        "awardDate": "14/03/2025",
        "recipientOrganization": [{"id": "GB-CHC-1", "name": "n"}],
        "fundingOrganization": [{"id": "GB-CHC-2", "name": "f"}],
    }
    assert errors({"grants": [grant]})  # no currency, bad date


@pytest.mark.django_db
def test_awards_package_is_valid_360giving(api_client, awards):
    response = api_client.get(URL)
    assert response.status_code == 200
    package = response.json()
    assert errors(package) == []
    assert len(package["grants"]) == 2
    ids = {g["id"] for g in package["grants"]}
    assert ids == {f"360G-examplelibassoc-{a.pk}" for a in awards[:2]}


@pytest.mark.django_db
def test_grant_records_carry_the_recommended_fields(api_client, awards):
    grants = {g["id"]: g for g in api_client.get(URL).json()["grants"]}
    first = grants[f"360G-examplelibassoc-{awards[0].pk}"]
    assert first["amountAwarded"] == 1500
    assert first["currency"] == "GBP"
    assert first["recipientOrganization"][0]["id"] == "GB-LAE-NRW"
    assert first["fundingOrganization"][0] == {
        "id": "GB-CHC-1036733",
        "name": "Arts Council England",
    }
    assert first["grantProgramme"][0]["title"] == "Travel bursaries"
    assert first["beneficiaryLocation"] == [
        {"name": "Accra Central Library", "countryCode": "GH"}
    ]
    assert first["awardDate"] == awards[0].decided_at.date().isoformat()
    second = grants[f"360G-examplelibassoc-{awards[1].pk}"]
    # No registered identifier: one in our own namespace; description != title.
    assert second["recipientOrganization"][0]["id"].startswith("360G-examplelibassoc-")
    assert second["description"] != second["title"]
    assert second["amountAwarded"] == 750.5


@pytest.mark.django_db
def test_identifier_prefix_comes_from_settings(api_client, awards, settings):
    settings.GRANTS_360G_PREFIX = "cilipintl"
    package = api_client.get(URL).json()
    assert all(g["id"].startswith("360G-cilipintl-") for g in package["grants"])
    assert errors(package) == []
