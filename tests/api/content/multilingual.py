"""A small site in four languages, for the tests of languages and translated snippets.

- The home page and the hub in English, French, Spanish and Arabic; the hub
  shows a testimonial, which has English and French versions only.
- The relief section in English and French, with three statements: Ukraine
  and Beirut also in French, the earthquakes in English only; the Ukraine
  statement works with the ICRC, which has a French version (CICR).
- The strategy section in English only.
- The site's text in French, Spanish (its footer left blank) and Arabic.

Translations are made as an editor's are (`tests.factories.pages.translate`).
"""

from __future__ import annotations

from dataclasses import dataclass

from wagtail.models import Locale, Site

from content import models as m
from core.demo import ensure_home_page
from core.models import Organisation, SiteSettings, SiteText
from tests.factories import pages as build

FRENCH_NAME = "L'association : travail international"


@dataclass
class Multilingual:
    testimonial: m.Testimonial
    icrc: Organisation


def build_site() -> Multilingual:
    home = ensure_home_page(log=lambda message: None)
    for code in ("fr", "es", "ar"):
        Locale.objects.get_or_create(language_code=code)
    testimonial = m.Testimonial.objects.create(
        quote="Working with colleagues abroad shows us new ways.",
        person=m.Person.objects.create(name="Ada Witness"),
    )
    build.translate(
        testimonial, "fr", quote="Travailler avec des collègues à l'étranger."
    )
    icrc = Organisation.objects.create(
        name="International Committee of the Red Cross", short_name="ICRC"
    )
    build.translate(
        icrc, "fr", name="Comité international de la Croix-Rouge", short_name="CICR"
    )
    Organisation.objects.create(name="IFLA", short_name="IFLA")
    hub = build.hub(
        home,
        show_in_menus=True,
        body=[{"type": "testimonial", "value": testimonial.pk}],
    )
    relief = build.section(
        hub,
        m.SolidarityIndexPage,
        "recovery-and-relief",
        "International recovery and relief",
        show_in_menus=True,
    )
    build.section(hub, m.StrategyIndexPage, "strategy", "Strategy", show_in_menus=True)
    ukraine = build.solidarity_statement(
        hub, "Solidarity with libraries in Ukraine", slug="ukraine", partners=(icrc,)
    )
    build.solidarity_statement(
        hub, "After the earthquakes", slug="turkiye-syria-earthquakes"
    )
    beirut = build.solidarity_statement(
        hub, "After the Beirut port explosion", slug="beirut-explosion"
    )
    for code, home_title, hub_title in (
        ("fr", "Accueil", "International"),
        ("es", "Inicio", "Internacional"),
        ("ar", "الرئيسية", "دولي"),
    ):
        build.translate(home, code, title=home_title)
        build.translate(hub, code, title=hub_title)
    build.translate(relief, "fr", title="Reconstruction et secours")
    build.translate(ukraine, "fr", title="Solidarité avec l'Ukraine")
    build.translate(beirut, "fr", title="Après l'explosion")
    site_settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    site_settings.footer_text = "A registered charity."
    site_settings.save()
    for code, fields in (
        ("fr", {"name": FRENCH_NAME, "membership_cta_label": "Devenir membre"}),
        ("es", {"tagline": "Una profesión global"}),
        ("ar", {"name": "الجمعية: العمل الدولي"}),
    ):
        SiteText.objects.create(
            settings=site_settings,
            locale=Locale.objects.get(language_code=code),
            **fields,
        )
    return Multilingual(testimonial=testimonial, icrc=icrc)
