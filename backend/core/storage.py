"""Storage backends: public media, and private files (grant attachments).

`STORAGES["private"]` is the one place private files live: a directory
outside MEDIA_ROOT, or a private bucket or prefix on an S3-compatible store.
Neither has a public URL; the permission-checked endpoints stream the file.
"""

from typing import Any

from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage


class PrivateFileSystemStorage(FileSystemStorage):
    """Files here have no public URL; the API and admin stream them after a check."""

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no public URL.")


class PrivateS3Storage(S3Storage):
    """Objects written private (never listable or readable anonymously).

    `url()` would hand out a signed URL; nothing here calls it, and it is
    refused so that no template or serializer leaks one by accident.
    """

    default_acl = "private"
    querystring_auth = True

    def get_default_settings(self) -> dict[str, Any]:
        defaults = super().get_default_settings()
        return {**defaults, "default_acl": "private", "querystring_auth": True}

    def url(self, name: str | None, *args: Any, **kwargs: Any) -> str:
        raise ValueError("Private files have no public URL.")


class PrivateStorage(LazyObject):
    """`storages["private"]`, looked up when first used (so tests can swap it)."""

    def _setup(self) -> None:
        self._wrapped: Storage = storages["private"]


private_storage = PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting: str, **kwargs: Any) -> None:
    if setting == "STORAGES":
        private_storage._wrapped = empty
