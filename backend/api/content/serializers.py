"""The content API's shapes: pages by type, images, snippets, site data.

Serializers render from model instances without the request (absolute URLs
come from settings); anything a page shows of another object is emitted as a
`Ref` and resolved in batches (see `resolver.py`).
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.conf import settings
from django_filters import FilterSet
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import CountryCodeField, FeedLinkSerializer, OptionalTextField
from content import models as content_models
from content import selectors
from content.blocks import BodyBlock, EventProgrammeBlock
from content.dates import content_date

from .fields import (
    ChildrenField,
    CountryListField,
    ImageRefField,
    PageRefField,
    RichTextRefField,
    SnippetRefField,
    SnippetRefListField,
    StreamBlockField,
    TypeField,
)
from .images import SOURCE_TYPE_CHOICES
from .resolver import PAGE_CARD_RENDERER, snippet_renderer

# --- objects ------------------------------------------------------------------------


class RenditionSourceSerializer(serializers.Serializer):
    """One `<source>` of a `<picture>`: a srcset in a modern format."""

    type = serializers.ChoiceField(
        choices=SOURCE_TYPE_CHOICES, help_text="The `<source type>`."
    )
    srcset = serializers.CharField(
        help_text="The `<source srcset>`: the same candidates as the srcset beside it, in this format."
    )


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField(help_text="Absolute URL of the resized image.")
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    srcset = serializers.CharField(
        help_text="A ready `srcset` of this rendition's shape, never mixing aspect ratios: for a fill (crop) rendition the same crop at other densities (0.5x to 2x, never beyond the original); for a width rendition every width rendition asked for. Widths ascend, each once."
    )
    sources = RenditionSourceSerializer(
        many=True,
        help_text="`<picture><source>`s for this srcset, best format first (AVIF, WebP); empty for SVG and GIF images.",
    )


class FocalPointSerializer(serializers.Serializer):
    x = serializers.IntegerField()
    y = serializers.IntegerField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


class ImageSerializer(serializers.Serializer):
    """An image with its allow-listed renditions (choose them with `renditions=`)."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    alt = serializers.CharField(
        help_text="Alternative text; empty for a decorative image."
    )
    width = serializers.IntegerField(help_text="Width of the original, in pixels.")
    height = serializers.IntegerField(help_text="Height of the original, in pixels.")
    focal_point = FocalPointSerializer(allow_null=True)
    renditions = serializers.DictField(
        child=RenditionSerializer(), help_text="Keyed by rendition name."
    )
    srcset = serializers.CharField(
        help_text="A ready `srcset` of the width-based renditions; with only crops (fill renditions) requested, the first crop's own."
    )
    sources = RenditionSourceSerializer(
        many=True,
        help_text="`<picture><source>`s for `srcset`, best format first; empty for SVG and GIF images.",
    )


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField()
    file_extension = serializers.CharField()
    file_size = serializers.IntegerField(allow_null=True, help_text="In bytes.")


class EmbedSerializer(serializers.Serializer):
    url = serializers.URLField()
    title = serializers.CharField()
    provider_name = serializers.CharField()
    html = serializers.CharField(
        help_text="The provider's embed HTML, empty if not fetched yet."
    )
    width = serializers.IntegerField(allow_null=True)
    height = serializers.IntegerField(allow_null=True)
    thumbnail_url = serializers.URLField(allow_null=True)


class PageLinkSerializer(serializers.Serializer):
    """A link to a published page, with what a card needs."""

    id = serializers.IntegerField()
    type = serializers.CharField(help_text="The page's type, e.g. `strategy_update`.")
    title = serializers.CharField()
    summary = serializers.CharField()
    path = serializers.CharField(
        help_text="Path on the frontend, e.g. `/international/`."
    )
    url = serializers.URLField(help_text="Absolute URL on the frontend.")
    listing_image = ImageSerializer(allow_null=True)


class CountrySerializer(serializers.Serializer):
    code = CountryCodeField(help_text="ISO 3166-1 alpha-2 code.")
    name = serializers.CharField()


