"""Unknown URLs under /api/ are 404 problems, whatever the method or session."""

import pytest
from django.test import Client

from tests.factories.users import UserFactory
from tests.problems import assert_problem


def signed_in(**client_options) -> Client:
    """A client with a person's session (what schemathesis's cookie runs carry)."""
    client = Client(**client_options)
    client.force_login(UserFactory())
    return client


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/grants/applications/AAA/submit/"),
        ("patch", "/api/v1/grants/applications/AAA/"),
        ("delete", "/api/v1/grants/applications/AAA/attachments/0/"),
        ("get", "/api/v1/no-such-endpoint/"),
    ],
)
def test_unknown_api_url_is_a_404_problem_even_with_a_session_and_no_csrf(
    home, method, url
):
    # Found by schemathesis: a non-integer id fell through to Wagtail, and a
    # cookie-carrying POST got Django's HTML CSRF page (403).
    response = getattr(signed_in(enforce_csrf_checks=True), method)(url)
    assert_problem(response, 404)
    assert response.json()["status"] == 404


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/pages/21976283463862656973144064/",
        "/api/v1/images/9223372036854775808/",
        "/api/v1/grants/applications/21976283463862656973144064/attachments/162/",
    ],
)
def test_an_id_past_bigint_is_a_404_problem_not_a_database_error(home, url):
    # Found by schemathesis: the id reached the database and overflowed (500).
    client = signed_in()
    response = client.get(url)
    assert_problem(response, 404)


@pytest.mark.django_db
def test_json_endpoints_refuse_form_bodies_with_a_415_problem(home):
    # Found by schemathesis: a form-encoded PATCH /me/ coerced "0" and ""
    # into booleans and blanks; the contract is JSON.
    client = signed_in()
    response = client.patch(
        "/api/v1/me/",
        "name=&events_opt_in=0",
        content_type="application/x-www-form-urlencoded",
    )
    assert_problem(response, 415)


@pytest.mark.django_db
def test_me_opt_ins_take_json_booleans_only(home):
    # Found by schemathesis: `"events_opt_in": 0` was accepted as false.
    client = signed_in()
    response = client.patch(
        "/api/v1/me/", {"events_opt_in": 0}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "events_opt_in" in response.json()["errors"]
    response = client.patch(
        "/api/v1/me/", {"events_opt_in": True}, content_type="application/json"
    )
    assert response.status_code == 200


@pytest.mark.django_db
def test_me_text_fields_take_json_strings_only(home):
    # Found by schemathesis: `"job_title": 0` was stored as "0".
    client = signed_in()
    response = client.patch(
        "/api/v1/me/", {"job_title": 0}, content_type="application/json"
    )
    assert response.status_code == 400
    assert "job_title" in response.json()["errors"]
