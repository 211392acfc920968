"""Grant schemes (pages), their rounds, applications, attachments and audit trail."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable

from core.choices import Currency
from core.forms import ZonedTimes, ZonedTimesPageForm
from core.models import BasePage, FundedMixin

from .blocks import QuestionsBlock
from .status import RoundStatus, RoundStatusOverride, round_status
from .storage import private_storage
from .workflow import ApplicationStatus


def validate_timezone(value: str) -> None:
    # Not `choices`: the zone list follows tzdata, and migrations must not.
    if value not in available_timezones():
        raise ValidationError(f"{value!r} is not an IANA time zone name.")


def timezone_choices() -> list[tuple[str, str]]:
    return sorted((name, name) for name in available_timezones())


class SchemeKind(models.TextChoices):
    PROJECT_GRANT = "project_grant", "Project grant"
    TRAVEL_BURSARY = "travel_bursary", "Travel bursary"
    CONFERENCE_SUPPORT = "conference_support", "Conference support"


class OrganisationType(models.TextChoices):
    PUBLIC_LIBRARY = "public_library", "Public library service"
    ACADEMIC_LIBRARY = "academic_library", "Academic or research library"
    NATIONAL_LIBRARY = "national_library", "National library"
    LOCAL_AUTHORITY = "local_authority", "Local authority"
    CHARITY = "charity", "Charity"
    COMPANY = "company", "Company"
    OTHER = "other", "Other"


class GrantsIndexPage(BasePage):
    """The grants section: lists the schemes under it."""

    intro = RichTextField(
        blank=True,
        features=["bold", "italic", "link"],
        help_text="Introduces the grant schemes listed below.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]

    page_description = "The grants section; lists the grant schemes under it."
    parent_page_types = ["content.HomePage"]
    subpage_types = ["grants.GrantSchemePage"]
    max_count = 1

    class Meta:
        verbose_name = "grants index page"


class GrantSchemePageForm(ZonedTimesPageForm):
    zoned_times = {
        "rounds": ZonedTimes(zone="timezone", times=("opens_at", "closes_at"))
    }


class GrantSchemePage(FundedMixin, BasePage):
    """A grant scheme: who may apply, for how much, and the questions asked."""

    kind = models.CharField(
        max_length=32,
        choices=SchemeKind.choices,
        help_text="What the scheme funds; frontends group schemes by it.",
    )
    eligibility = RichTextField(
        blank=True, help_text="Who may apply and what the scheme funds."
    )
    how_to_apply = RichTextField(
        blank=True, help_text="Steps to apply, documents needed, what happens next."
    )
    currency = models.CharField(
        max_length=3,
        choices=Currency.choices,
        default=Currency.GBP,
        help_text="The currency of the amounts below and of every application.",
    )
    minimum_amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The smallest amount an applicant may request.",
    )
    maximum_amount = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0"))],
        help_text="The largest amount an applicant may request.",
    )
    questions = StreamField(
        QuestionsBlock(),
        blank=True,
        help_text=(
            "Questions applicants answer. Don't delete a question once a round "
            "has opened: answers are keyed by the question."
        ),
    )
    contact_name = models.CharField(
        max_length=255, blank=True, help_text="Who answers questions about the scheme."
    )
    contact_email = models.EmailField(
        blank=True, help_text="Where applicants can write with questions."
    )

    content_panels = [
        *BasePage.content_panels,
        FieldPanel("kind"),
        FieldPanel("eligibility"),
        FieldPanel("how_to_apply"),
        MultiFieldPanel(
            [*FundedMixin.funding_panels],
            heading="Funder and partners",
        ),
        MultiFieldPanel(
            [
                FieldPanel("currency"),
                FieldRowPanel(
                    [FieldPanel("minimum_amount"), FieldPanel("maximum_amount")]
                ),
            ],
            heading="Amounts",
        ),
        FieldPanel("questions"),
        MultiFieldPanel(
            [FieldPanel("contact_name"), FieldPanel("contact_email")],
            heading="Contact",
        ),
        InlinePanel("rounds", heading="Rounds", label="Round"),
    ]

    page_description = "A grant scheme: who may apply, amounts, the questions asked and its application rounds."
    parent_page_types = ["grants.GrantsIndexPage", "content.ProgrammePage"]
    subpage_types: list[str] = []

    base_form_class = GrantSchemePageForm

    class Meta:
        verbose_name = "grant scheme"

    def clean(self) -> None:
        super().clean()
        if (
            self.maximum_amount is not None
            and self.minimum_amount is not None
            and self.minimum_amount > self.maximum_amount
        ):
            raise ValidationError(
                {"maximum_amount": "Must be at least the minimum amount."}
            )

    def question_map(self) -> dict[str, object]:
        """Questions by their stable block id."""
        return {block.id: block for block in self.questions}


class GrantRound(Orderable):
    """A call for applications to a scheme, open between two instants."""

    scheme = ParentalKey(
        GrantSchemePage, on_delete=models.CASCADE, related_name="rounds"
    )
    name = models.CharField(max_length=255)
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(
        help_text="The deadline: applications must be submitted before this instant."
    )
    timezone = models.CharField(
        max_length=64,
        validators=[validate_timezone],
        default="Europe/London",
        help_text="The zone the dates are shown in to applicants.",
    )
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    status_override = models.CharField(
        max_length=16,
        choices=RoundStatusOverride.choices,
        blank=True,
        help_text="Leave empty to follow the dates; set to pause or close early.",
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel(
            [
                FieldPanel("opens_at", help_text="In the round's time zone (below)."),
                FieldPanel(
                    "closes_at",
                    help_text=(
                        "The deadline, in the round's time zone: applications "
                        "must be submitted before this instant."
                    ),
                ),
            ]
        ),
        FieldPanel(
            "timezone",
            widget=forms.Select(choices=timezone_choices),
            help_text="The zone the times above are typed in and shown to applicants.",
        ),
        FieldPanel("budget"),
        FieldPanel("status_override"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = "grant round"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="grant_round_closes_after_opening",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": "Must be after the opening time."})

    def status_at(self, now: datetime) -> RoundStatus:
        return round_status(
            opens_at=self.opens_at,
            closes_at=self.closes_at,
            override=self.status_override,
            now=now,
        )

    @property
    def status(self) -> RoundStatus:
        return self.status_at(timezone.now())

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)


class Application(models.Model):
    """One applicant's application to a round, from draft to decision."""

    # The applying organisation, as the applicant describes it.
    ORGANISATION_FIELDS = (
        "organisation_name",
        "organisation_type",
        "organisation_country",
        "organisation_identifier",
    )

    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="grant_applications",
        help_text="Empty once the applicant's personal data has been erased.",
    )
    round = models.ForeignKey(
        GrantRound, on_delete=models.PROTECT, related_name="applications"
    )
    status = models.CharField(
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.DRAFT,
        db_index=True,
    )
    organisation_name = models.CharField(max_length=255, blank=True)
    organisation_type = models.CharField(
        max_length=32, choices=OrganisationType.choices, blank=True
    )
    organisation_country = CountryField(blank=True)
    organisation_identifier = models.CharField(
        max_length=100,
        blank=True,
        help_text="An org-id.guide identifier, e.g. GB-CHC-1234567.",
    )
    project_title = models.CharField(max_length=255, blank=True)
    summary = models.TextField(blank=True)
    partners = models.JSONField(
        default=list,
        blank=True,
        help_text='Partner organisations abroad: [{"name": ..., "country": "GH"}].',
    )
    amount_requested = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    answers = models.JSONField(default=dict, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    amount_awarded = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("review_application", "Can review, award and decline grant applications")
        ]

    def __str__(self) -> str:
        return self.project_title or f"Application {self.pk}"

    @property
    def scheme(self) -> GrantSchemePage:
        return self.round.scheme

    @property
    def applicant_email(self) -> str:
        return self.applicant.email if self.applicant else ""


def attachment_upload_to(instance: "ApplicationAttachment", filename: str) -> str:
    return f"grants/applications/{instance.application_id}/{filename}"


class ApplicationAttachment(models.Model):
    """A document attached to an application, kept in private storage."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(storage=private_storage, upload_to=attachment_upload_to)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ApplicationEvent(models.Model):
    """The audit trail: one row per status change, who made it and why."""

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="events"
    )
    transition = models.CharField(max_length=32)
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    note = models.TextField(blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
