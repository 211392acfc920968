"""Editorial page types and snippets of the association's international work.

Everything a frontend filters, sorts or shows as a status is a field here,
never prose: a statement's countries and event kind, an award's status, a
strategy update's milestone, a representative's term.
"""

import datetime
import zoneinfo

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_countries.fields import CountryField
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField, TranslatableField

from core.blocks import RICH_TEXT_FEATURES
from core.forms import ZonedTimes, ZonedTimesPageForm
from core.models import BasePage, FundedMixin
from core.widgets import SearchableCheckboxSelectMultiple

from .blocks import BodyBlock, EventProgrammeBlock

TIMEZONE_CHOICES = [(name, name) for name in sorted(zoneinfo.available_timezones())]


def body_field(**kwargs) -> StreamField:
    kwargs.setdefault("blank", True)
    kwargs.setdefault(
        "help_text", "The page's main content: add headings, text, images and more."
    )
    return StreamField(BodyBlock(), **kwargs)


# --- Snippets -------------------------------------------------------------------


class Person(TranslatableMixin, RevisionMixin, index.Indexed, models.Model):
    name = models.CharField(
        max_length=150, help_text="Full name as it should be shown."
    )
    role = models.CharField(
        max_length=150, blank=True, help_text="Job title or role, e.g. 'President'."
    )
    institution = models.CharField(
        max_length=200, blank=True, help_text="Where the person works."
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="A portrait; square crops work best.",
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("role"),
        FieldPanel("institution"),
        FieldPanel("photo"),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]
    # Names too: a transliteration is a translation (Arabic script).
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("role"),
        TranslatableField("institution"),
        SynchronizedField("photo"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return self.name


@register_snippet
class Testimonial(TranslatableMixin, RevisionMixin, models.Model):
    quote = models.TextField(help_text="What the person said, without quotation marks.")
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="testimonials",
        help_text="Choose a person, or write the attribution below instead.",
    )
    attribution = models.CharField(
        max_length=150,
        blank=True,
        help_text="Who said it, when no person is chosen, e.g. 'A public librarian'.",
    )
    institution = models.CharField(
        max_length=200, blank=True, help_text="The person's library or organisation."
    )

    panels = [
        FieldPanel("quote"),
        FieldPanel("person"),
        FieldPanel("attribution"),
        FieldPanel("institution"),
    ]
    # The person stays the same one: the API shows them in the page's language.
    translatable_fields = [
        TranslatableField("quote"),
        TranslatableField("attribution"),
        TranslatableField("institution"),
        SynchronizedField("person"),
    ]

    def __str__(self) -> str:
        return f"{self.attributed_to}: {self.quote[:60]}"

    def clean(self) -> None:
        if not self.person_id and not self.attribution.strip():
            raise ValidationError(
                {"attribution": "Choose a person or write an attribution."}
            )

    @property
    def attributed_to(self) -> str:
        return self.person.name if self.person else self.attribution


# --- Home and hub -----------------------------------------------------------------


class HomePage(BasePage):
    """The root of the site; the international hub and other sections sit under it."""

    body = body_field()

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]

    page_description = "The site's front page; there is one, at the top of the tree."
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "content.InternationalHubPage",
        "content.StandardPage",
        "grants.GrantsIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "home page"


class InternationalHubPage(BasePage):
    """The landing page of the international work."""

    body = body_field(
        help_text=(
            "Feature the sections below with page link cards, add testimonials and "
            "calls to action such as 'Become a member' or 'Contact us'."
        )
    )

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]

    page_description = (
        "The landing page of the international work; there is one, under the home page."
    )
    parent_page_types = ["content.HomePage"]
    subpage_types = [
        "content.StrategyIndexPage",
        "content.RepresentationIndexPage",
        "content.SolidarityIndexPage",
        "content.ProgrammePage",
        "content.AwardPage",
        "content.EventPage",
        "content.StandardPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = "international hub"


class StandardPage(BasePage):
    """Any other page: about, contact, resources."""

    body = body_field()

    content_panels = [*BasePage.content_panels, FieldPanel("body")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
    ]

    page_description = (
        "Any other page: about us, contact, resources. Headings, text, images and more."
    )
    parent_page_types = [
        "content.HomePage",
        "content.InternationalHubPage",
        "content.StandardPage",
        "content.ProgrammePage",
    ]
    subpage_types = ["content.StandardPage"]

    class Meta:
        verbose_name = "standard page"


# --- Strategy -------------------------------------------------------------------------


class SectionIndexPage(BasePage):
    """A section's landing page: an introduction, then its pages (as `children`)."""

    intro = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Introduces the pages of this section, which are listed after it.",
    )

    content_panels = [*BasePage.content_panels, FieldPanel("intro")]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("intro"),
        index.AutocompleteField("intro"),
    ]

    parent_page_types = ["content.InternationalHubPage"]
    max_count = 1

    class Meta:
        abstract = True


