from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.fields import StreamField
from wagtail.models import Page

from content import models as m
from content.blocks import BodyBlock
from grants.models import GrantSchemePage


@pytest.mark.django_db
def test_demo_content_covers_every_type_from_the_domain():
    call_command("load_demo_content", stdout=StringIO())
    assert (
        m.InternationalHubPage.objects.live().filter(locale__language_code="en").count()
        == 1
    )
    assert m.StrategyUpdatePage.objects.live().count() >= 3
    assert m.RepresentationPage.objects.live().count() == 6
    assert m.SolidarityStatementPage.objects.live().count() >= 3
    award = m.AwardPage.objects.get()
    assert award.status == m.AwardStatus.SUSPENDED and award.years_run[0] == 2008
    programme = m.ProgrammePage.objects.get()
    assert programme.hashtag == "#BuildBridgesNotWalls"
    assert programme.phases.count() >= 1 and programme.partners.count() == 3
    assert {o.kind for o in programme.offers.all()} >= {
        "grants",
        "travel_bursaries",
        "online_resources",
        "conference",
    }
    assert m.EventPage.objects.live().count() == 1
    assert m.Testimonial.objects.exists()
    blue_shield = m.RepresentationPage.objects.get(slug="uk-blue-shield")
    assert (
        blue_shield.capacity == m.Capacity.REPRESENTATIVE
        and blue_shield.on_behalf_of.short_name == "IFLA"
    )

    before = {
        model: model.objects.count()
        for model in (m.Person, m.Testimonial, m.RepresentationPage, m.Representative)
    }
    call_command("load_demo_content", stdout=StringIO())
    assert {model: model.objects.count() for model in before} == before


# What the published demo shows, read back through the database and the API.


def _body_models() -> list[type]:
    """Every page type with a StreamField of body blocks."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, Page)
        and any(
            isinstance(f, StreamField) and isinstance(f.stream_block, BodyBlock)
            for f in model._meta.get_fields()
        )
    ]


def _published_blocks(anon) -> dict[str, list]:
    """Block type -> the blocks' values, from every live page's API body."""
    found: dict[str, list] = {}
    for model in _body_models():
        for pk in model.objects.live().public().values_list("pk", flat=True):
            for block in anon.get(f"/api/v1/pages/{pk}/").json().get("body", []):
                found.setdefault(block["type"], []).append(block["value"])
    return found


def test_demo_content_uses_every_body_block_type(anon):
    found = _published_blocks(anon)
    assert set(found) == set(BodyBlock().child_blocks)
    # Each one resolves: none is a dangling reference the API shows as null.
    assert all(value is not None for values in found.values() for value in values)


def test_programme_offers_link_to_the_grant_schemes_and_are_saved(anon):
    programme = m.ProgrammePage.objects.get()
    offers = {
        offer.kind: offer
        for offer in m.ProgrammeOffer.objects.filter(page_id=programme.pk)
    }
    for kind, scheme_kind in (
        (m.OfferKind.GRANTS, "project_grant"),
        (m.OfferKind.TRAVEL_BURSARIES, "travel_bursary"),
    ):
        scheme = GrantSchemePage.objects.live().get(pk=offers[kind].link_page_id)
        assert scheme.kind == scheme_kind
    # The published revision says the same, so an editor's next edit keeps it.
    revision = programme.live_revision.as_object()
    assert {o.kind: o.link_page_id for o in revision.offers.all()} == {
        kind: offer.link_page_id for kind, offer in offers.items()
    }
    data = anon.get(f"/api/v1/pages/{programme.pk}/").json()
    linked = {o["kind"]: o["page"]["type"] for o in data["offers"] if o["page"]}
    assert linked["grants"] == linked["travel_bursaries"] == "grant_scheme"


def test_footer_call_to_action_goes_to_a_live_page(anon):
    cta = anon.get("/api/v1/site/").json()["membership_call_to_action"]
    assert cta["heading"] and cta["text"] and cta["label"]
    assert cta["page"] is not None
    page = Page.objects.get(pk=cta["page"]["id"])
    assert page.live and page.url_path.endswith(cta["page"]["path"])


def test_navigation_lists_the_grants_index_and_its_schemes(anon):
    items = anon.get("/api/v1/navigation/").json()["items"]
    grants = [item for item in items if item["type"] == "grants_index"]
    assert len(grants) == 1
    assert {child["id"] for child in grants[0]["children"]} == set(
        GrantSchemePage.objects.live().values_list("pk", flat=True)
    )


def test_home_page_has_a_body(anon):
    home = m.HomePage.objects.get(locale__language_code="en")
    assert len(home.body) > 0
    body = anon.get(f"/api/v1/pages/{home.pk}/").json()["body"]
    assert [block["type"] for block in body] == [b.block_type for b in home.body]


def test_demo_document_is_linked_and_served(anon, settings):
    documents = [
        value["document"]
        for value in _published_blocks(anon)["document"]
        if value["document"] is not None
    ]
    assert documents
    url = documents[0]["url"]
    assert url.startswith(settings.BACKEND_BASE_URL + "/documents/")
    response = anon.get(url.removeprefix(settings.BACKEND_BASE_URL))
    assert response.status_code == 200
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF") and len(content) == documents[0]["file_size"]
