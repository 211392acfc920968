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
from django.db.models import Q, QuerySet
from wagtail.models import Page, PageViewRestriction, Site

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


def site_pages(
    *, site: Site, access: Access, model: type[Page] = Page
) -> QuerySet[Page]:
    """Live pages of `site` that anyone may know exist (members-only included)."""
    root = site.root_page
    queryset = model.objects.live().filter(
        path__startswith=root.path, depth__gte=root.depth
    )
    excluded = Q()
    for path in access.password_paths():
        excluded |= Q(path__startswith=path)
    if excluded:
        queryset = queryset.exclude(excluded)
    return queryset


def frontend_path(*, url_path: str, root_url_path: str) -> str:
    """The page's path on the frontend: its url_path below the site root."""
    if not url_path.startswith(root_url_path):
        return url_path
    return "/" + url_path[len(root_url_path) :]