@snippet_renderer("core.organisation")
class OrganisationSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    short_name = serializers.CharField(read_only=True)
    locale = serializers.CharField(
        source="locale.language_code",
        read_only=True,
        help_text="The language of this version: the page's, or the next of its "
        "fallback chain that has one.",
    )
    url = OptionalTextField(help_text="The organisation's website, if any.")
    logo = ImageRefField(source="logo_id", allow_null=True)
    org_identifier = serializers.CharField(
        read_only=True, help_text="An org-id.guide identifier."
    )
    country = serializers.SerializerMethodField()

    @extend_schema_field(CountrySerializer(allow_null=True))
    def get_country(self, obj: Any) -> dict[str, str] | None:
        return (
            {"code": obj.country.code, "name": str(obj.country.name)}
            if obj.country
            else None
        )


@snippet_renderer("content.person")
class PersonSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.CharField(read_only=True)
    role = serializers.CharField(read_only=True)
    locale = serializers.CharField(
        source="locale.language_code",
        read_only=True,
        help_text="The language of this version: the page's, or the next of its "
        "fallback chain that has one.",
    )
    institution = serializers.CharField(read_only=True)
    photo = ImageRefField(source="photo_id", allow_null=True)


@snippet_renderer("content.testimonial")
class TestimonialSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    quote = serializers.CharField(read_only=True)
    locale = serializers.CharField(
        source="locale.language_code",
        read_only=True,
        help_text="The language of this version: the page's, or the next of its "
        "fallback chain that has one.",
    )
    attribution = serializers.CharField(source="attributed_to", read_only=True)
    institution = serializers.CharField(read_only=True)
    person = SnippetRefField(
        "content.person", "Person", source="person_id", allow_null=True
    )


# --- pages --------------------------------------------------------------------------


def page_type_name(model: type) -> str:
    """`SolidarityStatementPage` -> `solidarity_statement`."""
    name = model.__name__.removesuffix("Page")
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


class BreadcrumbSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    path = serializers.CharField()


class PageTranslationSerializer(serializers.Serializer):
    locale = serializers.CharField(help_text="Language code, e.g. `fr`.")
    id = serializers.IntegerField()
    path = serializers.CharField(help_text="Path on the frontend (`/fr/...`).")
    url = serializers.URLField()


class PageMetaSerializer(serializers.Serializer):
    path = serializers.CharField(help_text="Path on the frontend; route by it.")
    url = serializers.URLField(help_text="Absolute URL on the frontend host.")
    parent_id = serializers.IntegerField(allow_null=True)
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)
    locale = serializers.CharField(
        help_text="The language this page is written in (what was served)."
    )
    translations = PageTranslationSerializer(
        many=True,
        help_text="Every published language version of this page, itself included, "
        "in the order of the site's languages (for a switcher and `hreflang`).",
    )
    requested_locale = serializers.CharField(
        allow_null=True,
        required=False,
        help_text="On `pages/{id}/` and `pages/resolve/`: the language asked for "
        "(path prefix, `?locale=` or `Accept-Language`); null when none was.",
    )
    fallback = serializers.BooleanField(
        required=False,
        help_text="On `pages/{id}/` and `pages/resolve/`: true when the page "
        "has no published translation in `requested_locale` and another "
        "language from the fallback chain was served instead.",
    )
    access = serializers.ChoiceField(
        choices=["public", "members"],
        help_text="`members`: the page is members-only; its protected fields are null unless `has_access`.",
    )
    has_access = serializers.BooleanField(
        help_text="Whether this request may see the protected fields."
    )
    breadcrumbs = BreadcrumbSerializer(
        many=True, help_text="From the home page down to the parent."
    )
    seo_title = OptionalTextField(help_text="Null: use the page's title.")
    search_description = serializers.CharField()


def label(name: str) -> serializers.CharField:
    """The display label of a choice field, from the model's own choices."""
    return serializers.CharField(
        source=f"get_{name}_display",
        read_only=True,
        help_text=f"How to show `{name}` to readers.",
    )


