"""Demo membership: the international type with its fees, and a page only
members may read (content's StandardPage, restricted to the members group)."""

from django.conf import settings

from content.models import StandardPage
from core.demo import stream
from core.demo_loader import Demo, PageSpec, Record, page, ref

# (region, currency, amount in minor units)
INTERNATIONAL_FEES = [
    ("uk", "GBP", 9600),
    ("europe", "EUR", 8400),
    ("europe", "GBP", 7200),
    ("international", "USD", 7800),
    ("international", "GBP", 6000),
    ("international", "EUR", 7000),
]


MEMBERS_AREA = PageSpec(
    "members-area",
    StandardPage,
    {
        "title": "Members' area",
        "summary": (
            "Resources for international members: recorded webinars, the "
            "mentoring scheme and contacts in partner associations."
        ),
        "body": stream(
            (
                "paragraph",
                "<p>Welcome, members. Recordings of past international webinars "
                "and the contact list of partner associations are kept here.</p>",
            ),
            namespace="members-area",
        ),
    },
)

DEMO = Demo(
    records=[
        Record(
            "membership.MembershipType",
            key="membership:international",
            lookup={"slug": "international"},
            fields={
                "name": "International membership",
                "description": (
                    "For library and information professionals who live and work "
                    "outside the United Kingdom: the association's journal, "
                    "professional development, and a network of colleagues at "
                    "home and abroad."
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
        ),
        *(
            Record(
                "membership.MembershipFee",
                lookup={
                    "membership_type": ref("membership:international"),
                    "region": region,
                    "currency": currency,
                },
                fields={"amount_minor": amount, "sort_order": order},
            )
            for order, (region, currency, amount) in enumerate(INTERNATIONAL_FEES)
        ),
        Record(
            "auth.Group",
            key="group:members",
            lookup={"name": settings.MEMBERS_GROUP_NAME},
        ),
        Record(
            "wagtailcore.PageViewRestriction",
            lookup={"page": page("members-area")},
            fields={"restriction_type": "groups", "groups": [ref("group:members")]},
        ),
    ],
    pages=[MEMBERS_AREA],
)
