"""Demo content of the international work, written from the facts in DOMAIN.md.

Every body block type appears on some page (tests/content/test_demo.py reads
the list from `BodyBlock`). Paths are below the home page; the organisations
(`org:...`) are core's, the grant schemes the programme links to are grants'.
"""

import datetime
from zoneinfo import ZoneInfo

from wagtail.embeds.embeds import get_embed_hash

from core.demo import stream
from core.demo_loader import (
    SITE,
    Demo,
    DocumentSpec,
    ImageSpec,
    PageSpec,
    Record,
    image,
    page,
    ref,
)

from . import models as m
from .demo_sections import REPRESENTATION, SOLIDARITY, STRATEGY, paragraph
from .demo_translations import SITE_TEXT, TRANSLATIONS

LONDON = ZoneInfo("Europe/London")
CONFERENCE = "international/working-internationally/international-conference"
CONFERENCE_VIDEO = "https://video.example.org/watch/working-internationally"
MEMBERSHIP = "international/membership"


def _link(*, page_path: str = "", url: str = "") -> dict[str, object]:
    return {"page": page(page_path) if page_path else None, "url": url, "label": ""}


IMAGES = {
    "hub": ImageSpec(
        title="Libraries around the world",
        colour=(24, 88, 112),
        alt="Readers in a bright public library",
    ),
    "programme": ImageSpec(title="Building bridges", colour=(130, 60, 30)),
}

DOCUMENTS = {
    "commission-terms": DocumentSpec(
        title="Presidential Commission: terms of reference",
        filename="presidential-commission-terms-of-reference.pdf",
        lines=(
            "Announced by the 2018 President of the association.",
            "Purpose: to develop the association's international strategy",
            "and strengthen its role in the international community.",
            "The commission consults members in the UK and abroad and the",
            "association's partner organisations.",
            "Further information on the strategy: second quarter of 2019.",
        ),
    ),
}

PEOPLE = [
    Record(
        "content.Person",
        key="person:president",
        lookup={"name": "Ayub Khan"},
        fields={"role": "President (2018)", "institution": "The association"},
    ),
    Record(
        "content.Person",
        key="person:librarian",
        lookup={"name": "Orla Kennelly"},
        fields={
            "role": "Librarian",
            "institution": "2nd Air Division Memorial (American) Library",
        },
    ),
    Record(
        "content.Person",
        key="person:delegate",
        lookup={"name": "A. Delegate"},
        fields={
            "role": "International representative",
            "institution": "The association",
        },
    ),
    Record(
        "content.Testimonial",
        key="testimonial",
        lookup={
            "attribution": "",
            "institution": "2nd Air Division Memorial (American) Library, Norwich, UK",
        },
        fields={
            "quote": (
                "Working with colleagues in other countries shows us new ways of "
                "doing things, and reminds us how much libraries matter to open, "
                "democratic societies."
            ),
            "person": ref("person:librarian"),
        },
    ),
    # The oEmbed answer Wagtail would store, so nothing is fetched.
    Record(
        "wagtailembeds.Embed",
        lookup={"hash": get_embed_hash(CONFERENCE_VIDEO)},
        fields={
            "url": CONFERENCE_VIDEO,
            "type": "video",
            "html": (
                '<iframe title="Why libraries work internationally" '
                'srcdoc="The opening talk of the conference" width="640" '
                'height="360"></iframe>'
            ),
            "title": "Why libraries work internationally",
            "provider_name": "Example Video",
            "width": 640,
            "height": 360,
        },
    ),
]

SITE_SETTINGS = Record(
    "core.SiteSettings",
    key="site-settings",
    lookup={"site": SITE},
    fields={
        "contact_email": "international@example.org",
        "contact_phone": "+44 20 7000 0000",
        "postal_address": "7 Ridgmount Street\nLondon WC1E 7AE\nUnited Kingdom",
        "contact_page": page("contact"),
        "social_links": stream(
            (
                "link",
                {
                    "platform": "linkedin",
                    "url": "https://www.linkedin.com/company/example",
                    "label": "The association",
                },
            ),
            namespace="site/social",
        ),
        "membership_cta_heading": "Join a global profession",
        "membership_cta_text": (
            "Membership is open to library and information professionals "
            "wherever they work."
        ),
        "membership_cta_label": "Become a member",
        "membership_cta_page": page(MEMBERSHIP),
        "tagline": "A global profession with shared values",
        "footer_text": "A registered charity in England and Wales.",
    },
)

