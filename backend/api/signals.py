"""What changes what the API serves: each is logged in the content change log.

Handlers run inside the change's own transaction and call
`core.changes.record`, which writes the log row and bumps the dependency
versions with it (see `caching.py` for how reads use them).
"""

from __future__ import annotations

from typing import Any

from django.apps import apps
from django.db.models.signals import m2m_changed, post_delete, post_save
from django_tasks.signals import task_finished
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    CollectionViewRestriction,
    Page,
    PageViewRestriction,
    ReferenceIndex,
    Site,
)
from wagtail.signals import page_published, page_unpublished, post_page_move

from core.changes import bump, change_committed, record
from core.models import ContentChangeKind as Kind

# Page fields a draft save writes; saving only these changes nothing live.
DRAFT_FIELDS = frozenset(
    {
        "latest_revision",
        "latest_revision_created_at",
        "has_unpublished_changes",
        "draft_title",
        "locked",
        "locked_at",
        "locked_by",
    }
)
SEARCH_TASKS = ("insert_or_update_object_task", "delete_object_task")


def _label(instance: Any) -> str:
    return instance._meta.label_lower


def _subtree_ids(page: Page) -> list[int]:
    return list(
        Page.objects.filter(path__startswith=page.path).values_list("pk", flat=True)
    )


def _referencing_pages(instance: Any) -> list[int]:
    """Pages that show `instance`, from Wagtail's reference index."""
    references = ReferenceIndex.get_references_to(instance).filter(
        base_content_type__app_label="wagtailcore",
        base_content_type__model="page",
    )
    return sorted({int(pk) for pk in references.values_list("object_id", flat=True)})


def _described(page: Page) -> list[dict[str, Any]]:
    """The page as the log keeps it: enough for a tombstone once it is gone."""
    from .content.serializers import page_type_name

    model = page.specific_class
    return [
        {
            "id": page.pk,
            "type": page_type_name(model) if model is not None else None,
            "url_path": page.url_path,
            "live": page.live,
        }
    ]


def _record_page(
    kind: str, page: Page, *, page_ids: list[int] | None = None, deps: list[str]
) -> None:
    record(
        kind=kind,
        object_type="wagtailcore.page",
        object_id=page.pk,
        page_ids=page_ids or [page.pk],
        pages=_described(page),
        deps=deps,
    )


def _page_event(kind: str) -> Any:
    """A publish, unpublish or delete: the page itself, and every listing."""

    def handler(sender: Any, instance: Page, **kwargs: Any) -> None:
        from .content.pages import translations_dep

        # Its other language versions list it in `meta.translations`: their
        # stored representations go stale with this key and are re-rendered
        # on their next read (the change itself is about this page only).
        _record_page(
            kind,
            instance,
            deps=[
                f"page:{instance.pk}",
                "pages",
                translations_dep(instance.translation_key),
            ],
        )

    return handler


def _page_saved(
    sender: Any, instance: Any, update_fields: Any = None, **kwargs: Any
) -> None:
    # A live page saved directly (a shell, a data fix) changes what is served
    # without a publish; a draft save does not. Publishes are logged by their
    # own signal, this only keeps versions exact.
    if not isinstance(instance, Page) or kwargs.get("raw") or not instance.live:
        return
    if update_fields is not None and set(update_fields) <= DRAFT_FIELDS:
        return
    from .content.pages import translations_dep

    bump([f"page:{instance.pk}", "pages", translations_dep(instance.translation_key)])


def _page_moved(sender: Any, instance: Page, **kwargs: Any) -> None:
    # Paths of the page and all its descendants changed, and so did every link to them.
    _record_page(
        Kind.PAGE_MOVED,
        instance,
        page_ids=_subtree_ids(instance),
        deps=["tree", "pages"],
    )


