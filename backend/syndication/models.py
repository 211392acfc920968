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
