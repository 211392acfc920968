from io import StringIO

import pytest
from django.core.management import call_command

from content import models as m


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
