from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotencyRecord(models.Model):
    """The first response to a POST that carried an `Idempotency-Key`.

    A retry with the same key, user and endpoint gets this response again
    instead of creating a second object.
    """

    key = models.CharField(max_length=255)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE
    )
    scope = models.CharField(max_length=255, help_text="Method and path.")
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the request body."
    )
    status_code = models.PositiveSmallIntegerField()
    response_body = models.JSONField()
    location = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "key", "scope"], name="unique_idempotency_key_per_user"
            ),
            models.UniqueConstraint(
                fields=["key", "scope"],
                condition=models.Q(user__isnull=True),
                name="unique_anonymous_idempotency_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key}"


class StoredPage(models.Model):
    """A page's full API representation for one rendition set, as last built.

    Built by a task right after publish and rebuilt when anything it shows
    changes; a request uses it while every version in `deps` is current (see
    `core.changes`), whatever process built it and however long ago.
    """

    page = models.ForeignKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="+"
    )
    renditions = models.CharField(
        max_length=200, help_text="The rendition names, sorted, comma-separated."
    )
    # Text, not jsonb: PostgreSQL's jsonb reorders keys, and a stored page
    # must serialise to the same bytes (and ETag) as a freshly built one.
    data = models.TextField(help_text="The representation as JSON, in API order.")
    deps = models.JSONField(
        help_text="The version of each dependency key it was built from."
    )
    code_version = models.CharField(
        max_length=40,
        default="",
        help_text="The digest of the code that built it (api.caching.code_version);"
        " a row built by other code is rebuilt, not served.",
    )
    built_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["page", "renditions"], name="unique_stored_page_renditions"
            )
        ]

    def __str__(self) -> str:
        return f"page {self.page_id} [{self.renditions}]"


class RateCounter(models.Model):
    """Requests counted in one fixed window for one throttle key.

    Where no Redis is configured, throttles count here, so every process of a
    deployment enforces one limit (the table is UNLOGGED on PostgreSQL: a
    counter is not worth a disk flush per request).
    """

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField(help_text="Unix time the window began.")
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "window_start"], name="unique_rate_counter_window"
            )
        ]

    def __str__(self) -> str:
        return f"{self.key}@{self.window_start}: {self.count}"
