"""Bulk loader: N published pages of our real types, in minutes for N = 10,000.

`page_specs()` describes each page (type, parent, fields, body, tags) once;
two builders take the same specs:

- `publish_normally()`: Wagtail's own way, one `add_child` + `save_revision`
  + `publish` per page (what the tests compare against);
- `bulk_publish()`: the same rows, written in bulk: tree paths computed here
  with treebeard's own `_get_path`, base `Page` rows with `bulk_create`, each
  type's table with one multi-row insert per batch, revisions from
  `serializable_data()` (so they hold what a publish would), latest and live
  revision set by one UPDATE, tags, the reference index from Wagtail's own
  `_extract_references_from_object`, the search index with the backend's
  `add_bulk`, one change-log row per page and one bump of the listing keys.

Runs inside Django (after `load_demo_content`). `build_stored()` then fills
the stored representations in batches, as a request would.
"""

from __future__ import annotations

import contextlib
import datetime
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from taggit.models import Tag
from wagtail.models import Page, ReferenceIndex, Revision
from wagtail.search.backends import get_search_backend

from content import models as m
from core.demo import demo_image, stream
from core.models import ContentChange, ContentChangeKind, Organisation, PageTag

BATCH = 500
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
EVENT_KINDS = list(m.EventKind)
# Of every ten pages: five strategy updates, three statements, two events.
MIX = ["strategy"] * 5 + ["solidarity"] * 3 + ["event"] * 2
START = datetime.datetime(2019, 2, 1, 9, 0, tzinfo=datetime.UTC)


@dataclass
class Spec:
    model: type[Page]
    parent: Page
    slug: str
    fields: dict[str, Any]
    tags: list[str] = field(default_factory=list)


@dataclass
class Context:
    strategy: Page
    solidarity: Page
    hub: Page
    targets: list[Page]
    images: list[Any]
    person: Any
    testimonials: list[int]
    organisations: list[int]


def context() -> Context:
    from wagtail.models import Locale

    english = {"locale": Locale.get_default()}
    strategy = m.StrategyIndexPage.objects.get(**english)
    targets = list(
        Page.objects.live()
        .filter(depth__gte=3, **english)
        .exclude(pk=strategy.pk)
        .order_by("path")[:6]
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
    return Context(
        strategy=strategy,
        solidarity=m.SolidarityIndexPage.objects.get(**english),
        hub=m.InternationalHubPage.objects.get(**english),
        targets=targets,
        images=images,
        person=m.Person.objects.order_by("pk").first(),
        testimonials=list(
            m.Testimonial.objects.order_by("pk").values_list("pk", flat=True)[:4]
        ),
        organisations=list(
            Organisation.objects.order_by("pk").values_list("pk", flat=True)[:4]
        ),
    )


def _link(page: Page, text: str) -> str:
    return f'<a linktype="page" id="{page.pk}">{text}</a>'


def _items(values: Iterable[Any], namespace: str) -> list[dict[str, Any]]:
    return [
        {
            "type": "item",
            "value": value,
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}/item/{i}")),
        }
        for i, value in enumerate(values)
    ]


def body(ctx: Context, n: int, namespace: str) -> list[dict[str, Any]]:
    """5 to 10 blocks: rich text with internal links, images, chooser blocks, a table."""
    first, second = (
        ctx.targets[n % len(ctx.targets)],
        ctx.targets[(n + 3) % 6 % len(ctx.targets)],
    )
    image, other = (
        ctx.images[n % len(ctx.images)],
        ctx.images[(n + 5) % len(ctx.images)],
    )
    blocks: list[tuple[str, object]] = [
        ("heading", {"text": "What happened", "level": "h2"}),
        (
            "paragraph",
            f"<p>The commission met for the {n + 1}th time and agreed its next "
            f"steps. See {_link(first, first.title)} for the background and "
            f"{_link(ctx.strategy, 'all strategy updates')}.</p>"
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
            "page_links",
            {
                "heading": "Read next",
                "pages": _items([first.pk, second.pk], f"{namespace}/links"),
            },
        ),
    ]
    extra: list[tuple[str, object]] = [
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
    ]
    if ctx.testimonials:
        extra.append(("testimonial", ctx.testimonials[n % len(ctx.testimonials)]))
    if ctx.organisations:
        extra.append(
            (
                "organisation_list",
                {
                    "heading": "Partners",
                    "organisations": _items(ctx.organisations[:2], f"{namespace}/orgs"),
                },
            )
        )
    # 5 blocks for some pages, up to 10 for others.
    blocks += extra[: n % (len(extra) + 1)]
    return stream(*blocks, namespace=namespace)


