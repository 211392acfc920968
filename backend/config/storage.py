"""STORAGES from the environment: the filesystem, or an S3-compatible store.

Plain data (no Django imports), so settings and tests build it the same way.
"""

from typing import Any

import environ
from django.core.exceptions import ImproperlyConfigured


def media_storages(env: environ.Env, *, private_root: str) -> dict[str, Any]:
    """`default` (public media) and `private` (grant attachments) storages.

    Without AWS_STORAGE_BUCKET_NAME both are directories. With it, media go
    to that bucket with plain URLs (on AWS_S3_CUSTOM_DOMAIN, a CDN, when
    given) and attachments to PRIVATE_STORAGE_BUCKET_NAME, or to the
    PRIVATE_STORAGE_LOCATION prefix of the media bucket, written private.
    """
    bucket = env.str("AWS_STORAGE_BUCKET_NAME", default="")
    if not bucket:
        return {
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "private": {
                "BACKEND": "core.storage.PrivateFileSystemStorage",
                "OPTIONS": {"location": private_root},
            },
        }
    s3 = {
        "bucket_name": bucket,
        "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
        "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
        "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
        "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
        "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
        "file_overwrite": False,
    }
    private_bucket = env.str("PRIVATE_STORAGE_BUCKET_NAME", default="") or bucket
    private_location = env.str("PRIVATE_STORAGE_LOCATION", default="private")
    media_location = env.str("AWS_LOCATION", default="")
    if private_bucket == bucket and not private_location.strip("/"):
        raise ImproperlyConfigured(
            "Grant attachments need PRIVATE_STORAGE_BUCKET_NAME or a "
            "PRIVATE_STORAGE_LOCATION prefix apart from the public media."
        )
    return {
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {
                **s3,
                "location": media_location,
                "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
                # Public media have plain URLs, so stored page representations
                # keep working links (signed ones would expire inside them).
                "querystring_auth": env.bool("AWS_QUERYSTRING_AUTH", default=False),
                "default_acl": env.str("AWS_DEFAULT_ACL", default="") or None,
            },
        },
        "private": {
            "BACKEND": "core.storage.PrivateS3Storage",
            "OPTIONS": {
                **s3,
                "bucket_name": private_bucket,
                "location": private_location,
                "default_acl": "private",
                "querystring_auth": True,
            },
        },
    }
