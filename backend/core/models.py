"""What every page type shares: headless serving, listing and SEO fields, tags."""

from django.db import models
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page, RevisionMixin
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_headless_preview.models import HeadlessMixin


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

    class Meta:
        abstract = True


@register_snippet
class Organisation(RevisionMixin, index.Indexed, models.Model):
    """A partner, funder or body: shared by content, grants and open data."""

    name = models.CharField(max_length=255, unique=True)
    short_name = models.CharField(
        max_length=50,
        blank=True,
        help_text="Abbreviation used in running text, e.g. 'IFLA'.",
    )
    url = models.URLField(blank=True, help_text="The organisation's own website.")
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

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
