"""Demo content of the international work, written from the facts in DOMAIN.md."""

import datetime
from zoneinfo import ZoneInfo

from wagtail.models import Locale, Page, Site

from core.demo import Log, demo_image, ensure_page, stream
from core.models import Organisation, SiteSettings

from . import models as m

ORGANISATIONS = {
    "IFLA": dict(
        name="International Federation of Library Associations and Institutions",
        short_name="IFLA",
        url="https://www.ifla.org/",
        country="NL",
        description="The global body representing library and information services.",
    ),
    "ACE": dict(
        name="Arts Council England",
        short_name="ACE",
        url="https://www.artscouncil.org.uk/",
        country="GB",
        org_identifier="GB-CHC-1036733",
        description="The national development agency for creativity and culture in England.",
    ),
    "BL": dict(
        name="British Library",
        short_name="BL",
        url="https://www.bl.uk/",
        country="GB",
        description="The national library of the United Kingdom.",
    ),
    "BC": dict(
        name="British Council",
        url="https://www.britishcouncil.org/",
        country="GB",
        org_identifier="GB-CHC-209131",
        description="The UK's international organisation for cultural relations.",
    ),
    "LC": dict(
        name="Libraries Connected",
        url="https://www.librariesconnected.org.uk/",
        country="GB",
        description="The membership body for heads of public library services.",
    ),
    "ESU": dict(
        name="English-Speaking Union",
        short_name="ESU",
        url="https://www.esu.org/",
        country="GB",
        description="An educational charity promoting communication across cultures.",
    ),
    "BLUE_SHIELD": dict(
        name="UK Blue Shield Committee",
        url="https://www.ukblueshield.org.uk/",
        country="GB",
        description="The UK committee of Blue Shield, protecting cultural property in conflict and disaster.",
    ),
    "ICRC": dict(
        name="International Committee of the Red Cross",
        short_name="ICRC",
        url="https://www.icrc.org/",
        country="CH",
        description="A humanitarian organisation protecting people affected by conflict.",
    ),
}


def _organisations(log: Log) -> dict[str, Organisation]:
    result = {}
    for key, fields in ORGANISATIONS.items():
        name = fields["name"]
        organisation, created = Organisation.objects.get_or_create(
            name=name,
            locale=Locale.get_default(),
            defaults={k: v for k, v in fields.items() if k != "name"},
        )
        if created:
            organisation.logo = demo_image(
                title=f"{fields.get('short_name') or name} logo",
                colour=(40, 70, 120),
                size=(400, 200),
            )
            organisation.save()
            log(f"created organisation: {name}")
        result[key] = organisation
    return result


def _person(name: str, **fields: object) -> m.Person:
    person, _ = m.Person.objects.get_or_create(
        name=name, locale=Locale.get_default(), defaults=fields
    )
    return person


def _p(html: str) -> tuple[str, str]:
    return ("paragraph", html)