HOME = PageSpec(
    "",
    m.HomePage,
    {
        "body": stream(
            paragraph(
                "<p>The association is the UK's body for library and information "
                "work, and that work does not stop at the border: its members, "
                "partners and programmes reach libraries around the world.</p>"
            ),
            (
                "page_links",
                {
                    "heading": "Where to start",
                    "pages": [page("international"), page("grants"), page(MEMBERSHIP)],
                },
            ),
            namespace="home",
        ),
    },
)

HUB = PageSpec(
    "international",
    m.InternationalHubPage,
    {
        "title": "International",
        "summary": (
            "A global profession with shared values: how the association works "
            "with libraries and colleagues abroad."
        ),
        "listing_image": image("hub"),
        "show_in_menus": True,
        "body": stream(
            paragraph(
                "<p>Library and information work is a global profession, and the "
                "association takes an active part in the international community.</p>"
            ),
            paragraph(
                "<p>Many members live and work outside the UK. Their knowledge of "
                "libraries elsewhere is one of the association's most valuable "
                "resources.</p>"
            ),
            (
                "image",
                {
                    "image": image("hub"),
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
            (
                "page_links",
                {
                    "heading": "Our international work",
                    "pages": [
                        page("international/strategy"),
                        page("international/working-internationally"),
                        page("international/representation"),
                        page("international/recovery-and-relief"),
                        page("international/travelling-librarian-award"),
                    ],
                },
            ),
            ("testimonial", ref("testimonial")),
            (
                "call_to_action",
                {
                    "heading": "Join from anywhere",
                    "text": "International membership is open to library and information professionals working outside the UK.",
                    "link": _link(page_path=MEMBERSHIP),
                    "button_label": "Become a member",
                    "style": "primary",
                },
            ),
            (
                "call_to_action",
                {
                    "heading": "Questions about our international work?",
                    "text": "",
                    "link": _link(page_path="contact"),
                    "button_label": "Contact us",
                    "style": "secondary",
                },
            ),
            namespace="international",
        ),
    },
)

PROGRAMME = [
    PageSpec(
        "international/working-internationally",
        m.ProgrammePage,
        {
            "title": "Working Internationally for Libraries",
            "summary": "An initiative to build partnerships between libraries in England and their counterparts abroad.",
            "listing_image": image("programme"),
            "show_in_menus": True,
            "funder": ref("org:ACE"),
            "partners": [ref("org:BL"), ref("org:BC"), ref("org:LC")],
            "hashtag": "#BuildBridgesNotWalls",
            "phases": [
                {
                    "name": "Phase one",
                    "start_date": datetime.date(2019, 4, 1),
                    "end_date": datetime.date(2021, 3, 31),
                    "focus": "English public libraries developing international collaborations.",
                },
                {
                    "name": "Phase two",
                    "start_date": datetime.date(2021, 4, 1),
                    "end_date": None,
                    "focus": "Extending partnerships to other library sectors.",
                },
            ],
            "offers": [
                {
                    "kind": m.OfferKind.GRANTS,
                    "title": "Project grants",
                    "description": "Funding for international collaboration projects.",
                    "link_page": page("grants/international-collaboration-grants"),
                },
                {
                    "kind": m.OfferKind.TRAVEL_BURSARIES,
                    "title": "Travel bursaries",
                    "description": "Support to visit libraries abroad.",
                    "link_page": page("grants/travel-bursaries"),
                },
                {
                    "kind": m.OfferKind.ONLINE_RESOURCES,
                    "title": "Online resources",
                    "description": "Guides to finding partners and running joint projects.",
                },
                {
                    "kind": m.OfferKind.CONFERENCE,
                    "title": "International conference",
                    "description": "A day of talks and workshops.",
                    "link_page": page(CONFERENCE),
                },
            ],
            "body": stream(
                paragraph(
                    "<p>The initiative encourages librarians to gain international experience, bring new practice home and build cultural relations as leaders in their communities.</p>"
                ),
                (
                    "quote",
                    {
                        "text": "Build bridges, not walls.",
                        "attribution": "Working Internationally for Libraries",
                        "source": "The programme's call to librarians, #BuildBridgesNotWalls",
                    },
                ),
                (
                    "organisation_list",
                    {
                        "heading": "Funded and run with",
                        "organisations": [
                            ref("org:ACE"),
                            ref("org:BL"),
                            ref("org:BC"),
                            ref("org:LC"),
                        ],
                    },
                ),
                namespace="programme",
            ),
        },
    ),
    PageSpec(
        CONFERENCE,
        m.EventPage,
        {
            "title": "Working Internationally: the conference",
            "summary": "A day of talks and workshops on building library partnerships across borders.",
            "starts_at": datetime.datetime(2027, 6, 10, 9, 30, tzinfo=LONDON),
            "ends_at": datetime.datetime(2027, 6, 10, 17, 0, tzinfo=LONDON),
            "timezone": "Europe/London",
            "venue_name": "The British Library",
            "venue_address": "96 Euston Road\nLondon NW1 2DB",
            "registration_url": "https://www.example.org/conference/register/",
            "programme": stream(
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
            "body": stream(
                paragraph(
                    "<p>The conference brings together librarians from England and abroad to share what works.</p>"
                ),
                ("embed", CONFERENCE_VIDEO),
                namespace="conference",
            ),
        },
    ),
]

OTHER_PAGES = [
    PageSpec(
        "international/travelling-librarian-award",
        m.AwardPage,
        {
            "title": "Travelling Librarian Award",
            "summary": "Financial support for professional study tours overseas; currently suspended.",
            "show_in_menus": True,
            "status": m.AwardStatus.SUSPENDED,
            "status_reason": "Suspended pending review and fundraising.",
            "expected_reopening": datetime.date(2020, 12, 31),
            "expected_reopening_label": "by the end of 2020",
            "partner": ref("org:ESU"),
            "first_year": 2008,
            "last_year": 2017,
            "body": stream(
                paragraph(
                    "<p>From 2008 to 2017 the award, run with the English-Speaking Union, helped library and information professionals make study tours abroad.</p>"
                ),
                namespace="award",
            ),
        },
    ),
    PageSpec(
        MEMBERSHIP,
        m.StandardPage,
        {
            "title": "International membership",
            "summary": "Membership for library and information professionals who live and work outside the UK.",
            "show_in_menus": True,
            "body": stream(
                paragraph(
                    "<p>Members abroad belong to the same profession and the same association as members at home, and bring the view from their own countries into its work.</p>"
                ),
                (
                    "accordion",
                    {
                        "heading": "Questions about joining",
                        "items": [
                            {
                                "heading": "Who can join as an international member?",
                                "body": "<p>Anyone working in, studying or retired from library, information or knowledge work who lives outside the UK.</p>",
                            },
                            {
                                "heading": "What does it cost?",
                                "body": "<p>The fee depends on where you live, and you can pay it in pounds, euros or US dollars.</p>",
                            },
                            {
                                "heading": "Can I sign in from abroad?",
                                "body": "<p>Yes: members sign in with their email address wherever they are.</p>",
                            },
                        ],
                    },
                ),
                (
                    "call_to_action",
                    {
                        "heading": "Ready to join?",
                        "text": "",
                        "link": _link(url="https://www.example.org/membership/join/"),
                        "button_label": "Join now",
                        "style": "primary",
                    },
                ),
                namespace="membership",
            ),
        },
    ),
    PageSpec(
        "international/about",
        m.StandardPage,
        {
            "title": "About our international work",
            "summary": "Why a national association takes part in a global profession.",
            "body": stream(
                ("heading", {"text": "A global profession", "level": "h2"}),
                paragraph(
                    "<p>The association believes library and information workers everywhere share common values and skills.</p>"
                ),
                ("heading", {"text": "Learning from each other", "level": "h2"}),
                paragraph(
                    "<p>Following good practice abroad and working with colleagues there brings new ideas home, and reminds us what libraries do for democratic, open societies and for human rights.</p>"
                ),
                namespace="about",
            ),
        },
    ),
    PageSpec(
        "contact",
        m.StandardPage,
        {
            "title": "Contact us",
            "summary": "How to reach the international team.",
            "show_in_menus": True,
            "body": stream(
                paragraph(
                    "<p>Write to the international team at international@example.org.</p>"
                ),
                namespace="contact",
            ),
        },
    ),
]

DEMO = Demo(
    images=IMAGES,
    documents=DOCUMENTS,
    records=[*PEOPLE, SITE_SETTINGS, *SITE_TEXT],
    pages=[
        HOME,
        HUB,
        *STRATEGY,
        *REPRESENTATION,
        *SOLIDARITY,
        *PROGRAMME,
        *OTHER_PAGES,
    ],
    translations=TRANSLATIONS,
)
