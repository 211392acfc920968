"""Demo grants: three schemes, each with a past, an open and an upcoming round.

Run by `manage.py load_demo_content`; running it again updates in place.
"""

from collections.abc import Callable
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Locale, Page

from core.models import Organisation

from .models import (
    Application,
    ApplicationEvent,
    GrantRound,
    GrantSchemePage,
    GrantsIndexPage,
)
from .workflow import ApplicationStatus

Log = Callable[[str], None]
LONDON = ZoneInfo("Europe/London")

FUNDER = ("Arts Council England", {"org_identifier": "GB-CHC-1036733", "country": "GB"})
PARTNERS = [
    ("British Library", {"country": "GB", "url": "https://www.bl.uk/"}),
    ("British Council", {"country": "GB", "url": "https://www.britishcouncil.org/"}),
    (
        "Libraries Connected",
        {"country": "GB", "url": "https://www.librariesconnected.org.uk/"},
    ),
]


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


def _organisation(name: str, defaults: dict[str, Any]) -> Organisation:
    organisation, _ = Organisation.objects.get_or_create(
        name=name, locale=Locale.get_default(), defaults=defaults
    )
    return organisation


def _index(home: Page, log: Log) -> GrantsIndexPage:
    index = GrantsIndexPage.objects.child_of(home).first()
    if index is None:
        index = GrantsIndexPage(
            title="Grants",
            slug="grants",
            summary="Grants, bursaries and conference support for international work.",
        )
        home.add_child(instance=index)
        index.save_revision().publish()
        log("created the grants index page")
    return index


def _scheme(index: GrantsIndexPage, spec: dict[str, Any], log: Log) -> GrantSchemePage:
    scheme = GrantSchemePage.objects.child_of(index).filter(slug=spec["slug"]).first()
    if scheme is not None:
        return scheme
    funder = _organisation(*FUNDER)
    scheme = GrantSchemePage(
        title=spec["title"],
        slug=spec["slug"],
        kind=spec["kind"],
        summary=spec["summary"],
        eligibility=spec["eligibility"],
        how_to_apply=spec["how_to_apply"],
        currency="GBP",
        minimum_amount=spec["minimum_amount"],
        maximum_amount=spec["maximum_amount"],
        questions=spec["questions"],
        funder=funder,
        contact_name="International team",
        contact_email="international@example.org",
    )
    index.add_child(instance=scheme)
    scheme.partners.set([_organisation(name, d) for name, d in PARTNERS])
    scheme.save_revision().publish()
    log(f"created scheme {scheme.title}")
    return scheme


def _at(day: datetime, hour: int) -> datetime:
    return datetime.combine(day.date(), time(hour), tzinfo=LONDON)


def _rounds(scheme: GrantSchemePage, now: datetime) -> dict[str, GrantRound]:
    """A past, an open and an upcoming round, dated relative to `now`."""
    plan = {
        "Previous round": (now - timedelta(days=150), now - timedelta(days=90)),
        "Current round": (now - timedelta(days=20), now + timedelta(days=40)),
        "Next round": (now + timedelta(days=120), now + timedelta(days=180)),
    }
    rounds = {}
    for order, (name, (opens, closes)) in enumerate(plan.items()):
        rounds[name], _ = GrantRound.objects.update_or_create(
            scheme=scheme,
            name=name,
            defaults={
                "opens_at": _at(opens, 9),
                "closes_at": _at(closes, 17),
                "timezone": "Europe/London",
                "budget": scheme.maximum_amount * 5,
                "status_override": "",
                "sort_order": order,
            },
        )
    return rounds


def _applicant(n: int) -> Any:
    User = get_user_model()
    user, created = User.objects.get_or_create(
        username=f"demo-applicant-{n}",
        defaults={"email": f"demo-applicant-{n}@example.org", "first_name": "Demo"},
    )
    if created:
        user.set_unusable_password()
        user.save()
    return user


def _award(
    round_: GrantRound, award: tuple[Any, ...], applicant: Any, now: datetime
) -> None:
    title, organisation, country, partner, amount = award
    if Application.objects.filter(round=round_, project_title=title).exists():
        return
    submitted = round_.closes_at - timedelta(days=3)
    decided = round_.closes_at + timedelta(days=30)
    application = Application.objects.create(
        applicant=applicant,
        round=round_,
        status=ApplicationStatus.AWARDED,
        organisation_name=organisation,
        organisation_type="public_library",
        organisation_country="GB",
        project_title=title,
        summary=f"{organisation} works with {partner} on an exchange of staff and ideas.",
        partners=[{"name": partner, "country": country}],
        amount_requested=amount,
        amount_awarded=amount,
        submitted_at=submitted,
        decided_at=decided,
        decision_reason="Clear aims and a committed partner.",
        created_at=submitted - timedelta(days=7),
    )
    for transition, source, target, at in (
        ("submit", "draft", "submitted", submitted),
        ("start_review", "submitted", "under_review", round_.closes_at),
        ("award", "under_review", "awarded", decided),
    ):
        ApplicationEvent.objects.create(
            application=application,
            transition=transition,
            from_status=source,
            to_status=target,
            at=at,
        )


def load(*, home: Page, log: Log) -> None:
    now = timezone.now()
    index = _index(home, log)
    n = 0
    for spec in SCHEMES:
        scheme = _scheme(index, spec, log)
        rounds = _rounds(scheme, now)
        for award in spec["awards"]:
            n += 1
            _award(rounds["Previous round"], award, _applicant(n), now)
    log(f"grants: {len(SCHEMES)} schemes, {n} awarded grants")
    _link_programme_offers(log)


def _link_programme_offers(log: Log) -> None:
    """Point the programme's 'grants' and 'travel bursaries' offers at the schemes."""
    from content.models import OfferKind, ProgrammePage

    targets = {
        OfferKind.GRANTS: "project_grant",
        OfferKind.TRAVEL_BURSARIES: "travel_bursary",
    }
    for programme in ProgrammePage.objects.live():
        changed = False
        for offer in programme.offers.all():
            if offer.kind in targets and offer.link_page_id is None:
                scheme = (
                    GrantSchemePage.objects.live()
                    .filter(kind=targets[offer.kind])
                    .first()
                )
                if scheme is not None:
                    offer.link_page = scheme
                    changed = True
        if changed:
            # Through a revision, so the editor's next edit starts from it.
            programme.save_revision().publish()
            log(f"linked {programme.title}'s offers to the grant schemes")
