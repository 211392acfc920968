import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from membership.models import MemberProfile
from tests.problems import assert_problem

from .conftest import AUTH, PASSWORD


def _assert_private(response):
    cache_control = {p.strip() for p in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    vary = {v.strip().lower() for v in response["Vary"].split(",")}
    assert {"cookie", "authorization"} <= vary


@pytest.mark.parametrize("path", ["/api/v1/me/", "/api/v1/me/export/"])
def test_me_responses_are_never_shared_cache_material(signed_in, path):
    _assert_private(signed_in.get(path))


@pytest.mark.django_db
def test_me_answers_anonymous_callers_401_with_a_private_problem():
    response = Client().get("/api/v1/me/")
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "X-Session-Token"
    assert response["Content-Type"] == "application/problem+json"
    _assert_private(response)


def test_patch_me_updates_the_profile(signed_in, member):
    response = signed_in.patch(
        "/api/v1/me/",
        {"name": "Ama Mensah", "country": "GH", "newsletter_opt_in": True},
    )
    assert response.status_code == 200, response.content
    assert response.json()["country"] == "GH"
    _assert_private(response)
    profile = MemberProfile.objects.get(user=member)
    assert (profile.name, profile.newsletter_opt_in) == ("Ama Mensah", True)


def test_patch_me_with_a_bad_country_is_a_field_problem(signed_in):
    response = signed_in.patch("/api/v1/me/", {"country": "XX"})
    assert_problem(response, 400)
    assert response.json()["errors"]["country"][0]["code"] == "invalid_country"


def test_country_codes_are_exactly_the_contracts_enum(signed_in, mtype):
    # The contract's CountryCodeEnum is capitals only; `gh` was accepted and
    # stored as GH, which schemathesis' negative-data check would flag.
    response = signed_in.patch("/api/v1/me/", {"country": "gh"})
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["errors"]["country"][0]["code"] == "invalid_country"
    response = signed_in.post(
        "/api/v1/membership/applications/",
        {"membership_type": mtype.pk, "country": "gh"},
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["country"]
    assert signed_in.patch("/api/v1/me/", {"country": ""}).status_code == 200


def test_patch_me_refuses_blanks_longer_than_the_limit(signed_in):
    # DRF would trim 300 newlines to "" and accept them (schemathesis found it).
    response = signed_in.patch("/api/v1/me/", {"name": "\n" * 300}, format="json")
    assert response.status_code == 400
    assert "name" in response.json()["errors"]


def test_join_with_unknown_type_or_country_names_the_fields(signed_in, mtype):
    response = signed_in.post(
        "/api/v1/membership/applications/", {"membership_type": 9999, "country": "X"}
    )
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"membership_type", "country"}
    response = signed_in.post(
        "/api/v1/membership/applications/",
        {"membership_type": mtype.pk, "country": "ZZ"},
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["country"]


def test_second_application_is_a_conflict(signed_in, mtype):
    body = {"membership_type": mtype.pk, "country": "US"}
    assert signed_in.post("/api/v1/membership/applications/", body).status_code == 201
    response = signed_in.post("/api/v1/membership/applications/", body)
    assert response.status_code == 409
    assert response.json()["code"] == "membership_exists"


def test_me_membership_is_404_before_joining(signed_in):
    response = signed_in.get("/api/v1/me/membership/")
    assert response.status_code == 404
    assert response.json()["code"] == "no_membership"


def test_export_is_a_json_download_of_everything_held(signed_in, member, mtype):
    signed_in.post(
        "/api/v1/membership/applications/",
        {
            "membership_type": mtype.pk,
            "country": "DE",
            "institution": "Stadtbibliothek",
        },
    )
    response = signed_in.get("/api/v1/me/export/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    data = json.loads(response.content)
    assert data["account"]["email"] == member.email
    assert data["profile"]["institution"] == "Stadtbibliothek"
    assert data["memberships"][0]["region"] == "europe"


def test_delete_me_erases_and_signs_out(signed_in, member, mtype):
    signed_in.post(
        "/api/v1/membership/applications/",
        {"membership_type": mtype.pk, "country": "GH"},
    )
    response = signed_in.delete("/api/v1/me/")
    assert response.status_code == 204
    member.refresh_from_db()
    assert not member.is_active and member.email == ""
    assert member.memberships.get().fee_minor == 7500  # the record stays, anonymised
    assert signed_in.get("/api/v1/me/").status_code == 401
    login = {"email": "member@example.org", "password": PASSWORD}
    assert signed_in.post(f"{AUTH}/login", login).status_code == 400
    assert get_user_model().objects.filter(email="member@example.org").count() == 0


@pytest.mark.django_db
def test_membership_types_list_fees_by_region_and_currency(
    mtype, django_assert_num_queries
):
    # throttle, count, types, fees, and the versions the response depends on
    with django_assert_num_queries(5):
        response = Client().get("/api/v1/membership/types/")
    assert response.status_code == 200
    with django_assert_num_queries(2):  # cached: throttle, version check
        assert Client().get("/api/v1/membership/types/").content == response.content
    result = response.json()["results"][0]
    assert result["name"] == "International membership"
    assert {"region": "europe", "currency": "EUR", "amount_minor": 8500} in result[
        "fees"
    ]
