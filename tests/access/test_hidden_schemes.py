"""A draft cannot name a round of an unpublished or restricted scheme."""

import pytest
from wagtail.models import PageViewRestriction

from grants.models import Application
from tests.api.grants.test_applications import URL, draft_body
from tests.factories.grants import make_round, make_scheme
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def applicant(api_client):
    api_client.force_authenticate(UserFactory(username="ama"))
    return api_client


def _refused_like_a_missing_id(client, round_, scheme_title):
    response = client.post(URL, draft_body(round_), format="json")
    missing = client.post(
        URL, draft_body(round_, round=round_.pk + 1000), format="json"
    )
    assert response.status_code == missing.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert scheme_title not in response.content.decode()
    # Same answer as an id that does not exist, but for the id itself.
    assert response.json()["errors"].keys() == missing.json()["errors"].keys()
    hidden, absent = (r.json()["errors"]["round"][0] for r in (response, missing))
    assert hidden["code"] == absent["code"]
    assert hidden["message"].replace(str(round_.pk), "N") == absent["message"].replace(
        str(round_.pk + 1000), "N"
    )
    assert not Application.objects.exists()


def test_round_of_an_unpublished_scheme_is_refused(applicant, home):
    scheme = make_scheme(home)
    round_ = make_round(scheme, status="open")
    scheme.unpublish()
    _refused_like_a_missing_id(applicant, round_, scheme.title)


def test_round_of_a_password_protected_scheme_is_refused(applicant, home):
    scheme = make_scheme(home)
    round_ = make_round(scheme, status="open")
    PageViewRestriction.objects.create(
        page=scheme, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )
    _refused_like_a_missing_id(applicant, round_, scheme.title)


def test_round_of_a_public_scheme_is_accepted(applicant, home):
    round_ = make_round(make_scheme(home), status="open")
    response = applicant.post(URL, draft_body(round_), format="json")
    assert response.status_code == 201, response.content
