"""Reads of published pages for the API and feeds: who may see what.

Rules (the same for lists, detail, resolve, search, sitemap and navigation):
- only live pages of the site, never drafts;
- pages under a password restriction never appear, nor do their descendants;
- pages under a login or group restriction ("members-only") are listed with
  their public fields; their protected fields only for a user who passes.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import django_filters
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import F, Q, QuerySet
from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Locale, Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from content import models as content_models
from content.dates import content_date_expression
from core.errors import Invalid
from core.locales import (
    content_languages,
    default_language,
    fallback_chain,
    split_prefix,
)

PUBLIC = "public"
MEMBERS = "members"


@dataclass(frozen=True)
class Restriction:
    path: str
    kind: str
    group_ids: frozenset[int] = field(default_factory=frozenset)


@dataclass
class Access:
    """The view restrictions of the whole tree, read in one query."""

    restrictions: list[Restriction]

    @classmethod
    def load(cls) -> Access:
        rows = PageViewRestriction.objects.values_list(
            "page__path", "restriction_type", "groups__id"
        )
        grouped: dict[tuple[str, str], set[int]] = {}
        for path, kind, group_id in rows:
            ids = grouped.setdefault((path, kind), set())
            if group_id is not None:
                ids.add(group_id)
        return cls(
            [
                Restriction(path, kind, frozenset(ids))
                for (path, kind), ids in grouped.items()
            ]
        )

    def _applying(self, page_path: str) -> list[Restriction]:
        return [r for r in self.restrictions if page_path.startswith(r.path)]

    def restricted_paths(self) -> list[str]:
        """The roots of every restricted subtree, whatever the kind."""
        return sorted({r.path for r in self.restrictions})

    def password_paths(self) -> list[str]:
        return [
            r.path for r in self.restrictions if r.kind == PageViewRestriction.PASSWORD
        ]

    def level(self, page_path: str) -> str:
        return MEMBERS if self._applying(page_path) else PUBLIC

    def user_passes(
        self,
        page_path: str,
        *,
        user: AbstractBaseUser | AnonymousUser,
        group_ids: set[int],
    ) -> bool:
        for restriction in self._applying(page_path):
            if restriction.kind == PageViewRestriction.PASSWORD:
                return False
            if not user.is_authenticated:
                return False
            if restriction.kind == PageViewRestriction.GROUPS and not (
                getattr(user, "is_superuser", False)
                or restriction.group_ids & group_ids
            ):
                return False
        return True


@dataclass(frozen=True)
class LocaleTree:
    """One language's copy of the site: its root page and its path prefix."""

    language_code: str
    locale_id: int
    root_id: int
    root_path: str
    root_url_path: str

    @property
    def prefix(self) -> str:
        """`/fr` for a translation, nothing for the default language."""
        return (
            "" if self.language_code == default_language() else f"/{self.language_code}"
        )


def locale_trees(site: Site) -> list[LocaleTree]:
    """The site's root page and its translations (each a language's tree).

    Read once per `Site` object: the API keeps one per process while the
    `tree` and `pages` versions are unchanged (`api.content.context`).
    """
    trees = getattr(site, "_locale_trees", None)
    if trees is None:
        root = site.root_page
        # One query, the root's own language included.
        rows = sorted(
            Page.objects.filter(
                translation_key=root.translation_key, depth=root.depth
            ).values_list(
                "pk", "path", "url_path", "locale_id", "locale__language_code"
            ),
            key=lambda row: row[0] != root.pk,
        )
        trees = [
            LocaleTree(
                language_code=code,
                locale_id=locale_id,
                root_id=pk,
                root_path=path,
                root_url_path=url_path,
            )
            for pk, path, url_path, locale_id, code in rows
            if pk == root.pk or code in content_languages()
        ]
        site._locale_trees = trees  # type: ignore[attr-defined]
    return trees


