"""Editors can add organisations and people from inside a page's chooser."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group


@pytest.fixture
def editor_client(client, db):
    user = get_user_model().objects.create_user("ed", "ed@example.org", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("chooser", "form_field"),
    [("core/organisation", "name"), ("content/person", "name")],
)
def test_editors_see_the_create_form_in_the_snippet_chooser(
    editor_client, chooser, form_field
):
    response = editor_client.get(f"/admin/snippets/choose/{chooser}/")
    assert response.status_code == 200
    assert f'name="{form_field}"' in response.json()["html"]  # the Create tab


def test_editors_create_an_organisation_from_the_chooser(editor_client):
    from core.models import Organisation

    response = editor_client.post(
        "/admin/snippets/choose/core/organisation/create/",
        {
            "name": "Bibliothèque nationale",
            "short_name": "",
            "url": "",
            "logo": "",
            "org_identifier": "",
            "country": "FR",
            "description": "",
        },
    )
    assert response.status_code == 200
    assert response.json()["step"] == "chosen"
    assert Organisation.objects.filter(name="Bibliothèque nationale").exists()
