"""Times typed in the admin are wall times in the zone the same form names."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
    streamfield,
)

from content.models import EventPage, InternationalHubPage
from grants.models import GrantRound
from tests.factories.grants import make_scheme

TOKYO = ZoneInfo("Asia/Tokyo")
NAIROBI = ZoneInfo("Africa/Nairobi")


@pytest.fixture
def hub(home):
    return home.add_child(instance=InternationalHubPage(title="Hub", slug="hub"))


def _event_data(**extra):
    return nested_form_data(
        {
            "title": "Webinar on library cooperation",
            "slug": "tokyo-webinar",
            "summary": "",
            "tags": "",
            "comments": inline_formset([]),
            "starts_at": "2027-03-05 10:00",
            "ends_at": "2027-03-05 11:30",
            "timezone": "Asia/Tokyo",
            "is_online": "on",
            "online_url": "https://example.org/join",
            "body": streamfield([("paragraph", rich_text("<p>Hello</p>"))]),
            "programme": streamfield([]),
            "action-publish": "publish",
            **extra,
        }
    )


def _shown(html: str, name: str) -> str:
    match = re.search(rf'name="{name}"[^>]*value="([^"]*)"', html) or re.search(
        rf'value="([^"]*)"[^>]*name="{name}"', html
    )
    assert match, f"no {name} input"
    return match.group(1)


def test_event_times_are_read_and_shown_in_the_events_zone(
    admin_client, hub, api_client
):
    response = admin_client.post(
        f"/admin/pages/add/content/eventpage/{hub.pk}/", _event_data()
    )
    assert response.status_code == 302

    event = EventPage.objects.get(slug="tokyo-webinar")
    assert event.starts_at == datetime.datetime(2027, 3, 5, 10, 0, tzinfo=TOKYO)
    assert event.ends_at == datetime.datetime(2027, 3, 5, 11, 30, tzinfo=TOKYO)

    served = api_client.get(f"/api/v1/pages/{event.pk}/").json()
    assert served["starts_at"] == "2027-03-05T10:00:00+09:00"

    html = admin_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert _shown(html, "starts_at") == "2027-03-05 10:00"
    assert _shown(html, "ends_at") == "2027-03-05 11:30"


def test_saving_an_event_unchanged_keeps_its_instants(admin_client, hub):
    admin_client.post(f"/admin/pages/add/content/eventpage/{hub.pk}/", _event_data())
    event = EventPage.objects.get(slug="tokyo-webinar")
    html = admin_client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "body": streamfield([]),
                "programme": streamfield([]),
                "comments": inline_formset([]),
                "is_online": "on",  # querydict_from_html skips ticked boxes
                "action-publish": "publish",
            }
        )
    )
    response = admin_client.post(f"/admin/pages/{event.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors
    event.refresh_from_db()
    assert event.starts_at == datetime.datetime(2027, 3, 5, 10, 0, tzinfo=TOKYO)


def test_a_time_the_clocks_skip_is_a_field_error(admin_client, hub):
    response = admin_client.post(
        f"/admin/pages/add/content/eventpage/{hub.pk}/",
        _event_data(
            timezone="Europe/Berlin",
            starts_at="2027-03-28 02:30",
            ends_at="2027-03-28 04:00",
        ),
    )
    assert response.status_code == 200
    assert "does not exist in Europe/Berlin" in str(
        response.context["form"].errors["starts_at"]
    )


def test_grant_round_times_are_read_and_shown_in_the_rounds_zone(admin_client, home):
    scheme = make_scheme(home)
    html = admin_client.get(f"/admin/pages/{scheme.pk}/edit/").content.decode()
    data = querydict_from_html(html, form_id="page-edit-form")
    data.update(
        nested_form_data(
            {
                "questions": streamfield([]),
                "comments": inline_formset([]),
                "rounds": inline_formset(
                    [
                        {
                            "name": "2027 round",
                            "opens_at": "2027-01-10 09:00",
                            "closes_at": "2027-02-28 17:00",
                            "timezone": "Africa/Nairobi",
                            "budget": "",
                            "status_override": "",
                            "id": "",
                        }
                    ]
                ),
                "action-publish": "publish",
            }
        )
    )
    response = admin_client.post(f"/admin/pages/{scheme.pk}/edit/", data)
    assert response.status_code == 302, response.context["form"].errors

    round_ = GrantRound.objects.get(name="2027 round")
    assert round_.opens_at == datetime.datetime(2027, 1, 10, 9, 0, tzinfo=NAIROBI)
    assert round_.closes_at == datetime.datetime(2027, 2, 28, 17, 0, tzinfo=NAIROBI)

    html = admin_client.get(f"/admin/pages/{scheme.pk}/edit/").content.decode()
    assert _shown(html, "rounds-0-closes_at") == "2027-02-28 17:00"