def _restriction_changed(
    sender: Any, instance: PageViewRestriction, **kwargs: Any
) -> None:
    page = Page.objects.filter(pk=instance.page_id).first()
    record(
        kind=Kind.RESTRICTION_CHANGED,
        object_type=_label(instance),
        object_id=instance.pk,
        page_ids=_subtree_ids(page) if page is not None else [],
        pages=_described(page) if page is not None else [],
        deps=["restrictions"],
    )


def _collection_restriction_changed(
    sender: Any, instance: CollectionViewRestriction, **kwargs: Any
) -> None:
    """A collection made private or public again: its images and documents.

    `images/{id}/` and every page showing one of them depend on it; the pages
    are re-rendered (their stored representation drops or regains it).
    """
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return
    subtree = Collection.objects.filter(path__startswith=collection.path)
    deps = ["restrictions"]
    page_ids: set[int] = set()
    for model, prefix in (
        (get_image_model(), "image"),
        (get_document_model(), "document"),
    ):
        for obj in model.objects.filter(collection__in=subtree).only("pk"):
            deps.append(f"{prefix}:{obj.pk}")
            page_ids.update(_referencing_pages(obj))
    record(
        kind=Kind.RESTRICTION_CHANGED,
        object_type=_label(instance),
        object_id=instance.pk,
        page_ids=sorted(page_ids),
        deps=deps,
    )


def _on_save_and_delete(handler: Any, model: Any, purpose: str) -> None:
    """Connect `handler` to `model`'s saves and deletes, once per `purpose`."""
    for signal, verb in ((post_save, "save"), (post_delete, "del")):
        signal.connect(
            handler,
            sender=model,
            dispatch_uid=f"api-{purpose}-{verb}-{model._meta.label_lower}",
            weak=False,
        )


