"""Images of private collections are private objects on an S3-compatible store.

Public media are plain bucket URLs that anyone may read (`AWS_DEFAULT_ACL`,
e.g. `public-read`): stored page representations keep working links. An
image in a private collection must not be readable that way. Its original
and every rendition are written, or turned, `private`; the API links them
through the permission-checked `/media/` view (`core.media`), which reads
them with the application's credentials. Making the collection public again
gives the files the bucket's default ACL back.

On the filesystem (no bucket) there is nothing to do: `/media/` is the only
way to the files, and it checks the collection.

A bucket made public by a bucket policy rather than by object ACLs cannot be
protected this way (a policy's grant wins over a private ACL); the setup
documented in .env.example uses ACLs.
"""

from __future__ import annotations

import logging
from typing import Any

from django.core.files.storage import default_storage
from django.db.models.signals import post_delete, post_save
from wagtail.images import get_image_model
from wagtail.models import Collection, CollectionViewRestriction

from .visibility import in_private_collection

logger = logging.getLogger(__name__)
PRIVATE_ACL = "private"


def bucket_storage() -> Any | None:
    """The media storage when it is a bucket (django-storages' S3Storage)."""
    storage = default_storage
    if hasattr(storage, "bucket") and hasattr(storage, "_normalize_name"):
        return storage
    return None


def is_private_image(image: Any) -> bool:
    annotated = getattr(image, "is_private", None)
    if annotated is not None:
        return bool(annotated)
    return bool(
        get_image_model()
        .objects.filter(pk=image.pk)
        .annotate(private=in_private_collection())
        .values_list("private", flat=True)
        .first()
    )


def _put_acl(storage: Any, name: str, acl: str) -> None:
    from storages.utils import clean_name

    key = storage._normalize_name(clean_name(name))
    try:
        storage.bucket.Object(key).Acl().put(ACL=acl)
    except Exception:  # a missing object must not fail an editor's save
        logger.exception("could not set the ACL of %s to %s", key, acl)


def sync_image_acl(image: Any, *, private: bool | None = None) -> None:
    """Give the image's original and renditions the ACL its collection asks."""
    storage = bucket_storage()
    if storage is None or not image.file:
        return
    if private is None:
        private = is_private_image(image)
    acl = PRIVATE_ACL if private else getattr(storage, "default_acl", None)
    if not acl:
        return
    names = [image.file.name, *image.renditions.values_list("file", flat=True)]
    for name in names:
        if name:
            _put_acl(storage, name, acl)


def _image_saved(sender: Any, instance: Any, raw: bool = False, **kwargs: Any) -> None:
    if not raw:
        sync_image_acl(instance)


def _rendition_saved(
    sender: Any, instance: Any, raw: bool = False, **kwargs: Any
) -> None:
    storage = bucket_storage()
    if raw or storage is None or not instance.file:
        return
    if is_private_image(instance.image):
        _put_acl(storage, instance.file.name, PRIVATE_ACL)


def _restriction_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    if bucket_storage() is None:
        return
    collection = Collection.objects.filter(pk=instance.collection_id).first()
    if collection is None:
        return
    images = (
        get_image_model()
        .objects.filter(collection__path__startswith=collection.path)
        .annotate(is_private=in_private_collection())
    )
    for image in images:
        sync_image_acl(image, private=image.is_private)


def connect() -> None:
    Image = get_image_model()
    post_save.connect(_image_saved, sender=Image, dispatch_uid="core-acl-image")
    post_save.connect(
        _rendition_saved,
        sender=Image.get_rendition_model(),
        dispatch_uid="core-acl-rendition",
    )
    for signal, verb in ((post_save, "save"), (post_delete, "del")):
        signal.connect(
            _restriction_changed,
            sender=CollectionViewRestriction,
            dispatch_uid=f"core-acl-{verb}-collection-restriction",
        )