class StrategyIndexPage(SectionIndexPage):
    page_description = (
        "The strategy section: an introduction, then its updates, newest first."
    )
    parent_page_types = ["content.InternationalHubPage"]
    subpage_types = ["content.StrategyUpdatePage"]

    class Meta:
        verbose_name = "strategy index"


class StrategyMilestone(models.TextChoices):
    ANNOUNCED = "announced", "Announced"
    CONSULTATION = "consultation", "Consultation"
    PUBLICATION_EXPECTED = "publication_expected", "Publication expected"
    PUBLISHED = "published", "Published"


class StrategyUpdatePage(BasePage):
    date = models.DateField(
        default=datetime.date.today,
        help_text="The date of this update; updates are listed newest first.",
    )
    commission_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The commission or group developing the strategy, e.g. 'Presidential Commission on an International Strategy'.",
    )
    announced_by = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Who announced it (a person snippet, with their role at the time).",
    )
    milestone = models.CharField(
        max_length=30,
        choices=StrategyMilestone.choices,
        default=StrategyMilestone.ANNOUNCED,
        help_text="Where the strategy stands with this update; frontends filter on it.",
    )
    expected_publication = models.DateField(
        null=True,
        blank=True,
        help_text="When the next publication is expected (use the last day of a quarter for 'Q2').",
    )
    expected_publication_label = models.CharField(
        max_length=50,
        blank=True,
        help_text="How to show that date to readers, e.g. 'Q2 2019'.",
    )
    body = body_field()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel("commission_name"),
                FieldPanel("announced_by"),
                FieldPanel("milestone"),
                FieldRowPanel(
                    [
                        FieldPanel("expected_publication"),
                        FieldPanel("expected_publication_label"),
                    ]
                ),
            ],
            heading="Strategy",
        ),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("commission_name"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.FilterField("milestone"),
        index.FilterField("date"),
    ]

    page_description = "News on the international strategy: a milestone, who announced it and when the next step is due."
    parent_page_types = ["content.StrategyIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "strategy update"


# --- Representation ---------------------------------------------------------------------


class RepresentationIndexPage(SectionIndexPage):
    page_description = "The section listing the bodies the association sits on."
    parent_page_types = ["content.InternationalHubPage"]
    subpage_types = ["content.RepresentationPage"]

    class Meta:
        verbose_name = "representation index"


class Capacity(models.TextChoices):
    FOUNDER_MEMBER = "founder_member", "Founder member"
    MEMBER = "member", "Member"
    ELECTED_MEMBER = "elected_member", "Elected member"
    REPRESENTATIVE = "representative", "Representative on behalf of another body"
    OBSERVER = "observer", "Observer"


class RepresentationPage(BasePage):
    """A body the association sits on, and who represents it there."""

    organisation = models.ForeignKey(
        "core.Organisation",
        on_delete=models.PROTECT,
        related_name="representations",
        help_text="The organisation this body belongs to, e.g. IFLA.",
    )
    body_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="The committee or board, e.g. 'Governing Board'. Leave empty for the organisation itself.",
    )
    capacity = models.CharField(
        max_length=30,
        choices=Capacity.choices,
        default=Capacity.MEMBER,
        help_text="In what capacity the association takes part.",
    )
    on_behalf_of = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="For a representative capacity: the organisation represented, e.g. IFLA.",
    )
    since_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The year the association joined (optional)."
    )
    body = body_field()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("organisation"),
                FieldPanel("body_name"),
                FieldPanel("capacity"),
                FieldPanel("on_behalf_of"),
                FieldPanel("since_year"),
            ],
            heading="The body",
        ),
        InlinePanel(
            "representatives", heading="Representatives", label="Representative"
        ),
        InlinePanel("interests", heading="Interests", label="Interest"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body_name"),
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.FilterField("capacity"),
    ]

    page_description = "A body the association sits on (e.g. an IFLA committee) and who represents it there."
    parent_page_types = ["content.RepresentationIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "representation"

    def clean(self) -> None:
        super().clean()
        if self.capacity == Capacity.REPRESENTATIVE and not self.on_behalf_of_id:
            raise ValidationError(
                {"on_behalf_of": "Say on whose behalf the association is represented."}
            )


class Representative(Orderable):
    page = ParentalKey(
        RepresentationPage, on_delete=models.CASCADE, related_name="representatives"
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who sits on the body.",
    )
    role = models.CharField(
        max_length=150,
        blank=True,
        help_text="Their role on the body, e.g. 'Member' or 'Chair'.",
    )
    term_start = models.DateField(
        null=True, blank=True, help_text="When their term began."
    )
    term_end = models.DateField(
        null=True, blank=True, help_text="When it ends or ended; empty if open-ended."
    )

    panels = [
        FieldPanel("person"),
        FieldPanel("role"),
        FieldRowPanel([FieldPanel("term_start"), FieldPanel("term_end")]),
    ]

    def clean(self) -> None:
        if self.term_start and self.term_end and self.term_end < self.term_start:
            raise ValidationError({"term_end": "The term cannot end before it starts."})

    def is_current(self, *, today: datetime.date | None = None) -> bool:
        """Serving today: the term has started (or has no start) and has not ended."""
        today = today or timezone.localdate()
        started = self.term_start is None or self.term_start <= today
        ongoing = self.term_end is None or self.term_end >= today
        return started and ongoing


class RepresentationInterest(Orderable):
    page = ParentalKey(
        RepresentationPage, on_delete=models.CASCADE, related_name="interests"
    )
    name = models.CharField(
        max_length=150,
        help_text="A topic the association follows there, e.g. 'Cultural property protection'.",
    )

    panels = [FieldPanel("name")]


# --- Solidarity ---------------------------------------------------------------------------


class SolidarityIndexPage(SectionIndexPage):
    page_description = "The section of solidarity statements, newest first."
    parent_page_types = ["content.InternationalHubPage"]
    subpage_types = ["content.SolidarityStatementPage"]

    class Meta:
        verbose_name = "solidarity index"


class EventKind(models.TextChoices):
    ARMED_CONFLICT = "armed_conflict", "Armed conflict"
    NATURAL_DISASTER = "natural_disaster", "Natural disaster"
    MAN_MADE_DISASTER = "man_made_disaster", "Man-made disaster"
    OTHER = "other", "Other"


class SolidarityStatementPage(BasePage):
    date = models.DateField(
        default=datetime.date.today, help_text="The date of the statement."
    )
    countries = CountryField(
        multiple=True,
        blank=True,
        help_text="The countries the statement concerns (frontends filter on these).",
    )
    region = models.CharField(
        max_length=100,
        blank=True,
        help_text="A wider region, if the statement covers one, e.g. 'Middle East'.",
    )
    event_kind = models.CharField(
        max_length=30,
        choices=EventKind.choices,
        default=EventKind.OTHER,
        help_text="What put services, collections or people at risk.",
    )
    partner_organisations = ParentalManyToManyField(
        "core.Organisation",
        blank=True,
        related_name="+",
        help_text="International organisations, agencies and associations the association works with on this.",
    )
    offer = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="What the association offers: contacts, expertise, funds, a place to coordinate help.",
    )
    body = body_field(help_text="The statement itself.")

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("date"),
                FieldPanel(
                    "countries",
                    widget=SearchableCheckboxSelectMultiple(
                        search_label="Find a country"
                    ),
                ),
                FieldPanel("region"),
                FieldPanel("event_kind"),
            ],
            heading="What and where",
        ),
        FieldPanel("body"),
        InlinePanel("signatories", heading="Signatories", label="Signatory"),
        FieldPanel("partner_organisations"),
        FieldPanel("offer"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.SearchField("region"),
        index.FilterField("event_kind"),
        index.FilterField("date"),
    ]

    page_description = "A statement of solidarity after a conflict or disaster: the countries concerned, signatories and what the association offers."
    parent_page_types = ["content.SolidarityIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "solidarity statement"


class Signatory(Orderable):
    page = ParentalKey(
        SolidarityStatementPage, on_delete=models.CASCADE, related_name="signatories"
    )
    organisation = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A signing organisation, or choose a person instead.",
    )
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="A signing person, with their role.",
    )

    panels = [FieldPanel("organisation"), FieldPanel("person")]

    def clean(self) -> None:
        if bool(self.organisation_id) == bool(self.person_id):
            raise ValidationError(
                {"organisation": "Choose either an organisation or a person."}
            )


