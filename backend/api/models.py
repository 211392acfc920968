from django.conf import settings
from django.db import models


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
