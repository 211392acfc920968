"""Tree rules, admin creation and editor help for every content type."""

import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models
from wagtail.models import Orderable, Page
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from content import models as m
from core.models import Organisation

PAGE_TYPES = [
    m.HomePage,
    m.InternationalHubPage,
    m.StandardPage,
    m.StrategyIndexPage,
    m.StrategyUpdatePage,
    m.RepresentationIndexPage,
    m.RepresentationPage,
    m.SolidarityIndexPage,
    m.SolidarityStatementPage,
    m.ProgrammePage,
    m.AwardPage,
    m.EventPage,
]


def _names(models_: list[type[models.Model]]) -> set[str]:
    return {model.__name__ for model in models_}


def test_hub_is_a_singleton_under_home():
    assert _names(m.InternationalHubPage.allowed_parent_page_models()) == {"HomePage"}
    assert m.InternationalHubPage.max_count == 1
    assert m.HomePage.max_count == 1


def test_sections_live_under_the_hub_and_hold_only_their_items():
    for index, item in [
        (m.StrategyIndexPage, m.StrategyUpdatePage),
        (m.RepresentationIndexPage, m.RepresentationPage),
        (m.SolidarityIndexPage, m.SolidarityStatementPage),
    ]:
        assert _names(index.allowed_parent_page_models()) == {"InternationalHubPage"}
        assert index.max_count == 1
        assert _names(index.allowed_subpage_models()) == {item.__name__}
        assert _names(item.allowed_parent_page_models()) == {index.__name__}
        assert item.allowed_subpage_models() == []


def test_leaf_pages_have_no_children_and_known_parents():
    assert _names(m.AwardPage.allowed_parent_page_models()) == {"InternationalHubPage"}
    assert _names(m.EventPage.allowed_parent_page_models()) == {
        "InternationalHubPage",
        "ProgrammePage",
    }
    for leaf in (m.AwardPage, m.EventPage, m.StrategyUpdatePage):
        assert leaf.allowed_subpage_models() == []


def test_every_page_type_declares_its_tree_rules():
    for page_type in PAGE_TYPES:
        assert "parent_page_types" in page_type.__dict__, page_type
        assert "subpage_types" in page_type.__dict__, page_type


def _own_fields(model: type[models.Model]) -> list[models.Field]:
    skip = {f.name for f in Page._meta.get_fields()} | {
        "id",
        "page",
        "sort_order",
        "page_ptr",
        "latest_revision",
    }
    return [
        f
        for f in model._meta.get_fields()
        if f.concrete
        and not f.auto_created
        and f.name not in skip
        and f.model is not Orderable
    ]


@pytest.mark.parametrize(
    "model",
    [
        *PAGE_TYPES,
        m.Person,
        m.Testimonial,
        Organisation,
        m.Representative,
        m.RepresentationInterest,
        m.Signatory,
        m.ProgrammePhase,
        m.ProgrammeOffer,
    ],
)
def test_every_structured_field_explains_itself_to_editors(model):
    missing = [
        f.name
        for f in _own_fields(model)
        if not f.help_text and f.name not in {"name", "title", "page", "kind"}
    ]
    assert missing == [], f"{model.__name__} fields without help text: {missing}"


# --- Created and published through the admin -----------------------------------------


@pytest.fixture
def admin_client(client, db):
    user = get_user_model().objects.create_superuser(
        "editor", "editor@example.org", "pw"
    )
    client.force_login(user)
    return client


@pytest.fixture
def ifla(db):
    return Organisation.objects.create(name="IFLA")


def _base(title: str, **extra):
    return {
        "title": title,
        "slug": title.lower().replace(" ", "-"),
        "summary": "A summary.",
        "tags": "",
        "comments": inline_formset([]),
        "action-publish": "publish",
        **extra,
    }


def _publish_via_admin(admin_client, model, parent, data) -> Page:
    url = f"/admin/pages/add/{model._meta.app_label}/{model._meta.model_name}/{parent.pk}/"
    response = admin_client.post(url, nested_form_data(data))
    assert response.status_code == 302, _form_errors(response)
    page = model.objects.get(slug=data["slug"])
    assert page.live and not page.has_unpublished_changes
    return page


def _form_errors(response) -> str:
    context = response.context or {}
    form = context.get("form")
    return str(form.errors.as_data() if form is not None else response.content[:2000])