# --- Programme ------------------------------------------------------------------------------


class ProgrammePage(FundedMixin, BasePage):
    """An initiative such as Working Internationally for Libraries."""

    hashtag = models.CharField(
        max_length=60,
        blank=True,
        help_text="Without spaces, e.g. #BuildBridgesNotWalls.",
    )
    body = body_field()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [*FundedMixin.funding_panels, FieldPanel("hashtag")],
            heading="Funding and partners",
        ),
        InlinePanel("phases", heading="Phases", label="Phase"),
        InlinePanel("offers", heading="What it offers", label="Offer"),
        FieldPanel("body"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.SearchField("hashtag"),
    ]

    page_description = "An initiative such as Working Internationally for Libraries: funder, partners, phases and what it offers."
    parent_page_types = ["content.InternationalHubPage"]
    subpage_types = [
        "content.StandardPage",
        "content.EventPage",
        "grants.GrantSchemePage",
    ]

    class Meta:
        verbose_name = "programme"

    def clean(self) -> None:
        super().clean()
        if self.hashtag and (" " in self.hashtag or not self.hashtag.startswith("#")):
            raise ValidationError({"hashtag": "Start with # and leave out spaces."})


class ProgrammePhase(Orderable):
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="phases")
    name = models.CharField(max_length=150, help_text="e.g. 'Phase one'.")
    start_date = models.DateField(
        null=True, blank=True, help_text="When the phase starts."
    )
    end_date = models.DateField(
        null=True, blank=True, help_text="When it ends; empty if not yet known."
    )
    focus = models.TextField(
        blank=True,
        help_text="What the phase concentrates on, e.g. English public libraries.",
    )

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("focus"),
    ]

    def clean(self) -> None:
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": "A phase cannot end before it starts."})


