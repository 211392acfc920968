"""Snippets and site text in several languages: shown in the page's language,
along its fallback chain, and refreshed when a translation changes.

The tests read a site they build, once for the module (`multilingual`).
"""

import pytest
from django.contrib.auth import get_user_model
from wagtail.models import Locale, Page

from content import models as m
from core.models import Organisation, SiteText
from tests.transactions import for_the_module

from .multilingual import FRENCH_NAME, build_site

RESOLVE = "/api/v1/pages/resolve/"


def resolve(client, path, **params):
    response = client.get(RESOLVE, {"path": path, **params})
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture(scope="module")
def site_content(django_db_setup, django_db_blocker):
    with for_the_module(django_db_blocker):
        yield build_site()


def quote_block(body):
    (block,) = [b for b in body["body"] if b["type"] == "testimonial"]
    return block["value"]


def partners_of(body):
    return {org["short_name"]: org for org in body["partner_organisations"]}


def test_a_page_shows_snippets_in_its_own_language(anon):
    english = quote_block(resolve(anon, "/international/"))
    french = quote_block(resolve(anon, "/fr/international/"))
    assert english["locale"] == "en" and english["quote"].startswith("Working with")
    assert french["locale"] == "fr" and french["quote"].startswith("Travailler avec")
    # The French page references the English testimonial (copied for
    # translation): the French version is found by its translation key.
    assert french["id"] != english["id"]
    statement = "/fr/international/recovery-and-relief/ukraine/"
    partners = partners_of(resolve(anon, statement))
    assert partners["CICR"]["name"] == "Comité international de la Croix-Rouge"
    assert partners["CICR"]["locale"] == "fr"


def test_a_snippet_without_the_language_follows_the_chain(anon):
    # Arabic falls back to French, then English: the testimonial has French.
    arabic = quote_block(resolve(anon, "/ar/international/"))
    assert arabic["locale"] == "fr"


def test_translating_a_snippet_refreshes_the_pages_that_show_it(
    anon, site_content, django_capture_on_commit_callbacks
):
    before = quote_block(resolve(anon, "/ar/international/"))
    assert before["locale"] == "fr"
    source = site_content.testimonial
    with django_capture_on_commit_callbacks(execute=True):
        copy = source.copy_for_translation(Locale.objects.get(language_code="ar"))
        copy.quote = "العمل مع زملاء من بلدان أخرى يرينا طرقا جديدة."
        copy.save()
    after = quote_block(resolve(anon, "/ar/international/"))
    assert (after["locale"], after["id"]) == ("ar", copy.pk)
    # And an edit of the translation alone reaches the page too.
    with django_capture_on_commit_callbacks(execute=True):
        copy.quote = "نص جديد"
        copy.save()
    assert quote_block(resolve(anon, "/ar/international/"))["quote"] == "نص جديد"


def test_an_organisation_name_is_unique_per_language_only(anon):
    ifla = Organisation.objects.get(short_name="IFLA", locale__language_code="en")
    copy = ifla.copy_for_translation(Locale.objects.get(language_code="ar"))
    copy.save()  # the same name as its source, in another language
    assert Organisation.objects.filter(name=ifla.name).count() == 2


@pytest.fixture
def editor(anon):
    user = get_user_model().objects.create_superuser("sn", "sn@example.org", "pw")
    anon.force_login(user)
    return anon


@pytest.mark.parametrize(
    ("label", "model"),
    [
        ("core/organisation", Organisation),
        ("content/person", m.Person),
        ("content/testimonial", m.Testimonial),
    ],
)
def test_editors_translate_snippets_with_wagtail_localize(editor, label, model):
    source = model.objects.filter(locale__language_code="en").first()
    arabic = Locale.objects.get(language_code="ar")
    url = f"/admin/localize/submit/snippet/{label}/{source.pk}/"
    assert editor.get(url).status_code == 200
    response = editor.post(url, {"locales": [arabic.pk]})
    assert response.status_code == 302, response.content
    assert source.get_translation_or_none(arabic) is not None


# --- site text -------------------------------------------------------------------


def test_site_text_per_language_says_what_was_served(anon):
    french = anon.get("/api/v1/site/", {"locale": "fr"})
    body = french.json()
    assert body["name"] == FRENCH_NAME
    assert body["membership_call_to_action"]["label"] == "Devenir membre"
    assert (body["locale"], body["text_locale"]) == ("fr", "fr")
    assert body["requested_locale"] == "fr" and body["fallback"] is False
    assert french["Content-Language"] == "fr"
    assert "Accept-Language" in french["Vary"]
    # A field left blank in Spanish comes from English, field by field.
    spanish = anon.get("/api/v1/site/", HTTP_ACCEPT_LANGUAGE="es-ES,es;q=0.9").json()
    assert spanish["text_locale"] == "es" and spanish["tagline"].startswith("Una")
    assert spanish["footer_text"] == anon.get("/api/v1/site/").json()["footer_text"]
    english = anon.get("/api/v1/site/").json()
    assert english["requested_locale"] is None and english["fallback"] is False
    assert english["text_locale"] == "en"


def test_site_text_falls_back_along_the_chain(anon):
    SiteText.objects.filter(locale__language_code="ar").delete()
    body = anon.get("/api/v1/site/", {"locale": "ar"}).json()
    # Arabic -> French -> English; the direction is still the language's.
    assert (body["locale"], body["direction"]) == ("ar", "rtl")
    assert body["text_locale"] == "fr" and body["fallback"] is True
    assert body["name"] == FRENCH_NAME


# --- singletons and navigation per language ----------------------------------------


def test_a_singleton_page_type_counts_per_language(anon):
    english_home = Page.objects.get(depth=2, locale__language_code="en")
    spanish_home = Page.objects.get(depth=2, locale__language_code="es")
    assert not m.InternationalHubPage.can_create_at(english_home)
    assert not m.InternationalHubPage.can_create_at(spanish_home)
    m.InternationalHubPage.objects.get(locale__language_code="es").delete()
    assert m.InternationalHubPage.can_create_at(spanish_home.specific)
    assert not m.InternationalHubPage.can_create_at(english_home)


def test_a_second_singleton_in_one_language_is_refused(anon):
    from django.core.exceptions import ValidationError

    french_home = Page.objects.get(depth=2, locale__language_code="fr")
    extra = m.InternationalHubPage(title="Encore", slug="encore")
    with pytest.raises(ValidationError, match="per language"):
        french_home.add_child(instance=extra)


def test_navigation_lists_pages_that_exist_only_in_the_language(anon):
    french_hub = m.InternationalHubPage.objects.get(locale__language_code="fr")
    only_french = m.StandardPage(
        title="Francophonie", slug="francophonie", show_in_menus=True
    )
    french_hub.add_child(instance=only_french)
    only_french.save_revision().publish()
    french = anon.get("/api/v1/navigation/", {"locale": "fr"}).json()
    (hub_item,) = [i for i in french["items"] if i["type"] == "international_hub"]
    children = {child["path"]: child for child in hub_item["children"]}
    item = children["/fr/international/francophonie/"]
    assert (item["id"], item["locale"]) == (only_french.pk, "fr")
    english = anon.get("/api/v1/navigation/").json()
    (hub_en,) = [i for i in english["items"] if i["type"] == "international_hub"]
    assert all("francophonie" not in c["path"] for c in hub_en["children"])
