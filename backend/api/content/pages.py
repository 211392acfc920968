"""Loading and rendering pages for one request: the query shape lives here."""

from __future__ import annotations

import datetime
import logging
from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, User
from django.db import DatabaseError, transaction
from django.db.models import Q, prefetch_related_objects
from django.utils import timezone
from wagtail.models import Page, Site
from wagtail.query import PageQuerySet

from api.caching import GLOBAL_DEPS, api_cache, code_version
from api.models import StoredPage
from api.renderers import dumps, loads
from content.dates import content_date_expression
from content.selectors import Access, list_pages, site_pages
from core import metrics
from core.changes import after_read, consistent_read, is_current, versions
from core.locales import content_languages
from core.models import PageTag

from .context import access as current_access
from .resolver import Resolver
from .serializers import (
    RenderContext,
    card_fields,
    page_type_name,
    page_types,
    protected_fields,
    serializer_for,
    typed_filters,
)

logger = logging.getLogger(__name__)
PAGE_ENTRY_PREFIX = "apipage:"
MAX_CHILDREN = 100

STEPLEN = Page.steplen


class PageSet:
    """One request's view of the page tree: access, specific loading, meta."""

    def __init__(
        self,
        *,
        site: Site,
        user: User | AnonymousUser,
        renditions: list[str],
        fields: set[str] | None = None,
        cards: bool = False,
        preview: bool = False,
    ) -> None:
        self.site = site
        # A preview token is the credential: its draft is shown in full.
        self.preview = preview
        self.user = user
        self.fields = fields
        # With `cards`, each item also keeps its type's card fields.
        self.cards = cards
        self.access = current_access()
        self.group_ids: set[int] = (
            set(user.groups.values_list("id", flat=True))
            if user.is_authenticated
            else set()
        )
        self.resolver = Resolver(
            site=site,
            access=self.access,
            renditions=renditions,
            page_type_name=page_type_name,
        )
        self.root = site.root_page
        self._ancestors: dict[str, tuple[int, str, str]] = {}
        # Read for all pages at once (`specific`), shown through RenderContext.
        self._tags: dict[int, list[str]] = {}
        self._children: dict[int, list[int]] = {}
        self._meta_deps: dict[int, set[str]] = {}
        self._translations: dict[Any, list[dict[str, Any]]] = {}
        # When what was rendered changes by itself (live fields: `page_type(live=...)`).
        self.expires_at: datetime.datetime | None = None

    # -- queries --------------------------------------------------------------------

    def queryset(self, model: type[Page] = Page) -> PageQuerySet:
        return site_pages(site=self.site, access=self.access, model=model)

    def typed(self, models: list[type[Page]] | None = None) -> PageQuerySet:
        """Visible pages of these types (default: every type the API serves)."""
        models = models or list(page_types().values())
        if len(models) == 1:
            # One type: query its own table directly, no second query for specifics.
            return self.queryset(models[0])
        return self.queryset().type(*models)

    def listing(self, query: dict[str, Any], models: list[type[Page]]) -> Any:
        """A listing's pages of these types (`selectors.list_pages`: filtered,
        searched, ordered) as this reader may see them, each as its own type."""
        return list_pages(
            self.typed(models).select_related("locale"),
            query,
            visible=self.queryset(),
            typed=typed_filters(),
            may_open=self.may_open,
            restricted_paths=self.access.restricted_paths(),
        )

    def _relations(self, model: type) -> list[str]:
        return list(serializer_for(model).prefetch)

    def specific(self, pages: list[Page]) -> list[Page]:
        """The pages as their own types, each type in one query with its relations.

        Pages already loaded as their own type (a single-type listing) only get
        their relations; tags and ancestors are read once for all pages.
        """
        loaded: dict[int, Page] = {}
        by_type: dict[type[Page], list[Page]] = defaultdict(list)
        for page in pages:
            by_type[
                type(page) if type(page) is not Page else page.specific_class
            ].append(page)
        for model, group in by_type.items():
            if model is None:
                continue
            if all(type(page) is model for page in group):
                prefetch_related_objects(group, *self._relations(model))
                loaded.update((page.pk, page) for page in group)
                continue
            queryset = model._default_manager.filter(
                pk__in=[page.pk for page in group]
            ).select_related("locale")
            for page in queryset.prefetch_related(*self._relations(model)):
                loaded[page.pk] = page
        result = [loaded[page.pk] for page in pages if page.pk in loaded]
        self._load_tags(result)
        self._load_ancestors(result)
        self._load_translations(result)
        self._load_children(
            [page for page in result if serializer_for(type(page)).lists_children]
        )
        return result

    def _load_children(self, parents: list[Page]) -> None:
        """Child page ids of index pages, in their order, in one query.

        Tree order, or newest first (by `content.dates`) where the index's
        serializer says so.
        """
        if not parents:
            return
        condition = Q()
        for parent in parents:
            condition |= Q(path__startswith=parent.path, depth=parent.depth + 1)
        children: dict[str, list[tuple[int, Any]]] = defaultdict(list)
        rows = (
            self.queryset()
            .filter(condition)
            .annotate(_content_date=content_date_expression())
            .order_by("path")
            .values_list("pk", "path", "_content_date")
        )
        for pk, path, day in rows:
            children[path[:-STEPLEN]].append((pk, day))
        for parent in parents:
            rows = children.get(parent.path, [])
            if serializer_for(type(parent)).children_order == "-date":
                # Stable: a day's pages stay in tree order; undated ones last.
                rows = sorted(
                    rows, key=lambda row: row[1] or datetime.date.min, reverse=True
                )
            self._children[parent.pk] = [pk for pk, _ in rows][:MAX_CHILDREN]

    def _load_tags(self, pages: list[Page]) -> None:
        tags: dict[int, list[str]] = defaultdict(list)
        rows = PageTag.objects.filter(
            content_object_id__in=[page.pk for page in pages]
        ).values_list("content_object_id", "tag__name")
        for page_id, name in rows:
            tags[page_id].append(name)
        for page in pages:
            self._tags[page.pk] = sorted(tags.get(page.pk, []))

    def _load_translations(self, pages: list[Page]) -> None:
        self.translations_by_key({page.translation_key for page in pages})

    def translations_by_key(self, keys: set[Any]) -> dict[Any, list[dict[str, Any]]]:
        """Every published language version of these translation groups, in one
        query (none for groups already read), in the order of the languages."""
        missing = keys - set(self._translations)
        if missing:
            order = {code: i for i, code in enumerate(content_languages())}
            rows = (
                self.queryset()
                .filter(translation_key__in=missing)
                .values_list(
                    "pk", "translation_key", "url_path", "locale__language_code"
                )
            )
            found: dict[Any, list[dict[str, Any]]] = {key: [] for key in missing}
            for pk, key, url_path, code in rows:
                path = self.resolver.path_of(url_path)
                found[key].append(
                    {
                        "locale": code,
                        "id": pk,
                        "path": path,
                        "url": settings.FRONTEND_BASE_URL + path,
                    }
                )
            for key, items in found.items():
                items.sort(
                    key=lambda item: (order.get(item["locale"], len(order)), item["id"])
                )
                self._translations[key] = items
        return {key: self._translations[key] for key in keys}

    def translations(self, page: Page) -> list[dict[str, Any]]:
        if page.translation_key not in self._translations:
            self._load_translations([page])
        return self._translations[page.translation_key]

    def _load_ancestors(self, pages: list[Page]) -> None:
        paths = set()
        for page in pages:
            for depth in range(self.root.depth, page.depth):
                paths.add(page.path[: depth * STEPLEN])
        paths -= set(self._ancestors)
        if paths:
            for pk, path, title, url_path in Page.objects.filter(
                path__in=paths
            ).values_list("pk", "path", "title", "url_path"):
                self._ancestors[path] = (pk, title, url_path)

    # -- rendering --------------------------------------------------------------------

    def render(self, pages: list[Page]) -> list[dict[str, Any]]:
        """Pages as this request may see them, in order.

        Each page's full representation is a function of the published page
        and what it shows, so it is stored (per page and rendition set) with
        the versions of everything it depends on, and re-rendered only when
        one of those changes. What differs per request is applied after:
        access to protected fields, and the `fields` trim.
        """
        full = self._full(pages)
        live = self._live(pages)
        return [
            self._for_request({**full[page.pk], **live.get(page.pk, {})}, page)
            for page in pages
            if page.pk in full
        ]

    def _live(self, pages: list[Page]) -> dict[int, dict[str, Any]]:
        """The live fields of these pages (`page_type(live=...)`), one loader
        call per page type."""
        by_type: dict[type, list[int]] = defaultdict(list)
        for page in pages:
            model = type(page) if type(page) is not Page else page.specific_class
            if serializer_for(model).live is not None:
                by_type[model].append(page.pk)
        values: dict[int, dict[str, Any]] = {}
        for model, ids in by_type.items():
            serializer = serializer_for(model)
            names, loader = serializer.live_fields, serializer.live
            if loader is None or (
                self.fields is not None and not set(names) & self.fields
            ):
                continue
            live = loader(ids)
            values.update(live.values)
            self.resolver.deps |= live.deps
            if live.expires_at is not None and (
                self.expires_at is None or live.expires_at < self.expires_at
            ):
                self.expires_at = live.expires_at
        return values

    def render_one(self, page: Page) -> dict[str, Any]:
        return self.render([page])[0]

    def _for_request(self, data: dict[str, Any], page: Page) -> dict[str, Any]:
        data = {**data, "meta": {**data["meta"], "has_access": self.has_access(page)}}
        if not data["meta"]["has_access"]:
            for name in protected_fields(data["type"]):
                if name in data:
                    data[name] = None
        if self.fields is not None:
            keep = {*self.fields, "id", "type"}
            if self.cards:
                keep.update(card_fields(data["type"]))
            data = {k: v for k, v in data.items() if k in keep}
        return data

    def _renditions_key(self) -> str:
        return ",".join(sorted(self.resolver.renditions))

    def _full(self, pages: list[Page]) -> dict[int, dict[str, Any]]:
        """Full representations: stored ones while current, the rest rendered.

        Looked up in the `api` cache first (this process's memory, or Redis),
        then in the `StoredPage` table (one indexed query for all of them);
        every candidate is checked against the database's versions in one
        more query, whichever process built it. Both keep the JSON text, so
        only the current ones are decoded (pickled dicts in Redis decoded
        slower than orjson reads the text).
        """
        if self.preview:
            return self._render_full(pages)[0]
        stored = settings.API_STORED_PAGES
        candidates = self._cached(pages) if stored else {}
        rows: dict[int, dict[str, Any]] = {}
        unseen = [page.pk for page in pages if page.pk not in candidates]
        if stored and unseen:
            for page_id, data, deps in StoredPage.objects.filter(
                page_id__in=unseen,
                renditions=self._renditions_key(),
                code_version=code_version(),
            ).values_list("page_id", "data", "deps"):
                rows[page_id] = {"json": data, "deps": deps}
        candidates.update(rows)
        current = versions(
            {dep for entry in candidates.values() for dep in entry["deps"]}
        )
        found: dict[int, dict[str, Any]] = {}
        for page_id, entry in candidates.items():
            if is_current(entry["deps"], current):
                found[page_id] = loads(entry["json"])
                self.resolver.deps.update(entry["deps"])
        # Rows found current in the table are worth keeping in memory too.
        self._remember({pk: rows[pk] for pk in rows if pk in found})
        missing = [page for page in pages if page.pk not in found]
        from_table = sum(1 for pk in rows if pk in found)
        metrics.stored_pages(
            cache=len(found) - from_table, table=from_table, rendered=len(missing)
        )
        if missing:
            rendered, deps_by_page = self._render_full(self.specific(missing))
            texts = {pk: dumps(data).decode() for pk, data in rendered.items()}
            # As JSON types, exactly as they read back from the table.
            found.update({pk: loads(text) for pk, text in texts.items()})
            if stored:
                self._store(texts, deps_by_page)
        return found

    def _cache_key(self, page_id: int) -> str:
        return f"{PAGE_ENTRY_PREFIX}{code_version()}:{page_id}:{self._renditions_key()}"

    def _cached(self, pages: list[Page]) -> dict[int, dict[str, Any]]:
        if settings.API_PAGE_CACHE_TIMEOUT <= 0:
            return {}
        keys = {self._cache_key(page.pk): page.pk for page in pages}
        try:
            entries = api_cache().get_many(list(keys))
        except Exception as exc:
            logger.warning("page cache unavailable on read: %s", exc)
            return {}
        return {
            keys[key]: entry
            for key, entry in entries.items()
            if isinstance(entry, dict) and isinstance(entry.get("json"), str)
        }

    def _remember(self, entries: dict[int, dict[str, Any]]) -> None:
        if not entries or settings.API_PAGE_CACHE_TIMEOUT <= 0:
            return
        try:
            api_cache().set_many(
                {self._cache_key(pk): entry for pk, entry in entries.items()},
                timeout=settings.API_PAGE_CACHE_TIMEOUT,
            )
        except Exception as exc:
            logger.warning("page cache unavailable on write: %s", exc)

    def _store(self, texts: dict[int, str], deps_by_page: dict[int, set[str]]) -> None:
        """Keep what was rendered, stamped with versions from the same snapshot."""
        current = versions(
            {dep for deps in deps_by_page.values() for dep in deps} | set(GLOBAL_DEPS)
        )
        entries = {
            page_id: {
                "json": text,
                "deps": {
                    dep: current[dep] for dep in {*deps_by_page[page_id], *GLOBAL_DEPS}
                },
            }
            for page_id, text in texts.items()
        }
        renditions = self._renditions_key()

        def write() -> None:
            store_pages(entries, renditions=renditions)
            self._remember(entries)

        after_read(write)

    def _render_full(
        self, pages: list[Page]
    ) -> tuple[dict[int, dict[str, Any]], dict[int, set[str]]]:
        """Full-access representations, with what each one depends on."""
        context = {
            "render": RenderContext(
                paths={page.pk: self.path(page) for page in pages},
                tags=self._tags,
                children=self._children,
                meta={page.pk: self.meta(page) for page in pages},
            )
        }
        # One serializer per type, as DRF's ListSerializer does: its fields
        # are built once, not once per page.
        serializers: dict[type, Any] = {}
        data = []
        for page in pages:
            model = type(page)
            if model not in serializers:
                serializers[model] = serializer_for(model)(context=context)
            data.append(dict(serializers[model].to_representation(page)))
        for page in pages:
            if serializer_for(type(page)).lists_children:
                # A new or unpublished child changes the list.
                self._meta_deps.setdefault(page.pk, set()).add("pages")
        resolved, deps = self.resolver.resolve_each(
            data, roots=[self._meta_deps.get(page.pk, set()) for page in pages]
        )
        return (
            {page.pk: item for page, item in zip(pages, resolved, strict=True)},
            {page.pk: item_deps for page, item_deps in zip(pages, deps, strict=True)},
        )

    def prepare_preview(self, page: Page) -> None:
        """A draft page built from JSON: its tags are in memory, not in the table."""
        self._tags[page.pk] = sorted(tag.name for tag in page.tags.all())
        self._load_ancestors([page])
        if serializer_for(type(page)).lists_children:
            self._load_children([page])

    def may_open(self, path: str) -> bool:
        """Whether this request may see the protected fields of the page at `path`."""
        return self.preview or self.access.user_passes(
            path, user=self.user, group_ids=self.group_ids
        )

    def has_access(self, page: Page) -> bool:
        return self.may_open(page.path)

    def path(self, page: Page) -> str:
        return self.resolver.path_of(page.url_path)

    def meta(self, page: Page) -> dict[str, Any]:
        deps = self._meta_deps.setdefault(page.pk, {f"page:{page.pk}"})
        # A translation published or withdrawn changes every version's list.
        deps.add(translations_dep(page.translation_key))
        path = self.path(page)
        breadcrumbs = []
        parent_id = None
        for depth in range(self.root.depth, page.depth):
            ancestor = self._ancestors.get(page.path[: depth * STEPLEN])
            if ancestor is not None:
                pk, title, url_path = ancestor
                deps.add(f"page:{pk}")
                breadcrumbs.append(
                    {"id": pk, "title": title, "path": self.resolver.path_of(url_path)}
                )
                parent_id = pk
        return {
            "path": path,
            "url": settings.FRONTEND_BASE_URL + path,
            "parent_id": parent_id,
            "first_published_at": _iso(page.first_published_at),
            "last_published_at": _iso(page.last_published_at),
            "locale": page.locale.language_code,
            "translations": self.translations(page),
            "access": self.access.level(page.path),
            "has_access": self.has_access(page),
            "breadcrumbs": breadcrumbs,
            "seo_title": page.seo_title,
            "search_description": page.search_description,
        }