def site_pages(*, site: Site, access: Access, model: type[Page] = Page) -> PageQuerySet:
    """Live pages of `site`, in every language, that anyone may know exist.

    Members-only pages are included; a translation of the site's root page is
    the root of that language's tree.
    """
    root = site.root_page
    within = Q()
    for tree in locale_trees(site):
        within |= Q(path__startswith=tree.root_path)
    queryset = model.objects.live().filter(within, depth__gte=root.depth)
    excluded = Q()
    for path in access.password_paths():
        excluded |= Q(path__startswith=path)
    if excluded:
        queryset = queryset.exclude(excluded)
    return queryset


def frontend_path(
    *, url_path: str, root_url_path: str, trees: list[LocaleTree] | None = None
) -> str:
    """The page's path on the frontend: its url_path below its language's root.

    A translation's path starts with its language (`/fr/...`); the default
    language has no prefix.
    """
    for tree in trees or ():
        if url_path.startswith(tree.root_url_path):
            return tree.prefix + "/" + url_path[len(tree.root_url_path) :]
    if not url_path.startswith(root_url_path):
        return url_path
    return "/" + url_path[len(root_url_path) :]


# --- filters -------------------------------------------------------------------------


class PageFilter(django_filters.FilterSet):
    """What a listing of any page type may be narrowed by.

    Conditions on related rows are written as `pk__in` subqueries, not joins:
    the search backend can only filter on indexed fields (`?tag=&search=`
    was a 500 as a join), and no page is listed twice.
    """

    tag = django_filters.CharFilter(method="by_tag")
    published_after = django_filters.IsoDateTimeFilter(
        field_name="first_published_at", lookup_expr="gte"
    )
    published_before = django_filters.IsoDateTimeFilter(
        field_name="first_published_at", lookup_expr="lt"
    )
    locale = django_filters.CharFilter(method="by_locale")

    class Meta:
        model = Page
        fields: list[str] = []

    def by_tag(self, queryset: QuerySet[Any], name: str, value: str) -> QuerySet[Any]:
        tagged = queryset.filter(tagged_items__tag__name=value).values("pk")
        return queryset.filter(pk__in=tagged)

    def by_locale(
        self, queryset: QuerySet[Any], name: str, value: str
    ) -> QuerySet[Any]:
        locales = Locale.objects.filter(language_code=value).values("pk")
        return queryset.filter(locale__in=locales)


def _country(queryset: QuerySet[Any], name: str, code: str) -> QuerySet[Any]:
    # django-countries stores several codes comma-separated.
    return queryset.filter(
        Q(countries=code)
        | Q(countries__startswith=f"{code},")
        | Q(countries__endswith=f",{code}")
        | Q(countries__contains=f",{code},")
    )


class SolidarityStatementFilter(django_filters.FilterSet):
    country = django_filters.CharFilter(method=_country)
    event_kind = django_filters.ChoiceFilter(choices=content_models.EventKind.choices)

    class Meta:
        model = content_models.SolidarityStatementPage
        fields: list[str] = []


class StrategyUpdateFilter(django_filters.FilterSet):
    milestone = django_filters.ChoiceFilter(
        choices=content_models.StrategyMilestone.choices
    )

    class Meta:
        model = content_models.StrategyUpdatePage
        fields: list[str] = []


class AwardFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=content_models.AwardStatus.choices)

    class Meta:
        model = content_models.AwardPage
        fields: list[str] = []


def _filtered(
    filterset_class: type[django_filters.FilterSet],
    data: Mapping[str, Any],
    queryset: QuerySet[Any],
) -> QuerySet[Any]:
    names = set(filterset_class.base_filters)
    filterset = filterset_class(
        {k: v for k, v in data.items() if k in names}, queryset=queryset
    )
    if not filterset.is_valid():
        raise Invalid(
            errors={
                name: [("invalid", str(message)) for message in errors]
                for name, errors in filterset.errors.items()
            },
        )
    return filterset.qs


