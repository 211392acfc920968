"""Loading and rendering pages for one request: the query shape lives here."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet, prefetch_related_objects
from wagtail.models import Page, Site

from content.selectors import MEMBERS, Access, site_pages
from core.models import PageTag

from .resolver import Resolver
from .serializers import PAGE_PREFETCH, page_type_name, serializer_for

STEPLEN = Page.steplen


class PageSet:
    """One request's view of the page tree: access, specific loading, meta."""

    def __init__(
        self,
        *,
        site: Site,
        user: AbstractBaseUser | AnonymousUser,
        renditions: list[str],
        fields: set[str] | None = None,
        preview: bool = False,
    ) -> None:
        self.site = site
        # A preview token is the credential: its draft is shown in full.
        self.preview = preview
        self.user = user
        self.fields = fields
        self.access = Access.load()
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

    # -- queries --------------------------------------------------------------------

    def queryset(self, model: type[Page] = Page) -> QuerySet[Page]:
        return site_pages(site=self.site, access=self.access, model=model)

    def _relations(self, model: type) -> list[str]:
        relations = PAGE_PREFETCH.get(model, ())
        return [
            name for name in relations if self.fields is None or name in self.fields
        ]

    def specific(self, pages: list[Page]) -> list[Page]:
        """The pages as their own types, each type in one query with its relations.

        Pages already loaded as their own type (a single-type listing) only get
        their relations; tags and ancestors are read once for all pages.
        """
        loaded: dict[int, Page] = {}
        by_type: dict[type, list[Page]] = defaultdict(list)
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
        return result

    def _load_tags(self, pages: list[Page]) -> None:
        if self.fields is not None and "tags" not in self.fields:
            return
        tags: dict[int, list[str]] = defaultdict(list)
        rows = PageTag.objects.filter(
            content_object_id__in=[page.pk for page in pages]
        ).values_list("content_object_id", "tag__name")
        for page_id, name in rows:
            tags[page_id].append(name)
        for page in pages:
            page._api_tags = sorted(tags.get(page.pk, []))

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
        context = {"pages": self, "fields": self.fields}
        # One serializer per type, as DRF's ListSerializer does: its fields
        # are built once, not once per page.
        serializers: dict[type, Any] = {}
        data = []
        for page in pages:
            model = type(page)
            if model not in serializers:
                serializers[model] = serializer_for(model)(context=context)
            data.append(dict(serializers[model].to_representation(page)))
        return self.resolver.resolve(data)

    def render_one(self, page: Page) -> dict[str, Any]:
        return self.render([page])[0]

    def prepare_preview(self, page: Page) -> None:
        """A draft page built from JSON: its tags are in memory, not in the table."""
        page._api_tags = sorted(tag.name for tag in page.tags.all())
        self._load_ancestors([page])

    def has_access(self, page: Page) -> bool:
        if self.preview:
            return True
        return self.access.user_passes(
            page.path, user=self.user, group_ids=self.group_ids
        )

    def path(self, page: Page) -> str:
        return self.resolver.path_of(page.url_path)

    def meta(self, page: Page) -> dict[str, Any]:
        self.resolver.deps.add(f"page:{page.pk}")
        path = self.path(page)
        breadcrumbs = []
        parent_id = None
        for depth in range(self.root.depth, page.depth):
            ancestor = self._ancestors.get(page.path[: depth * STEPLEN])
            if ancestor is not None:
                pk, title, url_path = ancestor
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
            "access": self.access.level(page.path),
            "has_access": self.has_access(page),
            "breadcrumbs": breadcrumbs,
            "seo_title": page.seo_title,
            "search_description": page.search_description,
        }

    def is_members_only(self, page: Page) -> bool:
        return self.access.level(page.path) == MEMBERS


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
