"""What every page type shares: headless serving, listing and SEO fields, tags."""

from django.db import models
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.models import Page
from wagtail.search import index
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
