"""Unknown URLs under /api/ are 404 problems, whatever the method or session."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client


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
    client = Client(enforce_csrf_checks=True)
    user = get_user_model().objects.create_user(username="u", email="u@example.org")
    client.force_login(user)
    response = getattr(client, method)(url)
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
