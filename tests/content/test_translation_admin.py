"""Editors translate in the admin with wagtail-localize; the API serves the result."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation

from content import models as m


@pytest.fixture
def editor(anon):
    user = get_user_model().objects.create_superuser("tr", "tr@example.org", "pw")
    anon.force_login(user)
    return anon


def test_an_editor_translates_a_page_in_the_admin_and_the_api_serves_it(
    editor, django_capture_on_commit_callbacks
):
    award = m.AwardPage.objects.get()
    path = "/fr/international/travelling-librarian-award/"
    french = Locale.objects.get(language_code="fr")
    before = editor.get("/api/v1/pages/resolve/", {"path": path}).json()
    assert before["meta"]["fallback"] is True and before["id"] == award.pk

    # "Translate" on the page: wagtail-localize makes the French draft.
    response = editor.post(
        f"/admin/localize/submit/page/{award.pk}/", {"locales": [french.pk]}
    )
    assert response.status_code == 302
    draft = award.get_translation(french)
    assert not draft.live
    translation = Translation.objects.get(
        source__object_id=award.translation_key, target_locale=french
    )

    # Translate the title string, then publish from the translation editor.
    segment = StringSegment.objects.get(
        source=translation.source, context__path="title"
    )
    # The editor's string field saves with a PUT, as its React form does.
    response = editor.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        encode_multipart(BOUNDARY, {"value": "Prix du bibliothécaire voyageur"}),
        content_type=MULTIPART_CONTENT,
    )
    assert response.status_code == 201, response.content
    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(f"/admin/pages/{draft.pk}/edit/", {"action": "publish"})
    assert response.status_code in (200, 302)
    assert Page.objects.get(pk=draft.pk).live

    editor.logout()
    body = editor.get("/api/v1/pages/resolve/", {"path": path}).json()
    assert body["id"] == draft.pk
    assert body["title"] == "Prix du bibliothécaire voyageur"
    assert body["meta"]["locale"] == "fr" and body["meta"]["fallback"] is False
    english = editor.get(f"/api/v1/pages/{award.pk}/").json()
    assert [t["locale"] for t in english["meta"]["translations"]] == ["en", "fr"]


def test_existing_en_gb_content_becomes_english(db):
    # Before this release every page was `en-gb`; the migration renames the
    # locale in place, so pages keep their locale id.
    migration = __import__(
        "core.migrations.0006_locale_en_gb_to_en", fromlist=["en_gb_to_en"]
    )
    locale = Locale.objects.get(language_code="en")
    Locale.objects.filter(pk=locale.pk).update(language_code="en-gb")
    pages = set(Page.objects.filter(locale=locale).values_list("pk", flat=True))
    migration.en_gb_to_en(apps, None)
    assert Locale.objects.get(pk=locale.pk).language_code == "en"
    assert set(Page.objects.filter(locale=locale).values_list("pk", flat=True)) == pages
    migration.en_to_en_gb(apps, None)
    assert Locale.objects.get(pk=locale.pk).language_code == "en-gb"
