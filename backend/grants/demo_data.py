"""Demo grants: three schemes, each with a past, an open and an upcoming round
(dated from the day the demo is loaded), and four awarded applications.

Loaded by `manage.py load_demo_content` with the other apps' demo data; the
funder and partners are core's organisations.
"""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from core.demo_loader import At, Demo, PageSpec, Record, find, ref

from .models import GrantSchemePage, GrantsIndexPage
from .workflow import ApplicationStatus

# Round name -> (opens, closes): days from today, local hours.
ROUNDS = {
    "Previous round": (At(-150, 9), At(-90, 17)),
    "Current round": (At(-20, 9), At(40, 17)),
    "Next round": (At(120, 9), At(180, 17)),
}
# An awarded application to the previous round: submitted three days before
# it closed, decided thirty days after, started a week before submitting.
CREATED, SUBMITTED, REVIEWED, DECIDED = (
    At(-100, 17),
    At(-93, 17),
    At(-90, 17),
    At(-60, 17),
)


def _q(kind: str, qid: str, label: str, **extra: Any) -> dict[str, Any]:
    value = {"label": label, "help_text": "", "required": True, **extra}
    return {"type": kind, "id": qid, "value": value}


SCHEMES: list[dict[str, Any]] = [
    {
        "slug": "international-collaboration-grants",
        "title": "Project grants for international collaboration",
        "kind": "project_grant",
        "summary": (
            "Funding for English public libraries to run a joint project with a "
            "library abroad: exchanges, shared collections, reading programmes."
        ),
        "eligibility": (
            "<p>Public library services in England, working with at least one "
            "library or library association outside the UK.</p>"
        ),
        "how_to_apply": (
            "<p>Agree the project with your partner first, then apply while a "
            "round is open. Tell us what both libraries will do and who benefits.</p>"
        ),
        "minimum_amount": Decimal("1000"),
        "maximum_amount": Decimal("10000"),
        "questions": [
            _q(
                "long_text",
                "aims",
                "What will the partnership achieve?",
                word_limit=300,
            ),
            _q(
                "choice",
                "region",
                "Where is your partner library?",
                choices=[
                    "Africa",
                    "Asia",
                    "Europe",
                    "Latin America",
                    "North America",
                    "Oceania",
                ],
                allow_multiple=False,
            ),
            _q("date", "start", "When will the project start?"),
            _q("file", "plan", "Project plan and budget", required=False),
        ],
        "awards": [
            (
                "Stories without borders",
                "Norfolk Library and Information Service",
                "GH",
                "Accra Central Library",
                Decimal("8000"),
            ),
            (
                "Shared heritage collections",
                "Leeds Libraries",
                "PL",
                "Biblioteka Raczyńskich, Poznań",
                Decimal("6500"),
            ),
        ],
    },
    {
        "slug": "travel-bursaries",
        "title": "Travel bursaries",
        "kind": "travel_bursary",
        "summary": (
            "Bursaries for library staff to visit colleagues abroad and bring "
            "what they learn back to their service."
        ),
        "eligibility": "<p>Staff of public libraries in England.</p>",
        "how_to_apply": "<p>Tell us where you will go, whom you will meet and why.</p>",
        "minimum_amount": Decimal("250"),
        "maximum_amount": Decimal("2000"),
        "questions": [
            _q(
                "short_text",
                "destination",
                "Destination city and country",
                max_length=120,
            ),
            _q("long_text", "purpose", "Purpose of the visit", word_limit=200),
            _q(
                "number",
                "days",
                "Length of the visit in days",
                min_value="1",
                max_value="30",
            ),
        ],
        "awards": [
            (
                "Study visit to Helsinki Central Library Oodi",
                "Manchester Libraries",
                "FI",
                "Helsinki City Library",
                Decimal("1200"),
            ),
        ],
    },
    {
        "slug": "conference-support",
        "title": "Conference support",
        "kind": "conference_support",
        "summary": (
            "Support to attend and speak at an international library conference."
        ),
        "eligibility": "<p>Library staff and members presenting at the conference.</p>",
        "how_to_apply": "<p>Attach your acceptance letter or abstract.</p>",
        "minimum_amount": Decimal("200"),
        "maximum_amount": Decimal("1500"),
        "questions": [
            _q("short_text", "conference", "Conference name", max_length=200),
            _q("long_text", "contribution", "Your contribution", word_limit=150),
            _q("file", "acceptance", "Acceptance letter or abstract", required=False),
        ],
        "awards": [
            (
                "Presenting at the IFLA World Library and Information Congress",
                "Birmingham Libraries",
                "NL",
                "IFLA",
                Decimal("950"),
            ),
        ],
    },
]