def filter_pages(
    queryset: PageQuerySet,
    query: Mapping[str, Any],
    *,
    visible: PageQuerySet,
    typed: Mapping[type[Page], type[django_filters.FilterSet]],
) -> PageQuerySet:
    """`queryset` narrowed by a listing's validated filters.

    `visible` is what the reader may know exists (a parent outside it is not
    found); `typed` holds each page type's own filters (an event kind, an
    award's status), which narrow the listing to pages of that type.
    """
    for key in ("child_of", "descendant_of"):
        if key in query:
            parent = visible.filter(pk=query[key]).first()
            if parent is None:
                raise Invalid(
                    code="not_found",
                    errors={key: [("not_found", "No published page with this id.")]},
                )
            queryset = getattr(queryset, key)(parent)
    queryset = _filtered(PageFilter, query, queryset)
    for model, filterset_class in typed.items():
        if set(filterset_class.base_filters) & set(query):
            ids = _filtered(filterset_class, query, model.objects.all()).values("pk")
            queryset = queryset.filter(pk__in=ids)
    return queryset


# A listing's `order`: `date` sorts by the content's own date
# (content.dates), pages without one (never published) last; ties by path.
ORDERINGS: dict[str, tuple[Any, ...]] = {
    "path": ("path",),
    "date": (F("_content_date").asc(nulls_last=True), "path"),
    "-date": (F("_content_date").desc(nulls_last=True), "path"),
    "title": ("title", "path"),
    "-title": ("-title", "path"),
    "first_published_at": ("first_published_at", "path"),
    "-first_published_at": ("-first_published_at", "path"),
    "last_published_at": ("last_published_at", "path"),
    "-last_published_at": ("-last_published_at", "path"),
}


def list_pages(
    queryset: PageQuerySet,
    query: Mapping[str, Any],
    *,
    visible: PageQuerySet,
    typed: Mapping[type[Page], type[django_filters.FilterSet]],
    may_open: Callable[[str], bool],
    restricted_paths: Sequence[str],
) -> Any:
    """A listing: `queryset` filtered (`filter_pages`), then searched
    (`search_pages`, by relevance unless `order` is given) or ordered."""
    queryset = filter_pages(queryset, query, visible=visible, typed=typed)
    order = query.get("order")
    if order in ("date", "-date"):
        queryset = queryset.annotate(_content_date=content_date_expression())
    if "search" not in query:
        return queryset.order_by(*ORDERINGS[order or "path"])
    if order is not None:
        queryset = queryset.order_by(*ORDERINGS[order])
    return search_pages(
        queryset,
        query["search"],
        may_open=may_open,
        restricted_paths=restricted_paths,
        by_relevance=order is None,
    )


def search_pages(
    queryset: PageQuerySet,
    terms: str,
    *,
    may_open: Callable[[str], bool],
    restricted_paths: Sequence[str],
    by_relevance: bool,
) -> Any:
    """Search as the reader may: a members-only page they cannot open matches
    only on what they are shown of it (title and summary), never its body.

    Without this an anonymous reader could confirm any word of a members-only
    body by searching for it. The index has no notion of who reads, so the
    pages under a restriction (`restricted_paths`) that the reader cannot
    open and whose visible text has none of the words are left out before
    the search: the results stay a lazily paginated search, and the work
    grows with the restricted pages, not with the site.
    """
    if restricted_paths:
        under = Q()
        for path in restricted_paths:
            under |= Q(path__startswith=path)
        closed = [
            pk
            for pk, path in queryset.filter(under).values_list("pk", "path")
            if not may_open(path)
        ]
        if closed:
            words = [word.lower() for word in terms.split() if word]
            unmatched = [
                page.pk
                for page in Page.objects.filter(pk__in=closed).specific()
                if not any(
                    word in f"{page.title} {getattr(page, 'summary', '')}".lower()
                    for word in words
                )
            ]
            if unmatched:
                queryset = queryset.exclude(pk__in=unmatched)
    return queryset.search(terms, order_by_relevance=by_relevance)


# --- paths and redirects ---------------------------------------------------------------


def page_at_path(
    visible: PageQuerySet, *, site: Site, path: str, chain: list[str]
) -> Page | None:
    """The page at the frontend `path` in its language's tree, else at the same
    path in the trees of `chain` (an untranslated page under `/fr/` is the
    English one)."""
    prefix, rest = split_prefix(path)
    trees = {tree.language_code: tree for tree in locale_trees(site)}
    order = list(dict.fromkeys([prefix or default_language(), *chain]))
    candidates = [
        trees[code].root_url_path + rest.lstrip("/") for code in order if code in trees
    ]
    found = {page.url_path: page for page in visible.filter(url_path__in=candidates)}
    return next((found[url] for url in candidates if url in found), None)


