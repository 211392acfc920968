"""Private storage for application attachments: never under MEDIA_ROOT/URL.

Which storage that is (a directory, or a private S3 bucket or prefix) is
settings' `STORAGES["private"]`; see `core.storage`.
"""

from core.storage import private_storage as _private_storage


def private_storage():
    return _private_storage