@dataclass(frozen=True)
class RenderContext:
    """What a page serializer shows besides the page's own fields, read
    beforehand for all the pages of a request at once (`PageSet`), by page id.

    Passed as the serializer's `context["render"]`; a card rendered by the
    resolver has only its path.
    """

    paths: Mapping[int, str]
    tags: Mapping[int, list[str]] = field(default_factory=dict)
    children: Mapping[int, list[int]] = field(default_factory=dict)
    meta: Mapping[int, dict[str, Any]] = field(default_factory=dict)


def render_context(
    serializer: serializers.Field | serializers.Serializer,
) -> RenderContext:
    context: RenderContext = serializer.context["render"]
    return context


# What every card has, whatever the page type (a PageLink, plus its date).
CARD_FIELDS = ("id", "type", "title", "summary", "listing_image", "path", "url", "date")


class BasePageSerializer(serializers.Serializer):
    """Fields every page has. Subclasses add their typed fields."""

    # Fields withheld (null) on members-only pages from a request that does not pass.
    protected_fields: tuple[str, ...] = ()
    # Index pages carry their children, so one request renders them.
    lists_children = False
    # Index pages list their children newest first (`-date`) or in tree order.
    children_order = "path"
    # What a card of this type shows besides CARD_FIELDS: listings include
    # them by default, and index pages' `children` carry them.
    card_fields: tuple[str, ...] = ()
    # Set by `page_type`: the model, its relations to load, its own filters.
    model: type
    prefetch: tuple[str, ...] = ()
    filters: type[FilterSet] | None = None
    live_fields: tuple[str, ...] = ()
    live: Callable[[list[int]], LiveFields] | None = None

    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    slug = serializers.CharField(read_only=True)
    summary = serializers.CharField(read_only=True)
    listing_image = ImageRefField(source="listing_image_id", allow_null=True)
    path = serializers.SerializerMethodField(
        help_text="Path on the frontend (as `meta.path`); route by it."
    )
    url = serializers.SerializerMethodField(
        help_text="Absolute URL on the frontend host (as `meta.url`)."
    )
    date = serializers.SerializerMethodField(
        help_text="The content's own date (a statement's or update's date, an "
        "event's first day, else the day first published); `order=-date` sorts by it."
    )
    tags = serializers.SerializerMethodField()
    meta = serializers.SerializerMethodField()

    @classmethod
    def all_card_fields(cls) -> tuple[str, ...]:
        return (*CARD_FIELDS, *cls.card_fields)

    def get_path(self, page: Any) -> str:
        return render_context(self).paths[page.pk]

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page: Any) -> str:
        return settings.FRONTEND_BASE_URL + render_context(self).paths[page.pk]

    @extend_schema_field(OpenApiTypes.DATE)
    def get_date(self, page: Any) -> Any:
        day = content_date(page)
        return day.isoformat() if day is not None else None

    def get_tags(self, page: Any) -> list[str]:
        return render_context(self).tags.get(page.pk, [])

    @extend_schema_field(PageMetaSerializer)
    def get_meta(self, page: Any) -> dict[str, Any]:
        return render_context(self).meta[page.pk]

    def to_representation(self, instance: Any) -> dict[str, Any]:
        fields = super().to_representation(instance)
        # `id` and `type` first: the discriminator reads best at the top.
        return {"id": fields.pop("id"), "type": fields.pop("type"), **fields}


# --- one declaration per page type ---------------------------------------------------

# Page model -> its serializer, which also declares what a page of the type
# loads with it (`prefetch`), its own listing filters (`filters`), its card
# fields, protected fields and children. `page_type` fills it.
PAGE_SERIALIZERS: dict[type, type[BasePageSerializer]] = {}

S = TypeVar("S", bound=type["BasePageSerializer"])


@dataclass
class LiveFields:
    """Fields of some pages read for each request, not stored with the page."""

    values: dict[int, dict[str, Any]] = field(default_factory=dict)
    deps: set[str] = field(default_factory=set)
    # When the values next change by themselves (a round opens), if ever.
    expires_at: datetime.datetime | None = None


