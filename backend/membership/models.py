"""Membership types and their fees, members' profiles and memberships."""

from datetime import date

from django.conf import settings
from django.db import models
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from .regions import Currency, Region
from .status import MembershipStatus, StatusInputs, compute_status


class MembershipType(ClusterableModel):
    """A kind of membership staff offer, with its fees by region and currency."""

    name = models.CharField(max_length=255, unique=True)
    slug = models.SlugField(max_length=255, unique=True)
    description = models.TextField(blank=True)
    eligibility = models.TextField(
        blank=True, help_text="Who may join with this type, in plain words."
    )
    is_international = models.BooleanField(
        default=False,
        help_text="For members living and working outside the home country.",
    )
    is_open = models.BooleanField(
        default=True, help_text="Whether people can apply for it now."
    )
    duration_months = models.PositiveSmallIntegerField(default=12)
    grace_days = models.PositiveSmallIntegerField(
        default=30,
        help_text="Days after the end date during which a member keeps access.",
    )
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("description"),
        FieldPanel("eligibility"),
        MultiFieldPanel(
            [
                FieldPanel("is_international"),
                FieldPanel("is_open"),
                FieldPanel("duration_months"),
                FieldPanel("grace_days"),
                FieldPanel("sort_order"),
            ],
            heading="Terms",
        ),
        InlinePanel("fees", heading="Fees", label="Fee"),
    ]

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name


class MembershipFee(Orderable):
    """The fee for one region in one currency, in minor units (pence, cents)."""

    membership_type = ParentalKey(
        MembershipType, on_delete=models.CASCADE, related_name="fees"
    )
    region = models.CharField(max_length=20, choices=Region.choices)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    amount_minor = models.PositiveIntegerField(
        help_text="In minor units: 4500 is 45.00."
    )

    panels = [FieldPanel("region"), FieldPanel("currency"), FieldPanel("amount_minor")]

    class Meta(Orderable.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["membership_type", "region", "currency"],
                name="unique_membership_fee_per_region_currency",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.currency} {self.amount_minor}"


class MemberProfile(models.Model):
    """What a person tells us about themselves; one per user account."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="member_profile",
    )
    name = models.CharField(max_length=255, blank=True)
    country = CountryField(blank=True)
    institution = models.CharField(max_length=255, blank=True)
    job_title = models.CharField(max_length=255, blank=True)
    newsletter_opt_in = models.BooleanField(
        default=False, help_text="Wants the international newsletter by email."
    )
    events_opt_in = models.BooleanField(
        default=False, help_text="Wants invitations to events by email."
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return self.name or f"profile {self.pk}"


class Membership(models.Model):
    """One person's membership of one type, from application to expiry.

    `status` is stored so lists can filter on it, and recomputed from the
    dates by `compute_status` whenever something changes and once a day.
    """

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    membership_type = models.ForeignKey(
        MembershipType, on_delete=models.PROTECT, related_name="memberships"
    )
    status = models.CharField(
        max_length=20,
        choices=MembershipStatus.choices,
        default=MembershipStatus.PENDING,
        db_index=True,
    )
    status_override = models.CharField(
        max_length=20,
        choices=MembershipStatus.choices,
        blank=True,
        help_text="Staff only: this status wins over the one the dates give.",
    )
    country = CountryField(help_text="Where the member lives and works.")
    region = models.CharField(max_length=20, choices=Region.choices)
    currency = models.CharField(max_length=3, choices=Currency.choices)
    fee_minor = models.PositiveIntegerField(
        help_text="Fee due for one period, in minor units, fixed at application."
    )
    professional_details = models.TextField(blank=True)
    joined_on = models.DateField(help_text="The day the person applied.")
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    rejected = models.BooleanField(default=False)
    rejection_reason = models.TextField(blank=True)
    cancelled_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("status_override"),
        FieldPanel("start_date"),
        FieldPanel("end_date"),
    ]

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        who = getattr(self.member, "email", "") or f"account {self.member_id}"
        return f"{who}: {self.membership_type}"

    def status_on(self, today: date) -> MembershipStatus:
        return compute_status(
            StatusInputs(
                start_date=self.start_date,
                end_date=self.end_date,
                grace_days=self.membership_type.grace_days,
                rejected=self.rejected,
                cancelled=self.cancelled_on is not None,
                override=self.status_override,
            ),
            today=today,
        )
