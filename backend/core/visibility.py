"""Who may see an image or a document: one rule for every path that shows one.

An image or document in a private collection (a `CollectionViewRestriction`
on its collection or any ancestor) is not public. The API's `images/{id}/`,
every image and document embedded in a page payload (chooser blocks, rich
text, listing images) and `/media/` all ask this module, so no path shows
what another hides. The test is a subquery (no extra query per object).
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db.models import Exists, OuterRef, QuerySet
from django.db.models.functions import Length, Substr
from django.http import HttpRequest
from wagtail.models import Collection, CollectionViewRestriction

_QS = TypeVar("_QS", bound=QuerySet[Any])


def in_private_collection(collection_path: str = "collection__path") -> Exists:
    """True for rows whose collection is, or sits under, a restricted one."""
    return Exists(
        CollectionViewRestriction.objects.filter(
            collection__path=Substr(
                OuterRef(collection_path), 1, Length("collection__path")
            )
        )
    )


def public_only(queryset: _QS) -> _QS:
    """Images or documents (anything with a `collection`) that are public."""
    return queryset.exclude(in_private_collection())


def restrictions_of(collection: Collection) -> list[CollectionViewRestriction]:
    return list(
        CollectionViewRestriction.objects.filter(
            collection__in=collection.get_ancestors(inclusive=True)
        )
    )


def request_passes(request: HttpRequest, collection: Any) -> bool:
    """Whether this request may see what is in `collection` (Wagtail's rules)."""
    return all(r.accept_request(request) for r in restrictions_of(collection))


def document_hidden_by_pages(document: Any, request: HttpRequest) -> bool:
    """Whether every page that links `document` is one this request may not see.

    A document in a public collection linked only from members-only (or
    unpublished) pages is part of those pages: serving it to anyone with its
    URL would publish what the pages hide. Linked from at least one page the
    reader may see, or from no page at all (a file editors publish by its
    URL, e.g. from a snippet or a newsletter), it is public as its collection
    says. People who edit in the admin see everything they could preview.
    """
    from wagtail.models import Page, ReferenceIndex

    user = getattr(request, "user", None)
    if user is not None and user.has_perm("wagtailadmin.access_admin"):
        return False
    page_ids = {
        int(pk)
        for pk in ReferenceIndex.get_references_to(document)
        .filter(
            base_content_type__app_label="wagtailcore",
            base_content_type__model="page",
        )
        .values_list("object_id", flat=True)
    }
    if not page_ids:
        return False
    for page in Page.objects.filter(pk__in=page_ids, live=True):
        if all(r.accept_request(request) for r in page.get_view_restrictions()):
            return False
    return True