def translations_dep(translation_key: Any) -> str:
    return f"translations:{translation_key}"


def build_stored_pages(*, page_ids: list[int], renditions: list[str]) -> int:
    """Render and store the published pages among `page_ids`, as a request would."""
    from .images import canonical_renditions

    renditions = canonical_renditions(renditions)
    built = 0
    for site in Site.objects.select_related("root_page"):
        with consistent_read():
            page_set = PageSet(site=site, user=AnonymousUser(), renditions=renditions)
            pages = list(
                page_set.queryset()
                .type(*page_types().values())
                .filter(pk__in=page_ids)
                .select_related("locale")
            )
            page_set.render(pages)
        built += len(pages)
    return built


def store_pages(entries: dict[int, dict[str, Any]], *, renditions: str) -> None:
    """Upsert stored representations (`{page_id: {"json", "deps"}}`)."""
    if not entries:
        return
    now = timezone.now()
    rows = [
        StoredPage(
            page_id=page_id,
            renditions=renditions,
            data=entry["json"],
            deps=entry["deps"],
            code_version=code_version(),
            built_at=now,
        )
        for page_id, entry in sorted(entries.items())
    ]
    try:
        with transaction.atomic():
            StoredPage.objects.bulk_create(
                rows,
                update_conflicts=True,
                unique_fields=["page", "renditions"],
                update_fields=["data", "deps", "code_version", "built_at"],
            )
    except DatabaseError as exc:
        # e.g. a page deleted meanwhile: not storing only costs speed.
        logger.warning("stored pages not written: %s", exc)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def render_rich_text(html: str) -> str:
    """Database rich text as frontend HTML, outside a page (e.g. a grant scheme)."""
    from django.conf import settings as django_settings

    from .refs import RichTextRef

    site = Site.objects.select_related("root_page").get(is_default_site=True)
    resolver = Resolver(
        site=site,
        access=Access.load(),
        renditions=list(django_settings.API_DEFAULT_RENDITIONS),
        page_type_name=page_type_name,
    )
    return resolver.resolve(RichTextRef(html or ""))
