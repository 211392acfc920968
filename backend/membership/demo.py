"""Demo: the international membership type, and a members-only page if pages exist."""

from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from wagtail.models import Page, PageViewRestriction

from .models import MembershipFee, MembershipType

Log = Callable[[str], None]

INTERNATIONAL_FEES = [
    # (region, currency, amount in minor units)
    ("uk", "GBP", 9600),
    ("europe", "EUR", 8400),
    ("europe", "GBP", 7200),
    ("international", "USD", 7800),
    ("international", "GBP", 6000),
    ("international", "EUR", 7000),
]


def load(*, home: Page, log: Log) -> None:
    membership_type, created = MembershipType.objects.update_or_create(
        slug="international",
        defaults={
            "name": "International membership",
            "description": (
                "For library and information professionals who live and work "
                "outside the United Kingdom: the association's journal, "
                "professional development, and a network of colleagues at home "
                "and abroad."
            ),
            "eligibility": (
                "Anyone working in, studying or retired from library, "
                "information or knowledge work, resident outside the UK."
            ),
            "is_international": True,
            "is_open": True,
            "duration_months": 12,
            "grace_days": 30,
        },
    )
    for order, (region, currency, amount) in enumerate(INTERNATIONAL_FEES):
        MembershipFee.objects.update_or_create(
            membership_type=membership_type,
            region=region,
            currency=currency,
            defaults={"amount_minor": amount, "sort_order": order},
        )
    log(("created" if created else "updated") + " the international membership type")
    members, _ = Group.objects.get_or_create(name=settings.MEMBERS_GROUP_NAME)
    _members_only_page(home=home, members=members, log=log)


def _members_only_page(*, home: Page, members: Group, log: Log) -> None:
    """A page only members may read; needs the content app's StandardPage."""
    try:
        page_model = apps.get_model("content", "StandardPage")
    except LookupError:
        log("no content.StandardPage yet: members-only page skipped")
        return
    page = page_model.objects.child_of(home).filter(slug="members-area").first()
    if page is None:
        page = page_model(
            title="Members' area",
            slug="members-area",
            summary=(
                "Resources for international members: recorded webinars, the "
                "mentoring scheme and contacts in partner associations."
            ),
            body=[
                {
                    "type": "paragraph",
                    "value": (
                        "<p>Welcome, members. Recordings of past international "
                        "webinars and the contact list of partner associations "
                        "are kept here.</p>"
                    ),
                }
            ],
        )
        home.add_child(instance=page)
        page.save_revision().publish()
        log("created the members-only page")
    restriction, _ = PageViewRestriction.objects.get_or_create(
        page=page, defaults={"restriction_type": PageViewRestriction.GROUPS}
    )
    if restriction.restriction_type != PageViewRestriction.GROUPS:
        restriction.restriction_type = PageViewRestriction.GROUPS
        restriction.save()
    restriction.groups.add(members)
