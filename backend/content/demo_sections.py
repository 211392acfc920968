"""Demo sections of the international work: strategy updates, representation
on international bodies, solidarity statements (`demo_data` gathers them)."""

import datetime

from core.demo import stream
from core.demo_loader import PageSpec, document, ref

from . import models as m


def paragraph(html: str) -> tuple[str, str]:
    return ("paragraph", html)


COMMISSION = "Presidential Commission on an International Strategy"

# slug, title, date, milestone, expected publication, its label, text
STRATEGY_UPDATES = [
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

STRATEGY = [
    PageSpec(
        "international/strategy",
        m.StrategyIndexPage,
        {
            "title": "International strategy",
            "summary": "Updates on the association's international strategy and the commission developing it.",
            "intro": "<p>How the association is shaping its international role.</p>",
            "show_in_menus": True,
        },
    ),
    *(
        PageSpec(
            f"international/strategy/{slug}",
            m.StrategyUpdatePage,
            {
                "title": title,
                "summary": text,
                "date": date,
                "commission_name": COMMISSION,
                "announced_by": ref("person:president"),
                "milestone": milestone,
                "expected_publication": expected,
                "expected_publication_label": label,
                "tags": ["strategy", "ifla"]
                if milestone == m.StrategyMilestone.PUBLICATION_EXPECTED
                else ["strategy"],
                "body": stream(
                    paragraph(f"<p>{text}</p>"),
                    *(
                        [
                            (
                                "document",
                                {"document": document("commission-terms"), "title": ""},
                            )
                        ]
                        if milestone == m.StrategyMilestone.ANNOUNCED
                        else []
                    ),
                    namespace=f"strategy/{slug}",
                ),
            },
        )
        for slug, title, date, milestone, expected, label, text in STRATEGY_UPDATES
    ),
]

# slug, title, body name, capacity, on behalf of, since, organisation,
# interests, text
BODIES = [
    (
        "ifla",
        "IFLA",
        "",
        m.Capacity.FOUNDER_MEMBER,
        None,
        1927,
        "org:IFLA",
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
        "org:IFLA",
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
        "org:IFLA",
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
        "org:IFLA",
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
        "org:IFLA",
        ["Intellectual freedom", "Access to information"],
        "The committee defending free access to information and freedom of expression.",
    ),
    (
        "uk-blue-shield",
        "UK Blue Shield Committee",
        "",
        m.Capacity.REPRESENTATIVE,
        "org:IFLA",
        None,
        "org:BLUE_SHIELD",
        ["Cultural property protection", "Libraries in a global context"],
        "The association sits on the UK Blue Shield Committee on behalf of IFLA, covering libraries and information in a global context.",
    ),
]

# The founder member's page lists the IFLA bodies in a table.
IFLA_TABLE = (
    "table",
    {
        "caption": "Where the association takes part in IFLA",
        "columns": [
            {"type": "text", "heading": "Body"},
            {"type": "text", "heading": "Capacity"},
        ],
        "rows": [
            {"values": [name or title, capacity.label]}
            for slug, title, name, capacity, *rest in BODIES
            if slug != "uk-blue-shield"
        ],
    },
)

REPRESENTATION = [
    PageSpec(
        "international/representation",
        m.RepresentationIndexPage,
        {
            "title": "Representation",
            "summary": "The international bodies where the association speaks for UK library and information professionals.",
            "intro": "<p>The association represents the views of UK library and information professionals at every level of IFLA, and beyond.</p>",
            "show_in_menus": True,
        },
    ),
    *(
        PageSpec(
            f"international/representation/{slug}",
            m.RepresentationPage,
            {
                "title": title,
                "summary": text,
                "organisation": ref(organisation),
                "body_name": body_name,
                "capacity": capacity,
                "on_behalf_of": ref(on_behalf_of) if on_behalf_of else None,
                "since_year": since,
                "representatives": [
                    {
                        "person": ref("person:delegate"),
                        "role": "Association representative",
                        "term_start": datetime.date(2023, 8, 1),
                        "term_end": datetime.date(2027, 8, 31),
                    }
                ],
                "interests": [{"name": name} for name in interests],
                "body": stream(
                    paragraph(f"<p>{text}</p>"),
                    *([IFLA_TABLE] if slug == "ifla" else []),
                    namespace=f"representation/{slug}",
                ),
            },
        )
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
        ) in BODIES
    ),
]

# slug, title, date, countries, region, event kind, partners, text
STATEMENTS = [
    (
        "ukraine",
        "Solidarity with libraries in Ukraine",
        datetime.date(2022, 3, 1),
        ["UA"],
        "",
        m.EventKind.ARMED_CONFLICT,
        ["org:IFLA", "org:ICRC"],
        "We stand with library workers in Ukraine whose services, collections and safety are threatened by the war.",
    ),
    (
        "turkiye-syria-earthquakes",
        "Support after the earthquakes in Türkiye and Syria",
        datetime.date(2023, 2, 10),
        ["TR", "SY"],
        "",
        m.EventKind.NATURAL_DISASTER,
        ["org:IFLA"],
        "Our thoughts are with colleagues affected by the earthquakes; we are ready to help libraries recover.",
    ),
    (
        "beirut-explosion",
        "Beirut port explosion: standing with Lebanese libraries",
        datetime.date(2020, 8, 7),
        ["LB"],
        "Middle East",
        m.EventKind.MAN_MADE_DISASTER,
        ["org:IFLA", "org:BLUE_SHIELD"],
        "After the explosion in Beirut's port, we offer our support to libraries and archives repairing damaged buildings and collections.",
    ),
]

SOLIDARITY = [
    PageSpec(
        "international/recovery-and-relief",
        m.SolidarityIndexPage,
        {
            "title": "International recovery and relief",
            "summary": "Standing with colleagues overseas when conflict or disaster puts services, collections or people at risk.",
            "intro": "<p>When libraries abroad are put at risk, the association works with international organisations, agencies and library associations to offer practical help.</p>",
            "show_in_menus": True,
        },
    ),
    *(
        PageSpec(
            f"international/recovery-and-relief/{slug}",
            m.SolidarityStatementPage,
            {
                "title": title,
                "summary": text,
                "date": date,
                "countries": countries,
                "region": region,
                "event_kind": kind,
                "tags": ["solidarity", kind.value],
                "partner_organisations": [ref(key) for key in partners],
                "signatories": [
                    {"organisation": ref("org:IFLA")},
                    {"person": ref("person:president")},
                ],
                "offer": "<p>Contacts with UK libraries able to help, advice on protecting and recovering collections, and a place to coordinate offers of support.</p>",
                "body": stream(
                    paragraph(f"<p>{text}</p>"), namespace=f"solidarity/{slug}"
                ),
            },
        )
        for slug, title, date, countries, region, kind, partners, text in STATEMENTS
    ),
]
