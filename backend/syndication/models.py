"""Partner API keys: how partner organisations abroad read the API at their own rate."""

from django.db import models
from django.utils import timezone


class Scope(models.TextChoices):
    CONTENT = "content", "Content (pages, images, navigation, site)"
    GRANTS = "grants", "Grants (schemes, rounds, awards, open data)"
    MEMBERSHIP = "membership", "Membership types"


class PartnerKeyQuerySet(models.QuerySet):
    def usable(self, *, now=None):
        now = now or timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class PartnerKey(models.Model):
    """A key a partner sends as `Authorization: Api-Key <key>`.

    Only a SHA-256 digest of the secret is stored: the key is shown once, when
    it is made. Keys are random 256-bit secrets, so a fast digest is enough.
    """

    name = models.CharField(
        max_length=150,
        help_text="Who uses the key and for what, e.g. 'IFLA newsroom feed'.",
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_keys",
        help_text="The partner organisation the key belongs to.",
    )
    prefix = models.CharField(
        max_length=12,
        unique=True,
        editable=False,
        help_text="The key's public part, to recognise it.",
    )
    digest = models.CharField(max_length=64, editable=False)
    scopes = models.JSONField(
        default=list, help_text="Parts of the API the key may be used for."
    )
    rate = models.CharField(
        max_length=20,
        default="600/min",
        help_text="Requests allowed per period, e.g. '600/min' or '20000/day'.",
    )
    expires_at = models.DateTimeField(
        null=True, blank=True, help_text="Leave empty for a key that does not expire."
    )
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnerKeyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and (
            self.expires_at is None or self.expires_at > timezone.now()
        )


# --- webhooks -------------------------------------------------------------------------


class WebhookEvent(models.TextChoices):
    PAGE_PUBLISHED = (
        "page.published",
        "Page published (first time, or again after unpublishing)",
    )
    PAGE_UPDATED = "page.updated", "Live page updated"
    PAGE_UNPUBLISHED = "page.unpublished", "Page unpublished"
    PAGE_DELETED = "page.deleted", "Page deleted"
    PAGE_MOVED = "page.moved", "Page moved"
    GRANT_AWARDED = "grant.awarded", "Grant awarded"


class WebhookEndpoint(models.Model):
    """A partner's or frontend's URL that is told when content changes.

    The signing secret must be read back to sign, so it is stored as is; the
    admin shows it once, when it is made or rotated. After a rotation the old
    secret signs too until `previous_secret_expires_at`, so a receiver can
    switch over without losing a message.
    """

    name = models.CharField(
        max_length=150, help_text="Who receives it and why, e.g. 'Frontend CDN purge'."
    )
    owner_email = models.EmailField(
        help_text="Told when the endpoint keeps failing and is disabled."
    )
    url = models.URLField(max_length=500, help_text="Where events are POSTed.")
    events = models.JSONField(default=list, help_text="Events sent to this endpoint.")
    enabled = models.BooleanField(default=True)
    secret = models.CharField(max_length=100, editable=False)
    previous_secret = models.CharField(max_length=100, blank=True, editable=False)
    previous_secret_expires_at = models.DateTimeField(
        null=True, blank=True, editable=False
    )
    failed_deliveries = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Consecutive deliveries whose every attempt failed.",
    )
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    disabled_reason = models.CharField(max_length=300, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Waiting for its next attempt"
    SENDING = "sending", "Sending"
    DELIVERED = "delivered", "Delivered"
    FAILED = "failed", "Failed (gave up)"
    CANCELLED = "cancelled", "Cancelled (endpoint disabled)"


class WebhookDelivery(models.Model):
    """One message to one endpoint: the outbox row and its delivery log.

    Written in the transaction of the change it announces. `message_id` is the
    `webhook-id` header, the same on every attempt, so receivers deduplicate.
    A worker sending it holds a lease (`lease_expires_at`); if it dies, the
    lease runs out and the message is sent again under the same id.
    """

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(max_length=32, choices=WebhookEvent.choices)
    change = models.ForeignKey(
        "core.ContentChange",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message_id = models.CharField(max_length=64, unique=True)
    body = models.TextField(help_text="The JSON body, byte for byte on every attempt.")
    status = models.CharField(
        max_length=16,
        choices=DeliveryStatus.choices,
        default=DeliveryStatus.PENDING,
        db_index=True,
    )
    attempts = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    lease_expires_at = models.DateTimeField(null=True, blank=True)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = "webhook deliveries"

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint} ({self.status})"


class WebhookAttempt(models.Model):
    """One HTTP attempt of a delivery: the log an admin reads."""

    delivery = models.ForeignKey(
        WebhookDelivery, on_delete=models.CASCADE, related_name="attempt_log"
    )
    number = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(null=True, blank=True)
    response_code = models.PositiveIntegerField(null=True, blank=True)
    response_excerpt = models.TextField(blank=True)
    error = models.CharField(max_length=300, blank=True)
    succeeded = models.BooleanField(default=False)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        return f"{self.delivery_id} #{self.number}"


class PurgeCursor(models.Model):
    """How far down the content change log the CDN purges have been sent.

    One row per pass (`immediate`, right after each commit; `settle`, the
    same tags again a few seconds later, for a response that was being
    built from the old data while the change committed). A pass purges the
    dependency keys of the rows after `last_change_id`, then moves it on in
    the same transaction: a failed purge leaves it where it was, so the next
    attempt sends those tags again (purges are idempotent).
    """

    name = models.CharField(max_length=32, primary_key=True)
    last_change_id = models.BigIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    last_error = models.TextField(blank=True)

    def __str__(self) -> str:
        return f"{self.name} after {self.last_change_id}"