def page_type(
    model: type,
    *,
    prefetch: tuple[str, ...] = (),
    filters: type[FilterSet] | None = None,
    live_fields: tuple[str, ...] = (),
    live: Callable[[list[int]], LiveFields] | None = None,
) -> Callable[[S], S]:
    """Declare `model` a page type of the API, rendered by the decorated class.

    Its `type` (the union's discriminator) is named from the model
    (`SolidarityStatementPage` -> `solidarity_statement`); `prefetch` names
    the relations its serializer reads, loaded with the pages in one query
    each; `filters` is the FilterSet of the query parameters only this type
    has (`content.selectors`), which narrow a listing to the type.
    `live` reads `live_fields` for all of a request's pages of the type in
    one query, per request: values that change without a publish (a grant
    scheme's rounds open by the clock) and so are never stored.
    `tests/api/content/test_registry.py` fails for a page model not declared.
    """

    def register(serializer: S) -> S:
        fields = dict(serializer._declared_fields)
        fields.pop("type", None)
        serializer._declared_fields = {
            "id": fields.pop("id"),
            "type": TypeField(page_type_name(model)),
            **fields,
        }
        serializer.model = model
        serializer.prefetch = prefetch
        serializer.filters = filters
        serializer.live_fields = live_fields
        serializer.live = staticmethod(live) if live else None
        PAGE_SERIALIZERS[model] = serializer
        return serializer

    return register


MEMBERS_ONLY_HELP = "Null on a members-only page without access."


def _body(**kwargs: Any) -> StreamBlockField:
    return StreamBlockField(
        BodyBlock(),
        allow_null=True,
        help_text="Null on a members-only page without access.",
        **kwargs,
    )


def _rich(**kwargs: Any) -> RichTextRefField:
    return RichTextRefField(allow_null=True, **kwargs)


@page_type(content_models.HomePage)
class HomePageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    body = _body()


@page_type(content_models.InternationalHubPage)
class InternationalHubPageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    lists_children = True
    body = _body()
    children = ChildrenField()


@page_type(content_models.StandardPage)
class StandardPageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    body = _body()


class SectionIndexPageSerializer(BasePageSerializer):
    """A section's landing page: its introduction and its published children."""

    protected_fields = ("intro",)
    lists_children = True
    intro = _rich()
    children = ChildrenField()


@page_type(content_models.StrategyIndexPage)
class StrategyIndexPageSerializer(SectionIndexPageSerializer):
    children_order = "-date"


@page_type(content_models.RepresentationIndexPage)
class RepresentationIndexPageSerializer(SectionIndexPageSerializer):
    pass


@page_type(content_models.SolidarityIndexPage)
class SolidarityIndexPageSerializer(SectionIndexPageSerializer):
    children_order = "-date"


@page_type(content_models.StrategyUpdatePage, filters=selectors.StrategyUpdateFilter)
class StrategyUpdatePageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    card_fields = ("milestone", "milestone_label", "expected_publication_label")
    date = serializers.DateField(read_only=True)  # type: ignore[assignment]
    commission_name = serializers.CharField(read_only=True)
    announced_by = SnippetRefField(
        "content.person", "Person", source="announced_by_id", allow_null=True
    )
    milestone = serializers.ChoiceField(
        choices=content_models.StrategyMilestone.choices, read_only=True
    )
    milestone_label = label("milestone")
    expected_publication = serializers.DateField(read_only=True, allow_null=True)
    expected_publication_label = serializers.CharField(read_only=True)
    body = _body()


class RepresentativeSerializer(serializers.Serializer):
    person = SnippetRefField("content.person", "Person", source="person_id")
    role = serializers.CharField(read_only=True)
    term_start = serializers.DateField(read_only=True, allow_null=True)
    term_end = serializers.DateField(read_only=True, allow_null=True)
    is_current = serializers.SerializerMethodField(
        help_text="Serving today, from the term dates."
    )

    def get_is_current(self, obj: content_models.Representative) -> bool:
        return obj.is_current()


