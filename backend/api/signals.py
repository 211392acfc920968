"""What invalidates cached API responses (see `caching.py`)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.signals import page_published, page_unpublished, post_page_move

from .caching import bump


def _later(*deps: str) -> None:
    # After commit: a reader must never cache the old state under a new version.
    transaction.on_commit(lambda: bump(*deps))


def _page_changed(sender: Any, instance: Page, **kwargs: Any) -> None:
    _later(f"page:{instance.pk}", "pages")


def _page_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Paths of the page and all its descendants changed, and so did every link to them.
    _later("tree", "pages")


def _object_changed(kind: str) -> Any:
    def handler(sender: Any, instance: Any, **kwargs: Any) -> None:
        _later(f"{kind}:{instance.pk}")

    return handler


def _snippet_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    _later(f"snippet:{instance._meta.label_lower}:{instance.pk}")


def _constant(*deps: str) -> Any:
    def handler(sender: Any, **kwargs: Any) -> None:
        _later(*deps)

    return handler


def connect() -> None:
    from content.models import Person, Testimonial
    from core.models import Organisation, SiteSettings

    page_published.connect(_page_changed, dispatch_uid="api-cache-published")
    page_unpublished.connect(_page_changed, dispatch_uid="api-cache-unpublished")
    post_page_move.connect(_page_moved, dispatch_uid="api-cache-moved")
    post_delete.connect(
        _page_changed, sender=Page, dispatch_uid="api-cache-page-deleted"
    )
    for model in (Organisation, Person, Testimonial):
        post_save.connect(
            _snippet_changed,
            sender=model,
            dispatch_uid=f"api-cache-save-{model.__name__}",
        )
        post_delete.connect(
            _snippet_changed,
            sender=model,
            dispatch_uid=f"api-cache-del-{model.__name__}",
        )
    for model, kind in (
        (get_image_model(), "image"),
        (get_document_model(), "document"),
    ):
        post_save.connect(
            _object_changed(kind),
            sender=model,
            dispatch_uid=f"api-cache-save-{kind}",
            weak=False,
        )
        post_delete.connect(
            _object_changed(kind),
            sender=model,
            dispatch_uid=f"api-cache-del-{kind}",
            weak=False,
        )
    for model, deps in (
        (SiteSettings, ("settings",)),
        (Redirect, ("redirects",)),
        (PageViewRestriction, ("restrictions",)),
        (Site, ("tree", "settings")),
    ):
        post_save.connect(
            _constant(*deps),
            sender=model,
            dispatch_uid=f"api-cache-save-{model.__name__}",
            weak=False,
        )
        post_delete.connect(
            _constant(*deps),
            sender=model,
            dispatch_uid=f"api-cache-del-{model.__name__}",
            weak=False,
        )
