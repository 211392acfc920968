"""Factories for grant schemes, rounds and applications (explicit parents)."""

from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.utils import timezone
from wagtail.models import Page

from core.models import Organisation
from grants.models import Application, GrantRound, GrantSchemePage, GrantsIndexPage

from .users import UserFactory

QUESTIONS = [
    {
        "type": "long_text",
        "id": "q-aims",
        "value": {
            "label": "What will the collaboration achieve?",
            "help_text": "",
            "required": True,
            "word_limit": 50,
        },
    },
    {
        "type": "choice",
        "id": "q-region",
        "value": {
            "label": "Region of the partner library",
            "help_text": "",
            "required": True,
            "choices": ["Africa", "Asia", "Europe", "Americas"],
            "allow_multiple": False,
        },
    },
    {
        "type": "date",
        "id": "q-start",
        "value": {"label": "Start date", "help_text": "", "required": False},
    },
    {
        "type": "number",
        "id": "q-people",
        "value": {
            "label": "People reached",
            "help_text": "",
            "required": False,
            "min_value": "0",
            "max_value": "100000",
        },
    },
    {
        "type": "short_text",
        "id": "q-lead",
        "value": {
            "label": "Project lead",
            "help_text": "",
            "required": False,
            "max_length": 20,
        },
    },
    {
        "type": "file",
        "id": "q-plan",
        "value": {"label": "Project plan", "help_text": "", "required": False},
    },
]

VALID_ANSWERS = {"q-aims": "Share reading programmes.", "q-region": "Africa"}

_counter = {"n": 0}


def _next() -> int:
    _counter["n"] += 1
    return _counter["n"]


def make_index(home: Page) -> GrantsIndexPage:
    existing = GrantsIndexPage.objects.first()
    if existing:
        return existing
    index = GrantsIndexPage(title="Grants", slug="grants")
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


def make_scheme(home: Page, **kwargs: Any) -> GrantSchemePage:
    index = make_index(home)
    n = _next()
    funder, _ = Organisation.objects.get_or_create(
        name="Arts Council England", defaults={"org_identifier": "GB-CHC-1036733"}
    )
    scheme = GrantSchemePage(
        title=kwargs.pop("title", f"Scheme {n}"),
        slug=kwargs.pop("slug", f"scheme-{n}"),
        kind=kwargs.pop("kind", "project_grant"),
        summary="Grants for international collaboration.",
        currency="GBP",
        minimum_amount=kwargs.pop("minimum_amount", Decimal("500")),
        maximum_amount=kwargs.pop("maximum_amount", Decimal("5000")),
        questions=kwargs.pop("questions", QUESTIONS),
        funder=funder,
        **kwargs,
    )
    index.add_child(instance=scheme)
    scheme.save_revision().publish()
    return scheme


def make_round(
    scheme: GrantSchemePage,
    *,
    status: str = "open",
    opens_in: timedelta | None = None,
    **kwargs: Any,
):
    """A round of `scheme`: open, upcoming or closed by its dates, or opening
    `opens_in` from now (and closing 30 days later)."""
    now = timezone.now()
    if opens_in is not None:
        kwargs.setdefault("opens_at", now + opens_in)
        kwargs.setdefault("closes_at", now + timedelta(days=30))
    opens, closes = {
        "open": (now - timedelta(days=10), now + timedelta(days=10)),
        "upcoming": (now + timedelta(days=10), now + timedelta(days=40)),
        "closed": (now - timedelta(days=40), now - timedelta(days=10)),
    }[status]
    return GrantRound.objects.create(
        scheme=scheme,
        name=kwargs.pop("name", f"Round {_next()}"),
        opens_at=kwargs.pop("opens_at", opens),
        closes_at=kwargs.pop("closes_at", closes),
        **kwargs,
    )


def make_application(round_: GrantRound, applicant=None, **kwargs: Any) -> Application:
    defaults: dict[str, Any] = {
        "organisation_name": "Norwich Public Library",
        "organisation_type": "public_library",
        "organisation_country": "GB",
        "organisation_identifier": "GB-LAE-NRW",
        "project_title": "Reading without borders",
        "summary": "A partnership between libraries in Norwich and Accra.",
        "partners": [{"name": "Accra Central Library", "country": "GH"}],
        "amount_requested": Decimal("2500.00"),
        "answers": dict(VALID_ANSWERS),
    }
    defaults.update(kwargs)
    return Application.objects.create(
        round=round_, applicant=applicant or UserFactory(), **defaults
    )
