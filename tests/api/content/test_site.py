"""navigation/, site/, sitemap/, /sitemap.xml, images/{id}/ and the block schemas.

The tests build the site they read, once for the module: menu pages, the
site settings, two representations and an image.
"""

import pytest
import yaml
from django.conf import settings
from wagtail.images.models import Image
from wagtail.models import Site

from api.content.blocks import iter_stream_blocks
from api.content.serializers import PAGE_SERIALIZERS
from content import models as m
from core.demo import demo_image, ensure_home_page
from core.models import Organisation, SiteSettings
from tests.factories import pages as build
from tests.factories.content import image_block
from tests.factories.grants import make_index, make_scheme
from tests.transactions import for_the_module


def _build() -> None:
    home = ensure_home_page(log=lambda message: None)
    hub = build.hub(home, show_in_menus=True)
    ifla = Organisation.objects.create(name="IFLA")
    build.section(
        hub,
        m.RepresentationIndexPage,
        "representation",
        "Representation",
        show_in_menus=True,
    )
    build.representation(hub, "IFLA", slug="ifla", organisation=ifla)
    contact = build.publish(
        home,
        m.StandardPage(title="Contact us", slug="contact", show_in_menus=True),
    )
    grants = make_index(home)
    grants.show_in_menus = True
    grants.save_revision().publish()
    make_scheme(home, show_in_menus=True)
    demo_image(title="A picture", colour=(30, 60, 90))
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.contact_email = "international@example.org"
    site_settings.contact_page = contact
    site_settings.social_links = [
        {
            "type": "link",
            "value": {"platform": "linkedin", "url": "https://www.linkedin.com/"},
        }
    ]
    site_settings.membership_cta_label = "Become a member"
    site_settings.save()


@pytest.fixture(scope="module")
def site_content(django_db_setup, django_db_blocker):
    with for_the_module(django_db_blocker):
        _build()
        yield


def test_navigation_is_a_tree_of_menu_pages(anon):
    items = anon.get("/api/v1/navigation/").json()["items"]
    titles = [item["title"] for item in items]
    assert titles == ["International", "Contact us", "Grants"]
    children = [child["path"] for child in items[0]["children"]]
    assert "/international/representation/" in children
    schemes = [child["type"] for child in items[2]["children"]]
    assert schemes and set(schemes) == {"grant_scheme"}
    assert items[0]["url"] == "https://front.example/international/"


def test_site_settings(anon):
    data = anon.get("/api/v1/site/").json()
    assert data["contact"]["email"] == "international@example.org"
    assert data["contact"]["page"]["path"] == "/contact/"
    assert data["social_links"][0]["platform"] == "linkedin"
    assert data["membership_call_to_action"]["label"] == "Become a member"
    assert data["home"]["type"] == "home"


def test_sitemap_json_and_xml_list_public_paths_on_the_frontend_host(anon):
    entries = anon.get("/api/v1/sitemap/", {"limit": 100}).json()["results"]
    paths = {entry["path"] for entry in entries}
    assert {"/", "/international/", "/international/representation/ifla/"} <= paths
    assert all(entry["lastmod"] for entry in entries)
    xml = anon.get("/sitemap.xml").content.decode()
    assert "<loc>https://front.example/international/representation/ifla/</loc>" in xml
    assert xml.count("<url>") == len(entries)


def test_image_endpoint_and_rendition_allow_list(anon):
    image = Image.objects.first()
    data = anon.get(
        f"/api/v1/images/{image.pk}/", {"renditions": "square,small"}
    ).json()
    assert set(data["renditions"]) == {"square", "small"}
    assert data["renditions"]["square"]["width"] == 600 or data["width"] < 600
    assert data["renditions"]["small"]["url"].startswith("https://cms.example/media/")
    response = anon.get(f"/api/v1/images/{image.pk}/", {"renditions": "fill-5000x5000"})
    assert response.status_code == 400 and "renditions" in response.json()["errors"]
    assert anon.get("/api/v1/images/999999/").status_code == 404


def test_every_block_of_every_stream_has_a_named_schema(anon):
    schema = yaml.safe_load((settings.PROJECT_DIR / "openapi.yaml").read_text())
    components = schema["components"]["schemas"]
    streams = [
        m.StandardPage._meta.get_field("body").stream_block,
        m.EventPage._meta.get_field("programme").stream_block,
    ]
    for stream in streams:
        stream_name = type(stream).__name__
        assert stream_name in components
        for name in stream.child_blocks:
            item = components[
                stream_name + "".join(part.capitalize() for part in name.split("_"))
            ]
            assert item["properties"]["type"]["enum"] == [name]
        for _, block in iter_stream_blocks(stream):
            if type(block).__module__.startswith(("core.", "content.")):
                assert type(block).__name__ in components, type(block).__name__


def test_every_page_type_is_served_and_in_the_schema():
    schema = yaml.safe_load((settings.PROJECT_DIR / "openapi.yaml").read_text())
    mapping = schema["components"]["schemas"]["Page"]["discriminator"]["mapping"]
    from wagtail.models import get_page_models

    ours = {
        model
        for model in get_page_models()
        if model._meta.app_label in ("content", "grants")
    }
    assert ours <= set(PAGE_SERIALIZERS)
    assert len(mapping) == len(PAGE_SERIALIZERS)


def test_empty_optional_query_values_count_as_absent(anon):
    # Documented as `allowEmptyValue` in openapi.yaml; a form-built URL with
    # empty filters lists like one without them.
    plain = anon.get("/api/v1/pages/").json()
    empty = anon.get("/api/v1/pages/?limit=&offset=&type=&renditions=").json()
    assert empty["count"] == plain["count"]
    assert [p["id"] for p in empty["results"]] == [p["id"] for p in plain["results"]]


def test_srcset_lists_each_width_once_for_small_images(anon):
    small = demo_image(title="Small logo", colour=(1, 2, 3), size=(300, 200))
    data = anon.get(
        f"/api/v1/images/{small.pk}/", {"renditions": "small,medium,large"}
    ).json()
    widths = [entry.rsplit(" ", 1)[1] for entry in data["srcset"].split(", ")]
    assert widths == ["300w"]


def test_an_image_whose_file_is_missing_does_not_break_the_page(anon):
    image = demo_image(title="Lost file", colour=(9, 9, 9), size=(640, 480))
    image.file.storage.delete(image.file.name)
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    page = m.StandardPage(
        title="With lost image",
        slug="with-lost-image",
        summary="x",
        body=[image_block(image)],
    )
    hub.add_child(instance=page)
    page.save_revision().publish()
    response = anon.get(f"/api/v1/pages/{page.pk}/", {"renditions": "medium"})
    assert response.status_code == 200
    value = response.json()["body"][0]["value"]
    assert value["image"]["id"] == image.pk and value["image"]["renditions"] == {}