class OfferKind(models.TextChoices):
    GRANTS = "grants", "Grants"
    TRAVEL_BURSARIES = "travel_bursaries", "Travel bursaries"
    ONLINE_RESOURCES = "online_resources", "Online resources"
    CONFERENCE = "conference", "Conference"
    OTHER = "other", "Other"


class ProgrammeOffer(Orderable):
    page = ParentalKey(ProgrammePage, on_delete=models.CASCADE, related_name="offers")
    kind = models.CharField(
        max_length=30,
        choices=OfferKind.choices,
        help_text="What kind of support this is.",
    )
    title = models.CharField(max_length=150, help_text="e.g. 'Project grants'.")
    description = models.TextField(blank=True, help_text="One or two sentences.")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The page with details: a grant scheme, the conference, a resources page.",
    )
    link_url = models.URLField(
        "link URL", blank=True, help_text="Or an external address."
    )

    panels = [
        FieldPanel("kind"),
        FieldPanel("title"),
        FieldPanel("description"),
        PageChooserPanel("link_page"),
        FieldPanel("link_url"),
    ]


# --- Award ------------------------------------------------------------------------------------


class AwardStatus(models.TextChoices):
    OPEN = "open", "Open for applications"
    CLOSED = "closed", "Closed"
    SUSPENDED = "suspended", "Suspended"