def _groups_changed(changed: Any, model: type) -> Any:
    """The m2m handler of a restriction's groups: the restriction changed."""

    def handler(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
        if action in ("post_add", "post_remove", "post_clear") and isinstance(
            instance, model
        ):
            changed(sender, instance)

    return handler


def _referenced_object_changed(kind: str, dep_prefix: str) -> Any:
    def handler(sender: Any, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):
            return
        record(
            kind=kind,
            object_type=_label(instance),
            object_id=instance.pk,
            page_ids=_referencing_pages(instance),
            deps=[f"{dep_prefix}:{instance.pk}"],
        )

    return handler


def _language_versions(instance: Any) -> list[Any]:
    """`instance` and its other language versions (a page shows whichever of
    them its language calls for, whichever one it references)."""
    others = (
        type(instance)
        ._default_manager.filter(translation_key=instance.translation_key)
        .exclude(pk=instance.pk)
    )
    return [instance, *others]


def _snippet_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    label = _label(instance)
    group = _language_versions(instance)
    record(
        kind=Kind.SNIPPET_CHANGED,
        object_type=label,
        object_id=instance.pk,
        page_ids=[pk for version in group for pk in _referencing_pages(version)],
        deps=[f"snippet:{label}:{version.pk}" for version in group],
    )


def _constant(kind: str, *deps: str) -> Any:
    def handler(sender: Any, instance: Any, **kwargs: Any) -> None:
        if kwargs.get("raw"):
            return
        record(
            kind=kind, object_type=_label(instance), object_id=instance.pk, deps=deps
        )

    return handler


def _search_indexed(sender: Any, task_result: Any, **kwargs: Any) -> None:
    # Wagtail updates the search index in a background task after the save:
    # cached search results depend on the index, not only on the pages.
    if task_result.task.func.__name__ in SEARCH_TASKS:
        bump(["search"])


# Grants and membership data the public endpoints show: not pages, so not
# in the content change log, but versioned the same way (a bump in the
# change's own transaction, seen by every process at once).
GRANT_ROUNDS_DEP = "grants:rounds"
GRANT_AWARDS_DEP = "grants:awards"
MEMBERSHIP_TYPES_DEP = "membership:types"


def _bump_on_change(*deps: str) -> Any:
    def handler(sender: Any, instance: Any, **kwargs: Any) -> None:
        if not kwargs.get("raw"):
            bump(deps)

    return handler


def _award_was_shown(sender: Any, instance: Any, **kwargs: Any) -> None:
    # An award that stops being one (a decision corrected) leaves the list:
    # remember the status it had before this save.
    instance._was_awarded = bool(
        instance.pk and sender.objects.filter(pk=instance.pk, status="awarded").exists()
    )


def _award_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw"):
        return
    if instance.status == "awarded" or getattr(instance, "_was_awarded", False):
        bump([GRANT_AWARDS_DEP])


def _connect_grants_and_membership() -> None:
    from django.db.models.signals import pre_save

    from grants.models import Application, GrantRound
    from membership.models import MembershipFee, MembershipType

    for model, deps in (
        (GrantRound, (GRANT_ROUNDS_DEP,)),
        (MembershipType, (MEMBERSHIP_TYPES_DEP,)),
        (MembershipFee, (MEMBERSHIP_TYPES_DEP,)),
    ):
        _on_save_and_delete(_bump_on_change(*deps), model, "bump")
    pre_save.connect(
        _award_was_shown, sender=Application, dispatch_uid="api-award-was-shown"
    )
    _on_save_and_delete(_award_changed, Application, "award")


def _refresh_stored_pages(sender: Any, change: Any, **kwargs: Any) -> None:
    from .tasks import refresh_stored_pages

    refresh_stored_pages.enqueue(change_id=change.pk)


def connect() -> None:
    from core.models import SiteSettings, SiteText

    page_published.connect(
        _page_event(Kind.PAGE_PUBLISHED),
        dispatch_uid="api-change-published",
        weak=False,
    )
    page_unpublished.connect(
        _page_event(Kind.PAGE_UNPUBLISHED),
        dispatch_uid="api-change-unpublished",
        weak=False,
    )
    post_page_move.connect(_page_moved, dispatch_uid="api-change-moved")
    # Every page type's save (post_save is sent for the concrete class only).
    post_save.connect(_page_saved, dispatch_uid="api-change-page-saved")
    post_delete.connect(
        _page_event(Kind.PAGE_DELETED),
        sender=Page,
        dispatch_uid="api-change-deleted",
        weak=False,
    )
    # Every snippet the API renders (`resolver.snippet_renderer`; a test
    # holds that to Wagtail's `get_snippet_models()`).
    from .content.resolver import SNIPPET_SERIALIZERS

    for model in map(apps.get_model, SNIPPET_SERIALIZERS):
        _on_save_and_delete(_snippet_changed, model, "change")
    for model, kind, prefix in (
        (get_image_model(), Kind.IMAGE_CHANGED, "image"),
        (get_document_model(), Kind.DOCUMENT_CHANGED, "document"),
    ):
        _on_save_and_delete(_referenced_object_changed(kind, prefix), model, "change")
    for restriction, changed in (
        (PageViewRestriction, _restriction_changed),
        (CollectionViewRestriction, _collection_restriction_changed),
    ):
        _on_save_and_delete(changed, restriction, "change")
        m2m_changed.connect(
            _groups_changed(changed, restriction),
            sender=restriction.groups.through,
            dispatch_uid=f"api-change-groups-{restriction._meta.label_lower}",
            weak=False,
        )
    for model, kind, deps in (
        (SiteSettings, Kind.SETTING_CHANGED, ("settings",)),
        (SiteText, Kind.SETTING_CHANGED, ("settings",)),
        (Redirect, Kind.REDIRECT_CHANGED, ("redirects",)),
        (Site, Kind.SITE_CHANGED, ("tree", "settings")),
    ):
        _on_save_and_delete(_constant(kind, *deps), model, "change")
    task_finished.connect(_search_indexed, dispatch_uid="api-change-search-indexed")
    _connect_grants_and_membership()
    change_committed.connect(
        _refresh_stored_pages, dispatch_uid="api-refresh-stored-pages"
    )
