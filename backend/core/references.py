"""Dead links stay in Wagtail's reference index while the linking content keeps them.

Wagtail drops every reference *to* a page when it is deleted, so nothing would
remember that a rich text link or a page chooser now points nowhere. After a
delete commits, the content that linked to the page is indexed again: links
still in its fields come back as references to a page that does not exist,
which is what the broken-links report lists, until an editor removes them.
"""

from django.db import transaction
from django.db.models.signals import pre_delete
from wagtail.models import Page, ReferenceIndex


def _reindex(sources: set[tuple[int, str]]) -> None:
    from django.contrib.contenttypes.models import ContentType

    for content_type_id, object_id in sorted(sources):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is None:
            continue
        source = model._default_manager.filter(pk=object_id).first()
        if source is not None:
            ReferenceIndex.create_or_update_for_object(source)


def keep_references_to_deleted_page(sender, instance, **kwargs) -> None:
    if not isinstance(instance, Page):
        return
    sources = set(
        ReferenceIndex.get_references_to(instance).values_list(
            "content_type_id", "object_id"
        )
    )
    if sources:
        transaction.on_commit(lambda: _reindex(sources))


def connect() -> None:
    pre_delete.connect(keep_references_to_deleted_page, dispatch_uid="core-dead-links")
