"""The server is exactly as strict as the contract (issue 19, schemathesis).

Rendition names and country codes are enums in openapi.yaml; what the enum
refuses, the server refuses with a 400 problem naming the parameter.
"""

from pathlib import Path

import pytest
import yaml
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db


def _parameter(operation_path: str, name: str) -> dict:
    schema = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    operation = schema["paths"][operation_path]["get"]
    return next(p for p in operation["parameters"] if p["name"] == name)


def test_the_contract_lists_rendition_names_and_country_codes_as_enums():
    renditions = _parameter("/api/v1/pages/", "renditions")
    assert renditions["schema"]["type"] == "array"
    assert "small" in renditions["schema"]["items"]["enum"]
    assert (renditions["style"], renditions["explode"]) == ("form", False)
    country = _parameter("/api/v1/pages/", "country")
    assert "GH" in country["schema"]["enum"]
    assert "gh" not in country["schema"]["enum"]


@pytest.mark.parametrize("value", ["gh", "ZZ", "G"])
def test_a_country_filter_outside_the_enum_is_a_400_naming_it(value):
    response = Client().get("/api/v1/pages/", {"country": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["country"][0]["code"] == "invalid_country"


def test_a_country_filter_in_capitals_is_served():
    assert Client().get("/api/v1/pages/", {"country": "GH"}).status_code == 200


@pytest.mark.parametrize(
    "value", ["small,", ",small", " small", "small, large", "Small"]
)
def test_rendition_names_outside_the_enum_are_a_400_naming_the_parameter(value):
    response = Client().get("/api/v1/pages/", {"renditions": value})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert list(response.json()["errors"]) == ["renditions"]


@pytest.mark.parametrize("value", ["", "small", "small,large,small"])
def test_rendition_names_the_enum_admits_are_served(value):
    assert Client().get("/api/v1/pages/", {"renditions": value}).status_code == 200