def test_each_type_is_created_and_published_through_the_admin(admin_client, home, ifla):
    body = {"body": streamfield([("paragraph", rich_text("<p>Hello</p>"))])}
    hub = _publish_via_admin(
        admin_client, m.InternationalHubPage, home, _base("International", **body)
    )
    strategy = _publish_via_admin(
        admin_client, m.StrategyIndexPage, hub, _base("Strategy", intro=rich_text(""))
    )
    _publish_via_admin(
        admin_client,
        m.StrategyUpdatePage,
        strategy,
        _base(
            "Commission",
            date="2018-05-10",
            milestone="announced",
            commission_name="Commission",
            **body,
        ),
    )
    representation = _publish_via_admin(
        admin_client,
        m.RepresentationIndexPage,
        hub,
        _base("Bodies", intro=rich_text("")),
    )
    person = m.Person.objects.create(name="A Delegate")
    _publish_via_admin(
        admin_client,
        m.RepresentationPage,
        representation,
        _base(
            "Governing Board",
            organisation=ifla.pk,
            body_name="Governing Board",
            capacity="member",
            representatives=inline_formset(
                [
                    {
                        "person": person.pk,
                        "role": "Member",
                        "term_start": "2023-01-01",
                        "term_end": "",
                    }
                ]
            ),
            interests=inline_formset([{"name": "Governance"}]),
            **body,
        ),
    )
    solidarity = _publish_via_admin(
        admin_client, m.SolidarityIndexPage, hub, _base("Relief", intro=rich_text(""))
    )
    _publish_via_admin(
        admin_client,
        m.SolidarityStatementPage,
        solidarity,
        _base(
            "Ukraine",
            date="2022-03-01",
            countries=["UA"],
            event_kind="armed_conflict",
            partner_organisations=[ifla.pk],
            signatories=inline_formset([{"organisation": ifla.pk, "person": ""}]),
            offer=rich_text("<p>Help</p>"),
            **body,
        ),
    )
    programme = _publish_via_admin(
        admin_client,
        m.ProgrammePage,
        hub,
        _base(
            "Working Internationally",
            funder=ifla.pk,
            partners=[ifla.pk],
            hashtag="#BuildBridgesNotWalls",
            phases=inline_formset(
                [
                    {
                        "name": "Phase one",
                        "start_date": "2019-04-01",
                        "end_date": "",
                        "focus": "Public libraries",
                    }
                ]
            ),
            offers=inline_formset(
                [
                    {
                        "kind": "grants",
                        "title": "Grants",
                        "description": "",
                        "link_page": "",
                        "link_url": "",
                    }
                ]
            ),
            **body,
        ),
    )
    _publish_via_admin(
        admin_client,
        m.AwardPage,
        hub,
        _base(
            "Travelling Librarian",
            status="suspended",
            status_reason="Pending review",
            first_year="2008",
            last_year="2017",
            how_to_apply=rich_text(""),
            **body,
        ),
    )
    _publish_via_admin(
        admin_client,
        m.EventPage,
        programme,
        _base(
            "Conference",
            starts_at="2027-06-10 09:30",
            ends_at="2027-06-10 17:00",
            timezone="Europe/London",
            venue_name="The British Library",
            programme=streamfield([]),
            **body,
        ),
    )
    _publish_via_admin(admin_client, m.StandardPage, hub, _base("About", **body))
    assert m.EventPage.objects.get().starts_at.tzinfo is not None


def test_admin_refuses_a_second_hub_saying_there_can_be_only_one(admin_client, home):
    hub = home.add_child(instance=m.InternationalHubPage(title="Hub", slug="hub"))
    response = admin_client.post(
        f"/admin/pages/add/content/internationalhubpage/{home.pk}/",
        nested_form_data(_base("Second hub", body=streamfield([]))),
        follow=True,
    )
    assert response.redirect_chain[0][0] == f"/admin/pages/{hub.pk}/edit/"
    [message] = [str(message) for message in response.context["messages"]]
    assert message.startswith("There can be only one international hub")
    assert m.InternationalHubPage.objects.count() == 1


def test_adding_pages_still_goes_through_wagtails_own_checks(admin_client, home):
    response = admin_client.get(f"/admin/pages/add/content/awardpage/{home.pk}/")
    assert response.status_code == 302 and response.url == "/admin/"  # refused
    response = admin_client.get(f"/admin/pages/add/content/standardpage/{home.pk}/")
    assert response.status_code == 200


def test_a_title_over_255_characters_is_a_field_error_not_a_cut(admin_client, home):
    title = " ".join(["A very long title"] * 20)  # 359 characters
    response = admin_client.get(f"/admin/pages/add/content/standardpage/{home.pk}/")
    [title_input] = re.findall(
        r"<input[^>]*name=\"title\"[^>]*>", response.content.decode()
    )
    assert "maxlength" not in title_input  # a browser would cut silently
    response = admin_client.post(
        f"/admin/pages/add/content/standardpage/{home.pk}/",
        nested_form_data({**_base("Long", body=streamfield([])), "title": title}),
    )
    assert response.status_code == 200
    [error] = response.context["form"].errors["title"]
    assert error.startswith("At most 255 characters: this has 359.")
    assert title in response.content.decode()  # kept, not cut
    assert not m.StandardPage.objects.filter(slug="long").exists()


@pytest.mark.django_db
def test_award_suspension_needs_a_reason():
    page = m.AwardPage(title="Award", slug="award", status=m.AwardStatus.SUSPENDED)
    with pytest.raises(ValidationError) as excinfo:
        page.clean()
    assert "status_reason" in str(excinfo.value)


def test_current_representatives_are_derived_from_their_terms():
    person = m.Person(name="X")
    rep = m.Representative(
        person=person,
        term_start=datetime.date(2020, 1, 1),
        term_end=datetime.date(2022, 12, 31),
    )
    assert rep.is_current(today=datetime.date(2021, 6, 1))
    assert not rep.is_current(today=datetime.date(2023, 1, 1))
    assert m.Representative(person=person).is_current(today=datetime.date(2023, 1, 1))


def test_countries_are_a_searchable_checkbox_list(admin_client, home):
    hub = home.add_child(instance=m.InternationalHubPage(title="Hub", slug="hub"))
    index = hub.add_child(instance=m.SolidarityIndexPage(title="Relief", slug="relief"))
    response = admin_client.get(
        f"/admin/pages/add/content/solidaritystatementpage/{index.pk}/"
    )
    html = response.content.decode()
    assert "data-searchable-checkboxes" in html
    assert 'placeholder="Find a country…"' in html
    assert "core/searchable-checkboxes.js" in html
    assert html.count('type="checkbox" name="countries"') > 240