@page_type(content_models.RepresentationPage, prefetch=("representatives", "interests"))
class RepresentationPageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    card_fields = ("body_name", "capacity", "capacity_label", "since_year")
    organisation = SnippetRefField(
        "core.organisation", "Organisation", source="organisation_id"
    )
    body_name = serializers.CharField(
        read_only=True,
        help_text="The committee or board; empty for the organisation itself.",
    )
    capacity = serializers.ChoiceField(
        choices=content_models.Capacity.choices, read_only=True
    )
    capacity_label = label("capacity")
    on_behalf_of = SnippetRefField(
        "core.organisation", "Organisation", source="on_behalf_of_id", allow_null=True
    )
    since_year = serializers.IntegerField(read_only=True, allow_null=True)
    representatives = RepresentativeSerializer(many=True, read_only=True)
    interests = serializers.SerializerMethodField()
    body = _body()

    def get_interests(self, page: Any) -> list[str]:
        return [interest.name for interest in page.interests.all()]


class SignatorySerializer(serializers.Serializer):
    organisation = SnippetRefField(
        "core.organisation", "Organisation", source="organisation_id", allow_null=True
    )
    person = SnippetRefField(
        "content.person", "Person", source="person_id", allow_null=True
    )


@page_type(
    content_models.SolidarityStatementPage,
    prefetch=("signatories", "partner_organisations"),
    filters=selectors.SolidarityStatementFilter,
)
class SolidarityStatementPageSerializer(BasePageSerializer):
    protected_fields = ("body", "offer")
    card_fields = ("countries", "region", "event_kind", "event_kind_label")
    date = serializers.DateField(read_only=True)  # type: ignore[assignment]
    countries = CountryListField()
    region = OptionalTextField()
    event_kind = serializers.ChoiceField(
        choices=content_models.EventKind.choices, read_only=True
    )
    event_kind_label = label("event_kind")
    signatories = SignatorySerializer(many=True, read_only=True)
    partner_organisations = SnippetRefListField("core.organisation", "Organisation")
    offer = _rich(help_text="What the association offers (HTML).")
    body = _body()


class ProgrammePhaseSerializer(serializers.Serializer):
    name = serializers.CharField()
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    focus = serializers.CharField()


class ProgrammeOfferSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=content_models.OfferKind.choices)
    kind_label = label("kind")
    title = serializers.CharField()
    description = serializers.CharField()
    page = PageRefField(source="link_page_id", allow_null=True)
    url = serializers.CharField(source="link_url")


@page_type(content_models.ProgrammePage, prefetch=("phases", "offers", "partners"))
class ProgrammePageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    card_fields = ("hashtag",)
    funder = SnippetRefField(
        "core.organisation", "Organisation", source="funder_id", allow_null=True
    )
    partners = SnippetRefListField("core.organisation", "Organisation")
    hashtag = serializers.CharField(read_only=True)
    phases = ProgrammePhaseSerializer(many=True, read_only=True)
    offers = ProgrammeOfferSerializer(many=True, read_only=True)
    body = _body()


@page_type(content_models.AwardPage, filters=selectors.AwardFilter)
class AwardPageSerializer(BasePageSerializer):
    protected_fields = ("body", "how_to_apply")
    card_fields = ("status", "status_label", "expected_reopening_label")
    status = serializers.ChoiceField(
        choices=content_models.AwardStatus.choices, read_only=True
    )
    status_label = label("status")
    status_reason = serializers.CharField(read_only=True)
    expected_reopening = serializers.DateField(read_only=True, allow_null=True)
    expected_reopening_label = serializers.CharField(read_only=True)
    partner = SnippetRefField(
        "core.organisation", "Organisation", source="partner_id", allow_null=True
    )
    first_year = serializers.IntegerField(read_only=True, allow_null=True)
    last_year = serializers.IntegerField(read_only=True, allow_null=True)
    years_run = serializers.ListField(child=serializers.IntegerField(), read_only=True)
    how_to_apply = serializers.SerializerMethodField(
        help_text="HTML; null unless the award is open."
    )
    apply_url = serializers.SerializerMethodField(
        help_text="Empty unless the award is open."
    )
    body = _body()

    @extend_schema_field({"type": "string", "format": "html", "nullable": True})
    def get_how_to_apply(self, page: Any) -> Any:
        return (
            RichTextRefField().to_representation(page.how_to_apply)
            if page.status == "open"
            else None
        )

    def get_apply_url(self, page: Any) -> str:
        return page.apply_url if page.status == "open" else ""