def page_specs(ctx: Context, *, count: int, prefix: str = "bench") -> Iterator[Spec]:
    """The same `count` pages, whichever builder writes them."""
    for n in range(count):
        kind = MIX[n % len(MIX)]
        slug = f"{prefix}-{kind}-{n + 1:05d}"
        image = ctx.images[n % len(ctx.images)]
        when = START + datetime.timedelta(hours=5 * n)
        common = {
            "summary": "Where the international work stands after this round.",
            "listing_image": image,
            "body": body(ctx, n, f"bench/{kind}-{n + 1:05d}"),
        }
        if kind == "strategy":
            yield Spec(
                m.StrategyUpdatePage,
                ctx.strategy,
                slug,
                {
                    **common,
                    "title": f"Strategy update {n + 1}: consultation progress",
                    "date": when.date(),
                    "commission_name": "Presidential Commission on an International Strategy",
                    "announced_by": ctx.person,
                    "milestone": MILESTONES[n % len(MILESTONES)],
                },
                ["strategy", "bench"],
            )
        elif kind == "solidarity":
            yield Spec(
                m.SolidarityStatementPage,
                ctx.solidarity,
                slug,
                {
                    **common,
                    "title": f"Statement {n + 1}: libraries at risk",
                    "date": when.date(),
                    "countries": ["UA", "SD"][: 1 + n % 2],
                    "region": "Eastern Europe" if n % 2 else "",
                    "event_kind": EVENT_KINDS[n % len(EVENT_KINDS)],
                    "offer": f"<p>Contact {_link(ctx.hub, 'the international team')}.</p>",
                },
                ["solidarity", "bench"],
            )
        else:
            yield Spec(
                m.EventPage,
                ctx.hub,
                slug,
                {
                    **common,
                    "title": f"Webinar {n + 1}: libraries and the strategy",
                    "starts_at": when,
                    "ends_at": when + datetime.timedelta(hours=2),
                    "timezone": "Europe/London",
                    "is_online": True,
                    "online_url": "https://example.org/webinar",
                },
                ["events", "bench"],
            )


def _instance(spec: Spec) -> Page:
    page = spec.model(slug=spec.slug, **spec.fields)
    return page


# -- Wagtail's own way ----------------------------------------------------------------


def publish_normally(specs: Iterable[Spec]) -> list[int]:
    """add_child + save_revision + publish, one page at a time (as an editor does)."""
    ids = []
    for spec in specs:
        page = _instance(spec)
        spec.parent.refresh_from_db()
        spec.parent.add_child(instance=page)
        if spec.tags:
            page.tags.add(*spec.tags)
            page.save()
        page.save_revision().publish()
        ids.append(page.pk)
    return ids


# -- in bulk ---------------------------------------------------------------------------


@contextlib.contextmanager
def _memo_in_bulk() -> Iterator[None]:
    """Chooser blocks look their objects up per page (`in_bulk`); the bench
    pages choose from a handful, so each lookup is asked of the database once."""
    original = QuerySet.in_bulk
    memo: dict[Any, Any] = {}

    def in_bulk(self: QuerySet, id_list: Any = None, *args: Any, **kwargs: Any) -> Any:
        if id_list is None or args or kwargs:
            return original(self, id_list, *args, **kwargs)
        key = (self.model, str(self.query), tuple(id_list))
        if key not in memo:
            memo[key] = original(self, id_list)
        return dict(memo[key])

    QuerySet.in_bulk = in_bulk  # type: ignore[method-assign]
    try:
        yield
    finally:
        QuerySet.in_bulk = original  # type: ignore[method-assign]


def _steps_after(parent: Page) -> int:
    last = parent.get_last_child()
    if last is None:
        return 0
    return Page.numconv_obj().str2int(last.path[-Page.steplen :])