def redirect_at(site: Site, path: str) -> Redirect | None:
    """The editors' redirect of `path` on `site` (or on every site), if any."""
    normalised = Redirect.normalise_path(path)
    return Redirect.get_for_site(site).filter(old_path=normalised).first()


def site_redirects(site: Site) -> QuerySet[Redirect]:
    return Redirect.get_for_site(site).order_by("old_path")


# --- navigation --------------------------------------------------------------------------


@dataclass
class MenuItem:
    """A page of the menu, in the language it is shown in."""

    id: int
    title: str
    url_path: str
    model_name: str
    last_published_at: Any
    locale: str
    children: list[MenuItem] = field(default_factory=list)


MENU_DEPTH = 3
_MENU_FIELDS = (
    "pk",
    "path",
    "depth",
    "title",
    "url_path",
    "content_type__model",
    "last_published_at",
    "translation_key",
)


def menu(visible: PageQuerySet, *, site: Site, locale: str) -> list[MenuItem]:
    """The pages marked "show in menus", as a tree below the home page.

    The tree is the default language's; in another language each item is its
    translation along the fallback chain, and menu pages only that language
    has are listed under their parent's item, in tree order.
    """
    root = site.root_page
    chain = fallback_chain([locale])
    below_root = {
        "show_in_menus": True,
        "depth__gt": root.depth,
        "depth__lte": root.depth + MENU_DEPTH,
    }
    rows = list(
        visible.filter(path__startswith=root.path, **below_root)
        .order_by("path")
        .values_list(*_MENU_FIELDS)
    )
    versions: dict[Any, dict[str, tuple[Any, ...]]] = {}
    own_only: list[tuple[Any, ...]] = []
    tree_keys: dict[str, Any] = {}  # path in the language's tree -> key
    if locale != default_language():
        keys = {row[7] for row in rows}
        tree = next((t for t in locale_trees(site) if t.language_code == locale), None)
        condition = Q(translation_key__in=keys)
        if tree is not None:
            condition |= Q(path__startswith=tree.root_path, **below_root)
        for row in (
            visible.filter(condition)
            .order_by("path")
            .values_list(*_MENU_FIELDS, "locale__language_code")
        ):
            versions.setdefault(row[7], {})[row[8]] = row
            if row[8] == locale:
                tree_keys[row[1]] = row[7]
                if row[7] not in keys:
                    own_only.append(row)

    def item(row: tuple[Any, ...]) -> MenuItem:
        pk, _, _, title, url_path, model_name, stamp, _, code = row
        return MenuItem(pk, title, url_path, model_name, stamp, code)

    items: list[MenuItem] = []
    by_path: dict[str, MenuItem] = {}
    by_key: dict[Any, MenuItem] = {}
    for row in rows:
        path, depth, key = row[1], row[2], row[7]
        found = versions.get(key, {})
        served = next((code for code in chain if code in found), None)
        node = item(found[served] if served else (*row, default_language()))
        by_path[path] = by_key[key] = node
        parent = by_path.get(path[: (depth - 1) * Page.steplen])
        if parent is not None:
            parent.children.append(node)
        elif depth == root.depth + 1:
            items.append(node)
    # A parent in the language's tree is known by its translation key:
    # either an English page's item, or an earlier page of this tree.
    for row in own_only:
        path, depth, key = row[1], row[2], row[7]
        node = by_key[key] = item(row)
        parent_key = tree_keys.get(path[: (depth - 1) * Page.steplen])
        if depth == root.depth + 1:
            items.append(node)
        elif parent_key in by_key:
            by_key[parent_key].children.append(node)
    return items


def home_page_id(visible: PageQuerySet, *, site: Site, chain: list[str]) -> int:
    """The home page of the first language of `chain` the site has."""
    homes = dict(
        visible.filter(
            pk__in=[tree.root_id for tree in locale_trees(site)]
        ).values_list("locale__language_code", "pk")
    )
    return next((homes[code] for code in chain if code in homes), site.root_page_id)