class AwardPage(BasePage):
    """An award such as the Travelling Librarian Award; its status is data."""

    status = models.CharField(
        max_length=20,
        choices=AwardStatus.choices,
        default=AwardStatus.CLOSED,
        help_text="Frontends show and filter on this; explain a suspension in the reason below.",
    )
    status_reason = models.CharField(
        max_length=250,
        blank=True,
        help_text="Why the award is closed or suspended, e.g. 'pending review and fundraising'.",
    )
    expected_reopening = models.DateField(
        null=True, blank=True, help_text="When it is hoped to reopen, if known."
    )
    expected_reopening_label = models.CharField(
        max_length=50,
        blank=True,
        help_text="How to show that to readers, e.g. 'by the end of 2020'.",
    )
    partner = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The organisation running the award with the association.",
    )
    first_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The first year the award ran."
    )
    last_year = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="The last year it ran; empty if it still runs."
    )
    how_to_apply = RichTextField(
        blank=True,
        features=RICH_TEXT_FEATURES,
        help_text="Shown only while the award is open.",
    )
    apply_url = models.URLField(
        "application URL",
        blank=True,
        help_text="Where to apply while the award is open.",
    )
    body = body_field()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldPanel("status"),
                FieldPanel("status_reason"),
                FieldRowPanel(
                    [
                        FieldPanel("expected_reopening"),
                        FieldPanel("expected_reopening_label"),
                    ]
                ),
            ],
            heading="Status",
        ),
        MultiFieldPanel(
            [
                FieldPanel("partner"),
                FieldRowPanel([FieldPanel("first_year"), FieldPanel("last_year")]),
            ],
            heading="Partner and history",
        ),
        FieldPanel("body"),
        MultiFieldPanel(
            [FieldPanel("how_to_apply"), FieldPanel("apply_url")], heading="Applying"
        ),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.FilterField("status"),
    ]

    page_description = "An award such as the Travelling Librarian Award, with its status (open, closed, suspended) and how to apply."
    parent_page_types = ["content.InternationalHubPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = "award"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.first_year and self.last_year and self.last_year < self.first_year:
            errors["last_year"] = "The last year cannot be before the first."
        if self.status == AwardStatus.OPEN:
            errors.update(self._open_award_errors())
        if self.status == AwardStatus.SUSPENDED and not self.status_reason:
            errors["status_reason"] = "Say why the award is suspended."
        if errors:
            raise ValidationError(errors)

    def _open_award_errors(self) -> dict[str, str]:
        """What an open award cannot also say: frontends would show both."""
        errors = {}
        if not (self.how_to_apply or self.apply_url):
            errors["how_to_apply"] = "Say how to apply while the award is open."
        if self.status_reason:
            errors["status_reason"] = (
                "An open award has no closure or suspension reason: clear it."
            )
        if self.expected_reopening:
            errors["expected_reopening"] = "An open award is not reopening: clear it."
        if self.expected_reopening_label:
            errors["expected_reopening_label"] = (
                "An open award is not reopening: clear it."
            )
        if self.last_year:
            errors["last_year"] = "An open award still runs: clear the last year."
        return errors

    @property
    def years_run(self) -> list[int]:
        if not self.first_year:
            return []
        return list(
            range(self.first_year, (self.last_year or timezone.localdate().year) + 1)
        )


# --- Event ---------------------------------------------------------------------------------------


class EventPageForm(ZonedTimesPageForm):
    zoned_times = {"": ZonedTimes(zone="timezone", times=("starts_at", "ends_at"))}


class EventPage(BasePage):
    """The international conference, or any other event."""

    starts_at = models.DateTimeField(
        help_text="When it starts, in the event's own time zone (below)."
    )
    ends_at = models.DateTimeField(help_text="When it ends.")
    timezone = models.CharField(
        max_length=64,
        choices=TIMEZONE_CHOICES,
        default="Europe/London",
        help_text="The time zone the times are given in.",
    )
    is_online = models.BooleanField(
        default=False, help_text="Tick for an online-only event."
    )
    venue_name = models.CharField(
        max_length=200,
        blank=True,
        help_text="Where it takes place, e.g. 'The British Library'.",
    )
    venue_address = models.TextField(
        blank=True, help_text="The postal address of the venue."
    )
    online_url = models.URLField(
        "online URL",
        blank=True,
        help_text="Where to join online, if it is online or hybrid.",
    )
    registration_url = models.URLField(
        "registration URL", blank=True, help_text="Where to register."
    )
    programme = StreamField(
        EventProgrammeBlock(), blank=True, help_text="The sessions, day by day."
    )
    body = body_field()

    content_panels = [
        *BasePage.content_panels,
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
                FieldPanel("timezone"),
            ],
            heading="When",
        ),
        MultiFieldPanel(
            [
                FieldPanel("is_online"),
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("online_url"),
            ],
            heading="Where",
        ),
        FieldPanel("registration_url"),
        FieldPanel("body"),
        FieldPanel("programme"),
    ]
    search_fields = [
        *BasePage.search_fields,
        index.SearchField("body"),
        index.AutocompleteField("body"),
        index.SearchField("venue_name"),
        index.FilterField("starts_at"),
    ]

    page_description = "A conference, webinar or meeting: times in the event's own time zone, venue or online link, programme."
    parent_page_types = ["content.InternationalHubPage", "content.ProgrammePage"]
    subpage_types: list[str] = []

    base_form_class = EventPageForm

    class Meta:
        verbose_name = "event"

    def clean(self) -> None:
        super().clean()
        errors = {}
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            errors["ends_at"] = "The event cannot end before it starts."
        if not self.is_online and not self.venue_name:
            errors["venue_name"] = "Give the venue, or tick 'online'."
        if self.is_online and not self.online_url and not self.registration_url:
            errors["online_url"] = "Say where to join or register."
        if errors:
            raise ValidationError(errors)