def bulk_publish(
    specs: Iterable[Spec], *, log: Callable[[str], None] = print
) -> list[int]:
    """Write the pages of `specs` as published, in bulk; return their ids in order."""
    specs = list(specs)
    now = timezone.now()
    page_ct = ContentType.objects.get_for_model(Page)
    ids: list[int] = []
    with transaction.atomic(), _memo_in_bulk():
        next_step: dict[int, int] = {}
        pages: list[Page] = []
        for spec in specs:
            parent = spec.parent
            if parent.pk not in next_step:
                parent.refresh_from_db()
                next_step[parent.pk] = _steps_after(parent)
            next_step[parent.pk] += 1
            page = _instance(spec)
            page.path = Page._get_path(
                parent.path, parent.depth + 1, next_step[parent.pk]
            )
            page.depth = parent.depth + 1
            page.numchild = 0
            page.url_path = f"{parent.url_path}{spec.slug}/"
            page.locale_id = parent.locale_id
            page.translation_key = uuid.uuid4()
            page.content_type = ContentType.objects.get_for_model(spec.model)
            page.draft_title = page.title
            page.live = True
            page.has_unpublished_changes = False
            page.first_published_at = page.last_published_at = now
            page.latest_revision_created_at = now
            pages.append(page)

        # Base rows in bulk, then each type's own table.
        base = [
            Page(
                **{
                    f.attname: getattr(p, f.attname)
                    for f in Page._meta.concrete_fields
                    if f.attname != "id"
                }
            )
            for p in pages
        ]
        for start in range(0, len(base), BATCH):
            Page.objects.bulk_create(base[start : start + BATCH])
        for page, row in zip(pages, base, strict=True):
            page.pk = page.page_ptr_id = row.pk
            ids.append(row.pk)
        by_model: dict[type[Page], list[Page]] = {}
        for page in pages:
            by_model.setdefault(type(page), []).append(page)
        for model, group in by_model.items():
            local = [f for f in model._meta.local_concrete_fields]
            for start in range(0, len(group), BATCH):
                model._base_manager._insert(group[start : start + BATCH], fields=local)
        log(f"{len(pages)} pages inserted")

        # Tags: in memory for the revision and the index, and as rows.
        names = sorted({tag for spec in specs for tag in spec.tags})
        tags = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
        for name in names:
            if name not in tags:
                tags[name] = Tag.objects.create(name=name)
        tagged: list[list[PageTag]] = [
            [PageTag(content_object_id=page.pk, tag=tags[name]) for name in spec.tags]
            for page, spec in zip(pages, specs, strict=True)
        ]
        PageTag.objects.bulk_create(
            [item for items in tagged for item in items], batch_size=BATCH
        )
        for page, items in zip(pages, tagged, strict=True):
            for relation in get_all_child_relations(page):
                setattr(page, relation.get_accessor_name(), [])
            page.tagged_items = items

        # Revisions, exactly what save_revision() stores, then latest = live.
        revisions = [
            Revision(
                content_type_id=page.content_type_id,
                base_content_type=page_ct,
                object_id=str(page.pk),
                created_at=now,
                content=page.serializable_data(),
                object_str=str(page),
            )
            for page in pages
        ]
        Revision.objects.bulk_create(revisions, batch_size=BATCH)
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for start in range(0, len(ids), BATCH):
                chunk = ids[start : start + BATCH]
                cursor.execute(
                    f"UPDATE {quote(Page._meta.db_table)} SET latest_revision_id = r.id, "  # noqa: S608 (our own table names)
                    f"live_revision_id = r.id FROM {quote(Revision._meta.db_table)} r "
                    "WHERE r.base_content_type_id = %s "
                    f"AND r.object_id = CAST({quote(Page._meta.db_table)}.id AS TEXT) "
                    f"AND {quote(Page._meta.db_table)}.id IN ({', '.join(['%s'] * len(chunk))})",
                    [page_ct.pk, *chunk],
                )
        for page, revision in zip(pages, revisions, strict=True):
            page.latest_revision_id = page.live_revision_id = revision.pk
        for parent_id, steps in _added_per_parent(specs).items():
            Page.objects.filter(pk=parent_id).update(numchild=F("numchild") + steps)
        log("revisions and tags written")

        # The reference index, from Wagtail's own extractor.
        references = []
        for page in pages:
            content_type = page.content_type
            for to_ct, to_id, model_path, content_path in set(
                ReferenceIndex._extract_references_from_object(page)
            ):
                references.append(
                    ReferenceIndex(
                        content_type=content_type,
                        base_content_type=page_ct,
                        object_id=str(page.pk),
                        to_content_type_id=to_ct,
                        to_object_id=to_id,
                        model_path=model_path,
                        content_path=content_path,
                        content_path_hash=ReferenceIndex._get_content_path_hash(
                            content_path
                        ),
                    )
                )
        ReferenceIndex.objects.bulk_create(
            references, batch_size=BATCH, ignore_conflicts=True
        )
        log(f"{len(references)} references indexed")

        backend = get_search_backend()
        for model, group in by_model.items():
            for start in range(0, len(group), BATCH):
                backend.add_bulk(model, group[start : start + BATCH])
        log("search index written")

        _log_changes(pages)
    return ids


def _added_per_parent(specs: list[Spec]) -> dict[int, int]:
    counts: dict[int, int] = {}
    for spec in specs:
        counts[spec.parent.pk] = counts.get(spec.parent.pk, 0) + 1
    return counts


def _log_changes(pages: list[Page]) -> None:
    """One change-log row per publish, as the publish signal writes; one bump."""
    from api.content.pages import translations_dep
    from api.content.serializers import page_type_name
    from core.changes import bump

    ContentChange.objects.bulk_create(
        [
            ContentChange(
                kind=ContentChangeKind.PAGE_PUBLISHED,
                object_type="wagtailcore.page",
                object_id=str(page.pk),
                page_ids=[page.pk],
                pages=[
                    {
                        "id": page.pk,
                        "type": page_type_name(type(page)),
                        "url_path": page.url_path,
                        "live": True,
                    }
                ],
                deps=sorted(
                    [
                        f"page:{page.pk}",
                        "pages",
                        translations_dep(page.translation_key),
                    ]
                ),
            )
            for page in pages
        ],
        batch_size=BATCH,
    )
    bump(["pages", "changes"])


def build_stored(ids: list[int], *, log: Callable[[str], None] = print) -> None:
    """Stored representations (and the renditions they use), in batches."""
    from django.conf import settings

    from api.content.pages import build_stored_pages

    renditions = list(settings.API_DEFAULT_RENDITIONS)
    for start in range(0, len(ids), BATCH):
        build_stored_pages(page_ids=ids[start : start + BATCH], renditions=renditions)
    log(f"{len(ids)} stored pages built")