@page_type(content_models.EventPage)
class EventPageSerializer(BasePageSerializer):
    # Where to go and how to join are for members on a members-only event:
    # the address and links would otherwise reach anyone with the body null.
    protected_fields = (
        "body",
        "programme",
        "venue_address",
        "online_url",
        "registration_url",
    )
    card_fields = (
        "starts_at",
        "ends_at",
        "timezone",
        "is_online",
        "venue_name",
        "venue_address",
    )
    starts_at = serializers.SerializerMethodField(
        help_text="In the event's time zone, with its offset."
    )
    ends_at = serializers.SerializerMethodField(
        help_text="In the event's time zone, with its offset."
    )
    timezone = serializers.CharField(read_only=True, help_text="IANA time zone name.")
    is_online = serializers.BooleanField(read_only=True)
    venue_name = serializers.CharField(read_only=True)
    venue_address = OptionalTextField(help_text=MEMBERS_ONLY_HELP)
    online_url = OptionalTextField(help_text=MEMBERS_ONLY_HELP)
    registration_url = OptionalTextField(help_text=MEMBERS_ONLY_HELP)
    programme = StreamBlockField(EventProgrammeBlock(), allow_null=True)
    body = _body()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_starts_at(self, page: Any) -> str:
        return page.starts_at.astimezone(ZoneInfo(page.timezone)).isoformat()

    @extend_schema_field(OpenApiTypes.DATETIME)
    def get_ends_at(self, page: Any) -> str:
        return page.ends_at.astimezone(ZoneInfo(page.timezone)).isoformat()


def serializer_for(model: type) -> type[BasePageSerializer]:
    return PAGE_SERIALIZERS[model]


def protected_fields(type_name: str) -> tuple[str, ...]:
    """Fields withheld (null) on a members-only page from a request that may not see it."""
    for model, serializer in PAGE_SERIALIZERS.items():
        if page_type_name(model) == type_name:
            return serializer.protected_fields
    return ()


def card_fields(type_name: str) -> tuple[str, ...]:
    """What a card of this page type shows (listings keep them by default)."""
    for model, serializer in PAGE_SERIALIZERS.items():
        if page_type_name(model) == type_name:
            return serializer.all_card_fields()
    return CARD_FIELDS


def page_types() -> dict[str, type]:
    return {page_type_name(model): model for model in PAGE_SERIALIZERS}


def typed_filters() -> dict[type, type[FilterSet]]:
    """Each page type's own listing filters (`page_type(filters=...)`)."""
    return {
        model: serializer.filters
        for model, serializer in PAGE_SERIALIZERS.items()
        if serializer.filters is not None
    }


_CARD_SERIALIZERS: dict[type, type[BasePageSerializer]] = {}


def card_serializer(serializer: type[BasePageSerializer]) -> type[BasePageSerializer]:
    """The page serializer with only its card fields (`StrategyUpdatePageCard`)."""
    if serializer not in _CARD_SERIALIZERS:
        keep = set(serializer.all_card_fields())
        dropped = {
            name: None for name in serializer._declared_fields if name not in keep
        }
        _CARD_SERIALIZERS[serializer] = type(
            serializer.__name__.replace("PageSerializer", "PageCardSerializer"),
            (serializer,),
            {
                "__module__": serializer.__module__,
                "__doc__": "A page as a card: a link with its date and the fields "
                "a card of its type shows.",
                **dropped,
            },
        )
    return _CARD_SERIALIZERS[serializer]


