"""The admin's page search finds words in a page's body, not only its title."""

import pytest
from django.contrib.auth import get_user_model

from content.models import StandardPage


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser("ed", "ed@example.org", "pw")
    client.force_login(user)
    return client


def test_admin_page_search_finds_body_text(admin_client, home):
    page = home.add_child(
        instance=StandardPage(
            title="Partnerships",
            slug="partnerships",
            body=[
                {
                    "type": "paragraph",
                    "value": "<p>Twinning with the Zanzibar National Archives.</p>",
                }
            ],
        )
    )
    page.save_revision().publish()

    response = admin_client.get("/admin/pages/search/", {"q": "Zanzibar"})

    assert response.status_code == 200
    assert page in list(response.context["pages"])
