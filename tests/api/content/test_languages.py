"""Pages in several languages: prefixes, the fallback chain, and saying what was served.

The tests read a site they build, once for the module (`multilingual`).
"""

import pytest
from django.test import override_settings
from wagtail.models import Locale, Page

from content import models as m
from tests.transactions import for_the_module

from .multilingual import build_site

RESOLVE = "/api/v1/pages/resolve/"


def resolve(client, path, **extra):
    params = {"path": path}
    if "locale" in extra:
        params["locale"] = extra.pop("locale")
    response = client.get(RESOLVE, params, **extra)
    assert response.status_code == 200, response.content
    return response


def hub(code="en"):
    return m.InternationalHubPage.objects.get(locale__language_code=code)


@pytest.fixture(scope="module")
def site_content(django_db_setup, django_db_blocker):
    with for_the_module(django_db_blocker):
        yield build_site()


def test_prefixed_and_unprefixed_paths_resolve_in_their_language(anon):
    english = resolve(anon, "/international/").json()
    french = resolve(anon, "/fr/international/").json()
    assert english["id"] == hub("en").pk and english["meta"]["locale"] == "en"
    assert french["id"] == hub("fr").pk and french["title"] == "International"
    assert french["meta"]["path"] == "/fr/international/"
    assert french["meta"]["url"].endswith("/fr/international/")
    assert french["meta"]["requested_locale"] == "fr"
    assert french["meta"]["fallback"] is False
    # The default language is unprefixed, and `/en/` is accepted for it.
    assert resolve(anon, "/en/international/").json()["id"] == hub("en").pk
    # Language roots themselves.
    assert resolve(anon, "/fr/").json()["title"] == "Accueil"
    assert resolve(anon, "/").json()["meta"]["locale"] == "en"
    # Breadcrumbs and children stay in the language's tree.
    crumbs = french["meta"]["breadcrumbs"]
    assert [c["path"] for c in crumbs] == ["/fr/"]


def test_every_page_lists_its_published_translations(anon):
    translations = resolve(anon, "/international/").json()["meta"]["translations"]
    assert [(t["locale"], t["path"]) for t in translations] == [
        ("en", "/international/"),
        ("fr", "/fr/international/"),
        ("es", "/es/international/"),
        ("ar", "/ar/international/"),
    ]
    assert {t["id"] for t in translations} == {
        hub(code).pk for code in ("en", "fr", "es", "ar")
    }
    # Listings carry them too, from the stored representations.
    listed = anon.get("/api/v1/pages/", {"type": "international_hub", "fields": "*"})
    by_locale = {page["meta"]["locale"]: page for page in listed.json()["results"]}
    assert set(by_locale) == {"en", "fr", "es", "ar"}
    assert by_locale["es"]["meta"]["translations"] == translations


def test_listing_filters_by_locale(anon):
    body = anon.get("/api/v1/pages/", {"locale": "fr", "fields": "title"}).json()
    assert (
        body["count"] == Page.objects.live().filter(locale__language_code="fr").count()
    )
    assert "Accueil" in {page["title"] for page in body["results"]}


def test_untranslated_page_falls_back_visibly_not_silently(anon):
    strategy = m.StrategyIndexPage.objects.get()
    response = resolve(anon, "/fr/international/strategy/")
    body = response.json()
    assert body["id"] == strategy.pk
    assert body["meta"]["locale"] == "en"
    assert body["meta"]["requested_locale"] == "fr"
    assert body["meta"]["fallback"] is True
    assert response["Content-Language"] == "en"
    assert "Accept-Language" in response["Vary"]


def test_fallback_follows_the_chain_from_settings(anon):
    # Arabic falls back to French (settings), then English.
    ukraine = "/international/recovery-and-relief/ukraine/"
    via_french = resolve(anon, "/ar" + ukraine).json()
    assert via_french["meta"]["locale"] == "fr"
    assert via_french["meta"]["path"] == "/fr" + ukraine
    assert via_french["meta"]["fallback"] is True
    # The Turkey statement has no French either: English, the end of every chain.
    turkey = "/ar/international/recovery-and-relief/turkiye-syria-earthquakes/"
    assert resolve(anon, turkey).json()["meta"]["locale"] == "en"
    # Spanish has no configured fallbacks: straight to English.
    beirut = "/es/international/recovery-and-relief/beirut-explosion/"
    assert resolve(anon, beirut).json()["meta"]["locale"] == "en"
    with override_settings(LOCALE_FALLBACKS={"es": ["fr"]}):
        body = resolve(anon, beirut).json()
    assert body["meta"]["locale"] == "fr" and body["meta"]["fallback"] is True
    # The Arabic hub exists: no fallback, right-to-left is the site's to say.
    arabic = resolve(anon, "/ar/international/").json()
    assert arabic["meta"]["locale"] == "ar" and arabic["meta"]["fallback"] is False


