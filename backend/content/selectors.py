"""Reads of published pages for the API and feeds: who may see what.

Rules (the same for lists, detail, resolve, search, sitemap and navigation):
- only live pages of the site, never drafts;
- pages under a password restriction never appear, nor do their descendants;
- pages under a login or group restriction ("members-only") are listed with
  their public fields; their protected fields only for a user who passes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Q
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.query import PageQuerySet

from core.locales import content_languages, default_language

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
