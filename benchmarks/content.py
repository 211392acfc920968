"""Benchmark content: N strategy updates with realistic bodies, made locally.

Each page has a listing image, tags, an announcing person, and a body of a
heading, paragraphs with internal links, two captioned images, a quote and a
table: what a real update looks like, and what both APIs must resolve.
Runs inside Django (after `load_demo_content`).
"""

from __future__ import annotations

import datetime

from wagtail.models import Page

from content import models as m
from core.demo import demo_image, ensure_page, stream

IMAGE_COLOURS = [
    (24, 88, 112),
    (112, 48, 24),
    (40, 96, 40),
    (96, 40, 96),
    (120, 100, 20),
    (20, 60, 120),
    (80, 80, 80),
    (140, 40, 60),
]
MILESTONES = list(m.StrategyMilestone)


def _link(page: Page, text: str) -> str:
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def load_bench_pages(*, count: int) -> list[int]:
    """Create `count` published strategy updates; return their ids."""
    strategy = m.StrategyIndexPage.objects.get()
    targets = list(
        Page.objects.live().filter(depth__gte=3).exclude(pk=strategy.pk)[:6]
    ) or [strategy]
    images = [
        demo_image(
            title=f"Bench image {i + 1}",
            colour=colour,
            size=(1200, 675),
            alt=f"Library scene {i + 1}",
        )
        for i, colour in enumerate(IMAGE_COLOURS)
    ]
    person = m.Person.objects.order_by("pk").first()
    ids = []
    start = datetime.date(2019, 2, 1)
    for n in range(count):
        slug = f"bench-update-{n + 1:03d}"
        first, second = targets[n % len(targets)], targets[(n + 3) % len(targets)]
        image, other = images[n % len(images)], images[(n + 5) % len(images)]
        body = stream(
            ("heading", {"text": "What happened", "level": "h2"}),
            (
                "paragraph",
                f"<p>The commission met for the {n + 1}th time and agreed its next "
                f"steps. See {_link(first, first.title)} for the background and "
                f"{_link(strategy, 'all strategy updates')}.</p>"
                "<p>Members from <b>twelve</b> countries contributed, and the "
                "draft now covers advocacy, professional development and "
                "<i>partnerships</i>.</p>",
            ),
            (
                "image",
                {
                    "image": image.pk,
                    "alt_text": "",
                    "decorative": False,
                    "caption": f"Consultation session {n + 1}.",
                },
            ),
            (
                "quote",
                {
                    "text": "Libraries are how a society remembers, learns and "
                    "argues with itself; international work keeps that open.",
                    "attribution": "Commission chair",
                    "source": f"Update {n + 1}",
                },
            ),
            (
                "paragraph",
                "<ul><li>Responses received: "
                f"{120 + n}</li><li>Partner organisations consulted: 9</li>"
                f"<li>Next step: {_link(second, second.title)}</li></ul>",
            ),
            (
                "table",
                {
                    "caption": "Responses by region",
                    "columns": [
                        {"type": "text", "heading": "Region"},
                        {"type": "numeric", "heading": "Responses"},
                        {"type": "rich_text", "heading": "Notes"},
                    ],
                    "rows": [
                        {
                            "values": [
                                "UK",
                                str(80 + n),
                                "<p>Most from public libraries</p>",
                            ]
                        },
                        {
                            "values": [
                                "Europe",
                                "25",
                                f"<p>{_link(first, 'See report')}</p>",
                            ]
                        },
                        {"values": ["Elsewhere", "15", "<p><i>Rising</i></p>"]},
                    ],
                },
            ),
            (
                "image",
                {
                    "image": other.pk,
                    "alt_text": "Delegates at a meeting",
                    "decorative": False,
                    "caption": "",
                },
            ),
            namespace=f"bench/{slug}",
        )
        page = ensure_page(
            parent=strategy,
            model=m.StrategyUpdatePage,
            slug=slug,
            log=lambda message: None,
            title=f"Strategy update {n + 1}: consultation progress",
            summary="Where the international strategy stands after this round.",
            listing_image=image,
            date=start + datetime.timedelta(days=7 * n),
            commission_name="Presidential Commission on an International Strategy",
            announced_by=person,
            milestone=MILESTONES[n % len(MILESTONES)],
            tags=["strategy", "bench"],
            body=body,
        )
        ids.append(page.pk)
    return ids