def test_locale_parameter_and_accept_language_choose_the_translation(anon):
    english = hub("en")
    detail = f"/api/v1/pages/{english.pk}/"
    plain = anon.get(detail)
    assert plain.json()["meta"]["requested_locale"] is None
    assert plain.json()["meta"]["fallback"] is False
    spanish = anon.get(detail, HTTP_ACCEPT_LANGUAGE="es-MX,es;q=0.9,en;q=0.5")
    assert spanish.json()["id"] == hub("es").pk
    assert spanish["Content-Language"] == "es"
    # `?locale=` wins over the header.
    french = anon.get(detail, {"locale": "fr"}, HTTP_ACCEPT_LANGUAGE="es")
    assert french.json()["id"] == hub("fr").pk
    # Resolve an unprefixed path in the language asked for.
    assert resolve(anon, "/international/", locale="ar").json()["id"] == hub("ar").pk
    # Languages the site does not have are ignored in the header...
    german = anon.get(detail, HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9")
    assert german.json()["id"] == english.pk
    assert german.json()["meta"]["requested_locale"] is None


@pytest.mark.parametrize("endpoint", ["detail", "resolve"])
def test_an_unknown_locale_parameter_is_a_problem_naming_the_field(anon, endpoint):
    url = (
        f"/api/v1/pages/{hub().pk}/"
        if endpoint == "detail"
        else f"{RESOLVE}?path=/international/"
    )
    response = anon.get(url, {"locale": "de"})
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/problem+json")
    assert "locale" in response.json()["errors"]


def test_the_response_cache_keeps_languages_apart(anon, django_assert_max_num_queries):
    detail = f"/api/v1/pages/{hub().pk}/"
    french = anon.get(detail, HTTP_ACCEPT_LANGUAGE="fr").json()
    english = anon.get(detail, HTTP_ACCEPT_LANGUAGE="en").json()
    assert (french["meta"]["locale"], english["meta"]["locale"]) == ("fr", "en")
    # Both are now cached: each served from its own entry (per request: the
    # throttle's counter and one version check).
    with django_assert_max_num_queries(4):
        again_fr = anon.get(detail, HTTP_ACCEPT_LANGUAGE="fr-FR,fr;q=0.8")
        again_en = anon.get(detail, HTTP_ACCEPT_LANGUAGE="en")
    assert again_fr.json() == french and again_fr["Content-Language"] == "fr"
    assert again_en.json() == english and again_en["Content-Language"] == "en"
    assert french["id"] != english["id"]


def test_publishing_a_translation_updates_every_version_s_translations(
    anon, django_capture_on_commit_callbacks
):
    statement = m.SolidarityStatementPage.objects.get(
        slug="turkiye-syria-earthquakes", locale__language_code="en"
    )
    path = "/international/recovery-and-relief/turkiye-syria-earthquakes/"
    before = resolve(anon, path).json()["meta"]["translations"]
    assert [t["locale"] for t in before] == ["en"]
    # Cached and stored now; a French translation must still show at once.
    with django_capture_on_commit_callbacks(execute=True):
        french = statement.copy_for_translation(Locale.objects.get(language_code="fr"))
        french.title = "Soutien après les séismes en Turquie et en Syrie"
        french.save_revision().publish()
    after = resolve(anon, path).json()["meta"]["translations"]
    assert [t["locale"] for t in after] == ["en", "fr"]
    assert resolve(anon, "/fr" + path).json()["meta"]["fallback"] is False
    with django_capture_on_commit_callbacks(execute=True):
        Page.objects.get(pk=french.pk).unpublish()
    assert [
        t["locale"] for t in resolve(anon, path).json()["meta"]["translations"]
    ] == ["en"]
    assert resolve(anon, "/fr" + path).json()["meta"]["fallback"] is True


def test_rich_text_links_to_a_translation_use_its_prefix(anon, site):
    from api.content.pages import render_rich_text

    french = hub("fr")
    html = f'<p><a linktype="page" id="{french.pk}">Le hub</a></p>'
    assert 'href="/fr/international/"' in render_rich_text(html)


def test_site_gives_each_language_its_direction_and_home(anon):
    arabic = anon.get("/api/v1/site/", {"locale": "ar"})
    body = arabic.json()
    assert body["locale"] == "ar" and body["direction"] == "rtl"
    assert arabic["Content-Language"] == "ar"
    assert body["home"]["path"] == "/ar/"
    directions = {lang["code"]: lang["direction"] for lang in body["languages"]}
    assert directions == {"en": "ltr", "fr": "ltr", "es": "ltr", "ar": "rtl"}
    assert [lang["prefix"] for lang in body["languages"]] == ["", "/fr", "/es", "/ar"]
    assert all(feed["rss"].endswith("?locale=ar") for feed in body["feeds"])
    english = anon.get("/api/v1/site/").json()
    assert english["direction"] == "ltr" and english["home"]["path"] == "/"
    assert anon.get("/api/v1/site/", {"locale": "xx"}).status_code == 400


def test_navigation_per_locale_marks_untranslated_items(anon):
    french = anon.get("/api/v1/navigation/", {"locale": "fr"}).json()
    assert french["locale"] == "fr"
    (hub_item,) = [i for i in french["items"] if i["type"] == "international_hub"]
    assert (hub_item["path"], hub_item["locale"]) == ("/fr/international/", "fr")
    children = {child["path"]: child["locale"] for child in hub_item["children"]}
    assert children["/fr/international/recovery-and-relief/"] == "fr"
    assert children["/international/strategy/"] == "en"  # not translated
    english = anon.get("/api/v1/navigation/").json()
    assert english["locale"] == "en"
    assert {i["locale"] for i in english["items"]} == {"en"}


def test_sitemaps_list_hreflang_alternates(anon):
    entries = anon.get("/api/v1/sitemap/", {"limit": 100}).json()["results"]
    by_path = {entry["path"]: entry for entry in entries}
    french_hub = by_path["/fr/international/"]
    assert french_hub["locale"] == "fr"
    assert [a["locale"] for a in french_hub["alternates"]] == ["en", "fr", "es", "ar"]
    assert [a["locale"] for a in by_path["/international/strategy/"]["alternates"]] == [
        "en"
    ]
    xml = anon.get("/sitemap.xml").content.decode()
    assert 'xmlns:xhtml="http://www.w3.org/1999/xhtml"' in xml
    hub_entry = next(
        line
        for line in xml.splitlines()
        if "<loc>https://" in line
        and line.split("<loc>")[1].startswith(french_hub["url"])
    )
    for alternate in french_hub["alternates"]:
        assert (
            f'<xhtml:link rel="alternate" hreflang="{alternate["locale"]}" '
            f'href="{alternate["url"]}"/>'
        ) in hub_entry
    assert (
        'hreflang="x-default" href="' + by_path["/international/"]["url"] in hub_entry
    )
    # A page in one language only has no alternates to announce.
    strategy = next(
        line for line in xml.splitlines() if "/international/strategy/<" in line
    )
    assert "hreflang" not in strategy


def test_feeds_and_the_changes_feed_per_locale(anon):
    french = anon.get("/feeds/solidarity-statements/feed.json", {"locale": "fr"}).json()
    assert french["language"] == "fr"
    assert {item["url"].split("/")[3] for item in french["items"]} == {"fr"}
    english = anon.get("/feeds/solidarity-statements/feed.json").json()
    assert english["language"] == "en" and len(english["items"]) >= 3
    assert not any("/fr/" in item["url"] for item in english["items"])
    bad = anon.get("/feeds/all/rss.xml", {"locale": "xx"})
    assert bad.status_code == 400 and "locale" in bad.json()["errors"]
    changes = anon.get("/api/v1/changes/", {"locale": "es", "limit": 500}).json()
    paths = [item["path"] for item in changes["results"]]
    assert paths and all(path.startswith("/es/") for path in paths)
    assert "/es/international/" in paths