def render_card(page: Any, resolver: Any) -> dict[str, Any]:
    """One page's card, from the page as loaded (no query of its own)."""
    context = RenderContext(paths={page.pk: resolver.path_of(page.url_path)})
    serializer = card_serializer(serializer_for(type(page)))(
        context={"render": context}
    )
    return dict(serializer.to_representation(page))


PAGE_CARD_RENDERER[:] = [render_card]


# --- site ---------------------------------------------------------------------------


@extend_schema_field(
    {"type": "array", "items": {"$ref": "#/components/schemas/NavigationItem"}}
)
class NavigationChildrenField(serializers.ListField):
    """A menu item's children: `NavigationItem`s, so the schema is recursive."""

    child = serializers.DictField()


class NavigationItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    title = serializers.CharField()
    path = serializers.CharField()
    url = serializers.URLField()
    locale = serializers.CharField(
        help_text="The language of this item; differs from the menu's `locale` "
        "where the page has no translation (a fallback along the chain)."
    )
    children = NavigationChildrenField(help_text="Items of the same shape, nested.")


class NavigationSerializer(serializers.Serializer):
    locale = serializers.CharField(help_text="The language asked for (`?locale=`).")
    items = NavigationItemSerializer(many=True)


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField(help_text="e.g. `fr`; `?locale=` takes it.")
    name = serializers.CharField(help_text="In the language itself.")
    direction = serializers.ChoiceField(choices=["ltr", "rtl"])
    default = serializers.BooleanField()
    prefix = serializers.CharField(
        help_text="Frontend path prefix (`/fr`); empty for the default language."
    )


class SocialLinkSerializer(serializers.Serializer):
    platform = serializers.CharField()
    url = serializers.URLField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label


class ContactSerializer(serializers.Serializer):
    email = serializers.CharField()
    phone = serializers.CharField()
    postal_address = serializers.CharField()
    page = PageLinkSerializer(allow_null=True)


class MembershipCallToActionSerializer(serializers.Serializer):
    heading = serializers.CharField()
    text = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]  # a field, not Field.label
    page = PageLinkSerializer(allow_null=True)


class SiteSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="In `text_locale`.")
    tagline = serializers.CharField(help_text="In `text_locale`; may be empty.")
    footer_text = serializers.CharField(help_text="In `text_locale`; may be empty.")
    frontend_url = serializers.URLField()
    locale = serializers.CharField(
        help_text="The language asked for (`?locale=` or `Accept-Language`), "
        "else the default."
    )
    requested_locale = serializers.CharField(
        allow_null=True, help_text="The language asked for; null when none was."
    )
    text_locale = serializers.CharField(
        help_text="The language of the site's text: `locale` if it has one, else "
        "the next of its fallback chain. A field left blank in that language "
        "comes from the next language that has it."
    )
    fallback = serializers.BooleanField(
        help_text="True when a language was asked for and the text is in another."
    )
    direction = serializers.ChoiceField(
        choices=["ltr", "rtl"], help_text="Text direction of `locale`."
    )
    languages = LanguageSerializer(many=True)
    home = PageLinkSerializer(
        allow_null=True,
        help_text="The home page in `locale`, else along its fallback chain.",
    )
    contact = ContactSerializer()
    social_links = SocialLinkSerializer(many=True)
    membership_call_to_action = MembershipCallToActionSerializer()
    feeds = FeedLinkSerializer(
        many=True, help_text="RSS, Atom and JSON feeds of every section and tag."
    )


class SitemapEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    type = serializers.CharField()
    path = serializers.CharField()
    url = serializers.URLField()
    lastmod = serializers.DateTimeField(allow_null=True)
    access = serializers.ChoiceField(choices=["public", "members"])
    locale = serializers.CharField()
    alternates = PageTranslationSerializer(
        many=True, help_text="Every published language version (`hreflang`)."
    )


class RedirectSerializer(serializers.Serializer):
    old_path = serializers.CharField()
    location = serializers.CharField(help_text="A frontend path or an absolute URL.")
    permanent = serializers.BooleanField()


class ResolvedRedirectSerializer(serializers.Serializer):
    redirect = RedirectSerializer()