def _scheme(spec: dict[str, Any]) -> PageSpec:
    return PageSpec(
        f"grants/{spec['slug']}",
        GrantSchemePage,
        {
            "title": spec["title"],
            "kind": spec["kind"],
            "summary": spec["summary"],
            "show_in_menus": True,
            "eligibility": spec["eligibility"],
            "how_to_apply": spec["how_to_apply"],
            "currency": "GBP",
            "minimum_amount": spec["minimum_amount"],
            "maximum_amount": spec["maximum_amount"],
            "questions": spec["questions"],
            "funder": ref("org:ACE"),
            "partners": [ref("org:BL"), ref("org:BC"), ref("org:LC")],
            "contact_name": "International team",
            "contact_email": "international@example.org",
            "rounds": [
                {
                    "name": name,
                    "opens_at": opens,
                    "closes_at": closes,
                    "timezone": "Europe/London",
                    "budget": spec["maximum_amount"] * 5,
                    "status_override": "",
                }
                for name, (opens, closes) in ROUNDS.items()
            ],
        },
    )


def _applicant(n: int) -> Record:
    return Record(
        settings.AUTH_USER_MODEL,
        key=f"applicant:{n}",
        lookup={"username": f"demo-applicant-{n}"},
        fields={
            "email": f"demo-applicant-{n}@example.org",
            "first_name": "Demo",
            "password": UNUSABLE_PASSWORD_PREFIX,  # cannot sign in
        },
    )


def _award(n: int, slug: str, award: tuple[Any, ...]) -> Record:
    title, organisation, country, partner, amount = award
    return Record(
        "grants.Application",
        lookup={
            "round": find(
                "grants.GrantRound", scheme__slug=slug, name="Previous round"
            ),
            "project_title": title,
        },
        fields={
            "applicant": ref(f"applicant:{n}"),
            "status": ApplicationStatus.AWARDED,
            "organisation_name": organisation,
            "organisation_type": "public_library",
            "organisation_country": "GB",
            "summary": f"{organisation} works with {partner} on an exchange of staff and ideas.",
            "partners": [{"name": partner, "country": country}],
            "amount_requested": amount,
            "amount_awarded": amount,
            "submitted_at": SUBMITTED,
            "decided_at": DECIDED,
            "decision_reason": "Clear aims and a committed partner.",
            "created_at": CREATED,
        },
        related={
            "events": [
                {
                    "transition": transition,
                    "from_status": source,
                    "to_status": target,
                    "at": at,
                }
                for transition, source, target, at in (
                    ("submit", "draft", "submitted", SUBMITTED),
                    ("start_review", "submitted", "under_review", REVIEWED),
                    ("award", "under_review", "awarded", DECIDED),
                )
            ]
        },
    )


AWARDS = [(spec["slug"], award) for spec in SCHEMES for award in spec["awards"]]

DEMO = Demo(
    pages=[
        PageSpec(
            "grants",
            GrantsIndexPage,
            {
                "title": "Grants",
                "summary": "Grants, bursaries and conference support for international work.",
                "show_in_menus": True,
            },
        ),
        *(_scheme(spec) for spec in SCHEMES),
    ],
    records=[
        *(_applicant(n) for n in range(1, len(AWARDS) + 1)),
        *(_award(n, slug, award) for n, (slug, award) in enumerate(AWARDS, start=1)),
    ],
)