def load(*, home: Page, log: Log) -> None:
    orgs = _organisations(log)
    president = _person(
        "Ayub Khan", role="President (2018)", institution="The association"
    )
    testimonial, _ = m.Testimonial.objects.get_or_create(
        attribution="",
        locale=Locale.get_default(),
        institution="2nd Air Division Memorial (American) Library, Norwich, UK",
        defaults={
            "quote": (
                "Working with colleagues in other countries shows us new ways of doing things, and "
                "reminds us how much libraries matter to open, democratic societies."
            ),
            "person": _person(
                "Orla Kennelly",
                role="Librarian",
                institution="2nd Air Division Memorial (American) Library",
            ),
        },
    )

    hub_image = demo_image(
        title="Libraries around the world",
        colour=(24, 88, 112),
        alt="Readers in a bright public library",
    )
    hub = ensure_page(
        parent=home,
        model=m.InternationalHubPage,
        slug="international",
        log=log,
        title="International",
        summary="A global profession with shared values: how the association works with libraries and colleagues abroad.",
        listing_image=hub_image,
        show_in_menus=True,
        body=stream(
            (
                "paragraph",
                "<p>Library and information work is a global profession, and the association takes an active part in the international community.</p>",
            ),
            (
                "paragraph",
                "<p>Many members live and work outside the UK. Their knowledge of libraries elsewhere is one of the association's most valuable resources.</p>",
            ),
            (
                "image",
                {
                    "image": hub_image.pk,
                    "alt_text": "Readers in a bright public library",
                    "decorative": False,
                    "caption": "Libraries connect communities across borders.",
                },
            ),
            (
                "key_facts",
                {
                    "heading": "At a glance",
                    "facts": [
                        {
                            "value": "1927",
                            "label": "IFLA founded, with the association as a founder member",
                            "description": "",
                        },
                        {
                            "value": "4",
                            "label": "IFLA bodies the association sits on",
                            "description": "Governing Board, Professional Committee, Copyright Committee, FAIFE",
                        },
                        {
                            "value": "2008-2017",
                            "label": "Years the Travelling Librarian Award ran",
                            "description": "",
                        },
                    ],
                },
            ),
            ("testimonial", testimonial.pk),
            (
                "call_to_action",
                {
                    "heading": "Join from anywhere",
                    "text": "International membership is open to library and information professionals working outside the UK.",
                    "link": {
                        "page": None,
                        "url": "https://www.example.org/membership/",
                        "label": "",
                    },
                    "button_label": "Become a member",
                    "style": "primary",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Questions about our international work?",
                    "text": "",
                    "link": {
                        "page": None,
                        "url": "https://www.example.org/contact/",
                        "label": "",
                    },
                    "button_label": "Contact us",
                    "style": "secondary",
                },
            ),
            namespace="international",
        ),
    )

    # Strategy
    strategy = ensure_page(
        parent=hub,
        model=m.StrategyIndexPage,
        slug="strategy",
        log=log,
        title="International strategy",
        summary="Updates on the association's international strategy and the commission developing it.",
        intro="<p>How the association is shaping its international role.</p>",
        show_in_menus=True,
    )
    commission = "Presidential Commission on an International Strategy"
    updates = [
        (
            "commission-announced",
            "Presidential Commission on an international strategy announced",
            datetime.date(2018, 5, 10),
            m.StrategyMilestone.ANNOUNCED,
            None,
            "",
            "The 2018 President has set up a Presidential Commission to develop the association's international strategy and strengthen its role abroad.",
        ),
        (
            "consultation-opens",
            "Members asked to shape the international strategy",
            datetime.date(2018, 10, 1),
            m.StrategyMilestone.CONSULTATION,
            None,
            "",
            "The commission is gathering views from members in the UK and abroad, and from partner organisations, on where the association should focus.",
        ),
        (
            "publication-expected",
            "International strategy due in the second quarter of 2019",
            datetime.date(2019, 1, 15),
            m.StrategyMilestone.PUBLICATION_EXPECTED,
            datetime.date(2019, 6, 30),
            "Q2 2019",
            "Further information about the strategy will be published on this page in the second quarter of 2019.",
        ),
    ]
    for slug, title, date, milestone, expected, label, text in updates:
        ensure_page(
            parent=strategy,
            model=m.StrategyUpdatePage,
            slug=slug,
            log=log,
            title=title,
            summary=text,
            date=date,
            commission_name=commission,
            announced_by=president,
            milestone=milestone,
            expected_publication=expected,
            expected_publication_label=label,
            tags=["strategy", "ifla"]
            if milestone == m.StrategyMilestone.PUBLICATION_EXPECTED
            else ["strategy"],
            body=stream(_p(f"<p>{text}</p>"), namespace=f"strategy/{slug}"),
        )

    # Representation
    representation = ensure_page(
        parent=hub,
        model=m.RepresentationIndexPage,
        slug="representation",
        log=log,
        title="Representation",
        summary="The international bodies where the association speaks for UK library and information professionals.",
        intro="<p>The association represents the views of UK library and information professionals at every level of IFLA, and beyond.</p>",
        show_in_menus=True,
    )
    ifla, blue_shield = orgs["IFLA"], orgs["BLUE_SHIELD"]
    delegate = _person(
        "A. Delegate",
        role="International representative",
        institution="The association",
    )
    bodies = [
        (
            "ifla",
            "IFLA",
            "",
            m.Capacity.FOUNDER_MEMBER,
            None,
            1927,
            ifla,
            ["Library advocacy worldwide"],
            "The association helped found IFLA and remains actively involved in its work.",
        ),
        (
            "ifla-governing-board",
            "IFLA Governing Board",
            "Governing Board",
            m.Capacity.ELECTED_MEMBER,
            None,
            None,
            ifla,
            ["Governance", "Strategy"],
            "The board that governs IFLA's professional and financial direction.",
        ),
        (
            "ifla-professional-committee",
            "IFLA Professional Committee",
            "Professional Committee",
            m.Capacity.MEMBER,
            None,
            None,
            ifla,
            ["Professional programmes"],
            "The committee that oversees IFLA's professional units and programmes.",
        ),
        (
            "ifla-copyright-committee",
            "IFLA Committee on Copyright and other Legal Matters",
            "Committee on Copyright and other Legal Matters",
            m.Capacity.MEMBER,
            None,
            None,
            ifla,
            ["Copyright", "Exceptions for libraries"],
            "The committee that speaks for libraries in international copyright and legal debates.",
        ),
        (
            "ifla-faife",
            "IFLA FAIFE",
            "Free Access to Information and Freedom of Expression (FAIFE)",
            m.Capacity.MEMBER,
            None,
            None,
            ifla,
            ["Intellectual freedom", "Access to information"],
            "The committee defending free access to information and freedom of expression.",
        ),
        (
            "uk-blue-shield",
            "UK Blue Shield Committee",
            "",
            m.Capacity.REPRESENTATIVE,
            ifla,
            None,
            blue_shield,
            ["Cultural property protection", "Libraries in a global context"],
            "The association sits on the UK Blue Shield Committee on behalf of IFLA, covering libraries and information in a global context.",
        ),
    ]
    for (
        slug,
        title,
        body_name,
        capacity,
        on_behalf_of,
        since,
        organisation,
        interests,
        text,
    ) in bodies:
        ensure_page(
            parent=representation,
            model=m.RepresentationPage,
            slug=slug,
            log=log,
            title=title,
            summary=text,
            organisation=organisation,
            body_name=body_name,
            capacity=capacity,
            on_behalf_of=on_behalf_of,
            since_year=since,
            representatives=[
                m.Representative(
                    person=delegate,
                    role="Association representative",
                    term_start=datetime.date(2023, 8, 1),
                    term_end=datetime.date(2027, 8, 31),
                )
            ],
            interests=[m.RepresentationInterest(name=name) for name in interests],
            body=stream(_p(f"<p>{text}</p>"), namespace=f"representation/{slug}"),
        )

    # Solidarity
    solidarity = ensure_page(
        parent=hub,
        model=m.SolidarityIndexPage,
        slug="recovery-and-relief",
        log=log,
        title="International recovery and relief",
        summary="Standing with colleagues overseas when conflict or disaster puts services, collections or people at risk.",
        intro="<p>When libraries abroad are put at risk, the association works with international organisations, agencies and library associations to offer practical help.</p>",
        show_in_menus=True,
    )
    statements = [
        (
            "ukraine",
            "Solidarity with libraries in Ukraine",
            datetime.date(2022, 3, 1),
            ["UA"],
            "",
            m.EventKind.ARMED_CONFLICT,
            [ifla, orgs["ICRC"]],
            "We stand with library workers in Ukraine whose services, collections and safety are threatened by the war.",
        ),
        (
            "turkiye-syria-earthquakes",
            "Support after the earthquakes in Türkiye and Syria",
            datetime.date(2023, 2, 10),
            ["TR", "SY"],
            "",
            m.EventKind.NATURAL_DISASTER,
            [ifla],
            "Our thoughts are with colleagues affected by the earthquakes; we are ready to help libraries recover.",
        ),
        (
            "beirut-explosion",
            "Beirut port explosion: standing with Lebanese libraries",
            datetime.date(2020, 8, 7),
            ["LB"],
            "Middle East",
            m.EventKind.MAN_MADE_DISASTER,
            [ifla, blue_shield],
            "After the explosion in Beirut's port, we offer our support to libraries and archives repairing damaged buildings and collections.",
        ),
    ]
    for slug, title, date, countries, region, kind, partners, text in statements:
        ensure_page(
            parent=solidarity,
            model=m.SolidarityStatementPage,
            slug=slug,
            log=log,
            title=title,
            summary=text,
            date=date,
            countries=countries,
            region=region,
            event_kind=kind,
            tags=["solidarity", kind.value],
            partner_organisations=partners,
            signatories=[m.Signatory(organisation=ifla), m.Signatory(person=president)],
            offer="<p>Contacts with UK libraries able to help, advice on protecting and recovering collections, and a place to coordinate offers of support.</p>",
            body=stream(_p(f"<p>{text}</p>"), namespace=f"solidarity/{slug}"),
        )

    # Programme, its event
    programme = ensure_page(
        parent=hub,
        model=m.ProgrammePage,
        slug="working-internationally",
        log=log,
        title="Working Internationally for Libraries",
        summary="An initiative to build partnerships between libraries in England and their counterparts abroad.",
        listing_image=demo_image(title="Building bridges", colour=(130, 60, 30)),
        show_in_menus=True,
        funder=orgs["ACE"],
        partners=[orgs["BL"], orgs["BC"], orgs["LC"]],
        hashtag="#BuildBridgesNotWalls",
        phases=[
            m.ProgrammePhase(
                name="Phase one",
                start_date=datetime.date(2019, 4, 1),
                end_date=datetime.date(2021, 3, 31),
                focus="English public libraries developing international collaborations.",
            ),
            m.ProgrammePhase(
                name="Phase two",
                start_date=datetime.date(2021, 4, 1),
                end_date=None,
                focus="Extending partnerships to other library sectors.",
            ),
        ],
        body=stream(
            _p(
                "<p>The initiative encourages librarians to gain international experience, bring new practice home and build cultural relations as leaders in their communities.</p>"
            ),
            (
                "organisation_list",
                {
                    "heading": "Funded and run with",
                    "organisations": [
                        orgs["ACE"].pk,
                        orgs["BL"].pk,
                        orgs["BC"].pk,
                        orgs["LC"].pk,
                    ],
                },
            ),
            namespace="programme",
        ),
    )
    tz = ZoneInfo("Europe/London")
    conference = ensure_page(
        parent=programme,
        model=m.EventPage,
        slug="international-conference",
        log=log,
        title="Working Internationally: the conference",
        summary="A day of talks and workshops on building library partnerships across borders.",
        starts_at=datetime.datetime(2027, 6, 10, 9, 30, tzinfo=tz),
        ends_at=datetime.datetime(2027, 6, 10, 17, 0, tzinfo=tz),
        timezone="Europe/London",
        venue_name="The British Library",
        venue_address="96 Euston Road\nLondon NW1 2DB",
        registration_url="https://www.example.org/conference/register/",
        programme=stream(
            (
                "day",
                {
                    "date": "2027-06-10",
                    "sessions": [
                        {
                            "starts_at": "09:30",
                            "ends_at": "10:30",
                            "title": "Why libraries work internationally",
                            "speakers": "Programme team",
                            "description": "",
                        },
                        {
                            "starts_at": "11:00",
                            "ends_at": "12:30",
                            "title": "Partnerships that lasted",
                            "speakers": "Grant holders",
                            "description": "Projects funded by the programme report back.",
                        },
                    ],
                },
            ),
            namespace="conference/programme",
        ),
        body=stream(
            _p(
                "<p>The conference brings together librarians from England and abroad to share what works.</p>"
            ),
            namespace="conference",
        ),
    )
    offers = [
        m.ProgrammeOffer(
            kind=m.OfferKind.GRANTS,
            title="Project grants",
            description="Funding for international collaboration projects.",
        ),
        m.ProgrammeOffer(
            kind=m.OfferKind.TRAVEL_BURSARIES,
            title="Travel bursaries",
            description="Support to visit libraries abroad.",
        ),
        m.ProgrammeOffer(
            kind=m.OfferKind.ONLINE_RESOURCES,
            title="Online resources",
            description="Guides to finding partners and running joint projects.",
        ),
        m.ProgrammeOffer(
            kind=m.OfferKind.CONFERENCE,
            title="International conference",
            description="A day of talks and workshops.",
            link_page=conference,
        ),
    ]
    if not programme.offers.exists():
        programme.offers = offers
        programme.save_revision().publish()

    # Award
    ensure_page(
        parent=hub,
        model=m.AwardPage,
        slug="travelling-librarian-award",
        log=log,
        title="Travelling Librarian Award",
        summary="Financial support for professional study tours overseas; currently suspended.",
        show_in_menus=True,
        status=m.AwardStatus.SUSPENDED,
        status_reason="Suspended pending review and fundraising.",
        expected_reopening=datetime.date(2020, 12, 31),
        expected_reopening_label="by the end of 2020",
        partner=orgs["ESU"],
        first_year=2008,
        last_year=2017,
        body=stream(
            _p(
                "<p>From 2008 to 2017 the award, run with the English-Speaking Union, helped library and information professionals make study tours abroad.</p>"
            ),
            namespace="award",
        ),
    )

    # About and contact
    about = ensure_page(
        parent=hub,
        model=m.StandardPage,
        slug="about",
        log=log,
        title="About our international work",
        summary="Why a national association takes part in a global profession.",
        body=stream(
            _p(
                "<p>The association believes library and information workers everywhere share common values and skills.</p>"
            ),
            namespace="about",
        ),
    )
    contact = ensure_page(
        parent=home,
        model=m.StandardPage,
        slug="contact",
        log=log,
        title="Contact us",
        summary="How to reach the international team.",
        show_in_menus=True,
        body=stream(
            _p("<p>Write to the international team at international@example.org.</p>"),
            namespace="contact",
        ),
    )
    del about

    site = Site.objects.get(is_default_site=True)
    settings, created = SiteSettings.objects.get_or_create(site=site)
    if created or not settings.contact_email:
        settings.contact_email = "international@example.org"
        settings.contact_phone = "+44 20 7000 0000"
        settings.postal_address = "7 Ridgmount Street\nLondon WC1E 7AE\nUnited Kingdom"
        settings.contact_page = contact
        settings.social_links = [
            {
                "type": "link",
                "value": {
                    "platform": "linkedin",
                    "url": "https://www.linkedin.com/company/example",
                    "label": "The association",
                },
            }
        ]
        settings.membership_cta_heading = "Join a global profession"
        settings.membership_cta_text = "Membership is open to library and information professionals wherever they work."
        settings.membership_cta_label = "Become a member"
        settings.tagline = "A global profession with shared values"
        settings.footer_text = "A registered charity in England and Wales."
        settings.save()
        log("saved site settings")

    from .demo_translations import load as load_translations

    load_translations(home=home, log=log)
