"""What every page type shares: headless serving, listing and SEO fields, tags."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page, RevisionMixin, TranslatableMixin
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessMixin
from wagtail_localize.fields import SynchronizedField, TranslatableField

from .forms import BasePageForm


class PageTag(TaggedItemBase):
    content_object = ParentalKey(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="tagged_items"
    )


class BasePage(HeadlessMixin, Page):
    """Abstract base of every page type.

    Pages are served by the frontend: `HeadlessMixin` redirects a page's URL
    on this host to the frontend and sends previews there too.
    """

    summary = models.TextField(
        blank=True,
        max_length=500,
        help_text=(
            "One or two plain sentences shown in listings, cards and search "
            "results, and to visitors who may not see the full page."
        ),
    )
    listing_image = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown on cards and listings that link to this page.",
    )
    tags = ClusterTaggableManager(
        through=PageTag,
        blank=True,
        help_text="Topics this page is about; frontends filter listings by tag.",
    )

    content_panels = [
        *Page.content_panels,
        FieldPanel("summary"),
        FieldPanel("listing_image"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [*Page.promote_panels, FieldPanel("tags")],
            heading="Promote and SEO",
        ),
    ]

    search_fields = [
        *Page.search_fields,
        index.SearchField("summary"),
        index.AutocompleteField("summary"),
    ]

    base_form_class = BasePageForm

    class Meta:
        abstract = True

    @classmethod
    def can_create_at(cls, parent: Page) -> bool:
        """`max_count` is per language: each language's tree has its own home
        page and hub, so a translation of a singleton can be created."""
        if cls.max_count is None:
            return super().can_create_at(parent)
        if not (cls.is_creatable and cls.can_exist_under(parent)):
            return False
        if parent.is_root():
            # A new language's tree starts at the root: one per language.
            from wagtail.models import Locale

            allowed = cls.max_count * Locale.objects.count()
            if cls.objects.count() >= allowed:
                return False
        elif cls.objects.filter(locale_id=parent.locale_id).count() >= cls.max_count:
            return False
        if cls.max_count_per_parent is not None:
            return parent.get_children().type(cls).count() < cls.max_count_per_parent
        return True

    def clean(self) -> None:
        super().clean()
        model = type(self)
        if model.max_count is not None and self.locale_id is not None:
            same = model.objects.filter(locale_id=self.locale_id).exclude(pk=self.pk)
            if same.count() >= model.max_count:
                raise ValidationError(
                    f"There can be only {model.max_count} "
                    f"{model._meta.verbose_name} per language."
                )


class FundedMixin(models.Model):
    """Who funds a page's work and who runs it with the association: a
    programme's, a grant scheme's. An organisation named here cannot be
    deleted while it is (the 360Giving data and the pages would lose it)."""

    funder = models.ForeignKey(
        "core.Organisation",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="funded_%(app_label)s_%(class)s",
        help_text="Who funds it, e.g. Arts Council England.",
    )
    partners = ParentalManyToManyField(
        "core.Organisation",
        blank=True,
        related_name="partnered_%(app_label)s_%(class)s",
        help_text="Organisations running it with the association.",
    )

    funding_panels = [FieldPanel("funder"), FieldPanel("partners")]

    class Meta:
        abstract = True


class Organisation(TranslatableMixin, RevisionMixin, index.Indexed, models.Model):
    """A partner, funder or body: shared by content, grants and open data."""

    # Unique per language: a translation starts as a copy of its source.
    name = models.CharField(max_length=255)
    short_name = models.CharField(
        max_length=50,
        blank=True,
        help_text="Abbreviation used in running text, e.g. 'IFLA'.",
    )
    url = models.URLField(
        "URL", blank=True, help_text="The organisation's own website."
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Shown in partner and funder lists; a transparent PNG works best.",
    )
    org_identifier = models.CharField(
        "organisation identifier",
        max_length=100,
        blank=True,
        help_text=(
            "An org-id.guide identifier such as GB-CHC-1234567 (charity) or "
            "GB-COH-01234567 (company). Used in open grants data."
        ),
    )
    country = CountryField(blank=True, help_text="Where the organisation is based.")
    description = models.TextField(
        blank=True, help_text="One or two sentences about the organisation."
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("url"),
        FieldPanel("logo"),
        FieldPanel("org_identifier"),
        FieldPanel("country"),
        FieldPanel("description"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("short_name"),
    ]
    # What a translator sees in wagtail-localize: the words, not identifiers.
    translatable_fields = [
        TranslatableField("name"),
        TranslatableField("short_name"),
        TranslatableField("description"),
        SynchronizedField("url"),
        SynchronizedField("logo"),
        SynchronizedField("org_identifier"),
        SynchronizedField("country"),
    ]

    class Meta(TranslatableMixin.Meta):
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "locale"], name="core_organisation_name_per_locale"
            )
        ]

    def __str__(self) -> str:
        return self.name


class SocialLinkBlock(blocks.StructBlock):
    platform = blocks.ChoiceBlock(
        choices=[
            ("bluesky", "Bluesky"),
            ("mastodon", "Mastodon"),
            ("linkedin", "LinkedIn"),
            ("facebook", "Facebook"),
            ("instagram", "Instagram"),
            ("youtube", "YouTube"),
            ("x", "X (Twitter)"),
            ("other", "Other"),
        ],
        help_text="Which network; frontends pick the icon from this.",
    )
    url = blocks.URLBlock(label="URL", help_text="The profile's address.")
    label = blocks.CharBlock(
        required=False, max_length=80, help_text="e.g. '@association'."
    )

    class Meta:
        icon = "site"
        label = "Social link"
        description = "A profile of the association on a social network."


@register_setting(icon="site")
class SiteSettings(ClusterableModel, BaseSiteSetting):
    """Contact details, social links and the membership call to action, per site.

    The text fields here are the default language's; `texts` holds the other
    languages' versions (`SiteText`), each falling back along the chain.
    """

    tagline = models.CharField(
        max_length=200, blank=True, help_text="A line under the site's name."
    )
    footer_text = models.TextField(
        blank=True, help_text="Shown at the foot of every page, e.g. a charity number."
    )

    contact_email = models.EmailField(
        blank=True, help_text="The public contact address."
    )
    contact_phone = models.CharField(
        max_length=40,
        blank=True,
        help_text="With the country code, e.g. +44 20 7255 0500.",
    )
    postal_address = models.TextField(
        blank=True, help_text="One line per address line."
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The 'Contact us' page.",
    )
    social_links = StreamField(
        [("link", SocialLinkBlock())], blank=True, help_text="Shown in the footer."
    )
    membership_cta_heading = models.CharField(
        max_length=120, blank=True, help_text="e.g. 'Join a global profession'."
    )
    membership_cta_text = models.TextField(
        blank=True, help_text="One or two sentences."
    )
    membership_cta_label = models.CharField(
        max_length=40,
        blank=True,
        help_text="The button's text, e.g. 'Become a member'.",
    )
    membership_cta_page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="Where the button goes.",
    )
    feed_licence_name = models.CharField(
        max_length=120,
        blank=True,
        help_text="The licence partners may republish feed items under, e.g. 'CC BY 4.0'.",
    )
    feed_licence_url = models.URLField(
        blank=True,
        help_text="The licence's text, e.g. https://creativecommons.org/licenses/by/4.0/.",
    )
    feed_attribution = models.CharField(
        max_length=255,
        blank=True,
        help_text=(
            "How republishers credit us, e.g. 'Library and Information Association'. "
            "Shown in every feed and item."
        ),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("tagline"), FieldPanel("footer_text")],
            heading="Name and footer",
        ),
        MultiFieldPanel(
            [
                FieldPanel("contact_email"),
                FieldPanel("contact_phone"),
                FieldPanel("postal_address"),
                FieldPanel("contact_page"),
            ],
            heading="Contact",
        ),
        FieldPanel("social_links"),
        MultiFieldPanel(
            [
                FieldPanel("membership_cta_heading"),
                FieldPanel("membership_cta_text"),
                FieldPanel("membership_cta_label"),
                FieldPanel("membership_cta_page"),
            ],
            heading="Membership call to action",
        ),
        MultiFieldPanel(
            [
                FieldPanel("feed_licence_name"),
                FieldPanel("feed_licence_url"),
                FieldPanel("feed_attribution"),
            ],
            heading="Feeds: licence and attribution",
        ),
        InlinePanel(
            "texts",
            heading="Other languages",
            label="Language",
            help_text=(
                "The text above in another language. A blank field falls back "
                "along the language's chain, ending in the text above."
            ),
        ),
    ]

    class Meta:
        verbose_name = "site settings"


class SiteText(Orderable):
    """The site settings' text in one language other than the default."""

    settings = ParentalKey(SiteSettings, on_delete=models.CASCADE, related_name="texts")
    locale = models.ForeignKey(
        "wagtailcore.Locale", on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(
        max_length=255, blank=True, help_text="The site's name in this language."
    )
    tagline = models.CharField(max_length=200, blank=True)
    footer_text = models.TextField(blank=True)
    postal_address = models.TextField(blank=True)
    membership_cta_heading = models.CharField(
        "membership call to action: heading", max_length=120, blank=True
    )
    membership_cta_text = models.TextField(
        "membership call to action: text", blank=True
    )
    membership_cta_label = models.CharField(
        "membership call to action: button", max_length=40, blank=True
    )

    panels = [
        FieldPanel("locale"),
        FieldPanel("name"),
        FieldPanel("tagline"),
        FieldPanel("footer_text"),
        FieldPanel("postal_address"),
        FieldPanel("membership_cta_heading"),
        FieldPanel("membership_cta_text"),
        FieldPanel("membership_cta_label"),
    ]

    # What `site/` serves of a language, field by field (`SiteSettings` holds
    # the default language's, the site's own name aside).
    TEXT_FIELDS = (
        "name",
        "tagline",
        "footer_text",
        "postal_address",
        "membership_cta_heading",
        "membership_cta_text",
        "membership_cta_label",
    )

    class Meta(Orderable.Meta):
        verbose_name = "site text in another language"
        constraints = [
            models.UniqueConstraint(
                fields=["settings", "locale"], name="core_sitetext_one_per_locale"
            )
        ]

    def __str__(self) -> str:
        return f"{self.locale}: {self.name or self.tagline}"


class ContentChangeKind(models.TextChoices):
    PAGE_PUBLISHED = "page.published", "Page published"
    PAGE_UNPUBLISHED = "page.unpublished", "Page unpublished"
    PAGE_MOVED = "page.moved", "Page moved"
    PAGE_DELETED = "page.deleted", "Page deleted"
    RESTRICTION_CHANGED = "restriction.changed", "View restriction changed"
    SNIPPET_CHANGED = "snippet.changed", "Snippet changed"
    IMAGE_CHANGED = "image.changed", "Image changed"
    DOCUMENT_CHANGED = "document.changed", "Document changed"
    SETTING_CHANGED = "setting.changed", "Site setting changed"
    REDIRECT_CHANGED = "redirect.changed", "Redirect changed"
    SITE_CHANGED = "site.changed", "Site changed"


class ContentChange(models.Model):
    """The content change log: one row per change that what the API serves shows.

    Append-only, written in the transaction of the change itself (see
    `core.changes.record`). Rows are ordered by `id`; readers page through
    "rows after id N" on the primary key.
    """

    kind = models.CharField(max_length=32, choices=ContentChangeKind.choices)
    object_type = models.CharField(
        max_length=100, help_text="`app_label.model` of what changed."
    )
    object_id = models.CharField(max_length=64, help_text="Its primary key.")
    page_ids = models.JSONField(
        default=list, help_text="Ids of the pages whose content changed with it."
    )
    pages = models.JSONField(
        default=list,
        help_text=(
            "The changed page as it was then (`id`, `type`, `url_path`, "
            "`live`): what a tombstone or webhook needs once it is gone."
        ),
    )
    deps = models.JSONField(
        default=list, help_text="The cache dependency keys it invalidated."
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            # One object's history (webhooks: was this page public before?).
            models.Index(
                fields=["object_type", "object_id", "id"], name="change_object_history"
            )
        ]

    def __str__(self) -> str:
        return f"{self.id} {self.kind} {self.object_type}:{self.object_id}"


class ContentVersion(models.Model):
    """The current version of one cache dependency key (`page:12`, `pages`...).

    Bumped in the same transaction as the change; every cached or stored
    representation records the versions it was built from and is used only
    while they are still current, so the database decides what is fresh.
    """

    key = models.CharField(max_length=200, primary_key=True)
    version = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}@{self.version}"


class CacheEntry(models.Model):
    """The table of Django's database cache (the shared cache without Redis).

    A model, so `migrate` creates it wherever the project runs, whatever the
    cache settings were at the time (`createcachetable` would skip it when
    Redis is configured, and a later switch off Redis would find no table).
    """

    cache_key = models.CharField(max_length=255, primary_key=True)
    value = models.TextField()
    expires = models.DateTimeField(db_index=True)

    class Meta:
        db_table = "core_cache"

    def __str__(self) -> str:
        return self.cache_key
