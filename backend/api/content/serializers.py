"""The content API's shapes: pages by type, images, snippets, site data.

Serializers render from model instances without the request (absolute URLs
come from settings); anything a page shows of another object is emitted as a
`Ref` and resolved in batches (see `resolver.py`).
"""

from __future__ import annotations

import re
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.serializers import CountryCodeField, FeedLinkSerializer, OptionalTextField
from content import models as content_models
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
        return self.context["pages"].path(page)

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, page: Any) -> str:
        return settings.FRONTEND_BASE_URL + self.context["pages"].path(page)

    @extend_schema_field(OpenApiTypes.DATE)
    def get_date(self, page: Any) -> Any:
        day = content_date(page)
        return day.isoformat() if day is not None else None

    def get_tags(self, page: Any) -> list[str]:
        # Loaded for all pages at once by PageSet.specific().
        return page._api_tags

    @extend_schema_field(PageMetaSerializer)
    def get_meta(self, page: Any) -> dict[str, Any]:
        return self.context["pages"].meta(page)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        fields = super().to_representation(instance)
        # `id` and `type` first: the discriminator reads best at the top.
        return {"id": fields.pop("id"), "type": fields.pop("type"), **fields}


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


class HomePageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    type = TypeField("home")
    body = _body()


class InternationalHubPageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    lists_children = True
    type = TypeField("international_hub")
    body = _body()
    children = ChildrenField()


class StandardPageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    type = TypeField("standard")
    body = _body()


class SectionIndexPageSerializer(BasePageSerializer):
    """A section's landing page: its introduction and its published children."""

    protected_fields = ("intro",)
    lists_children = True
    intro = _rich()
    children = ChildrenField()


class StrategyIndexPageSerializer(SectionIndexPageSerializer):
    children_order = "-date"
    type = TypeField("strategy_index")


class RepresentationIndexPageSerializer(SectionIndexPageSerializer):
    type = TypeField("representation_index")


class SolidarityIndexPageSerializer(SectionIndexPageSerializer):
    children_order = "-date"
    type = TypeField("solidarity_index")


class StrategyUpdatePageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    card_fields = ("milestone", "milestone_label", "expected_publication_label")
    type = TypeField("strategy_update")
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


class RepresentationPageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    card_fields = ("body_name", "capacity", "capacity_label", "since_year")
    type = TypeField("representation")
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


class SolidarityStatementPageSerializer(BasePageSerializer):
    protected_fields = ("body", "offer")
    card_fields = ("countries", "region", "event_kind", "event_kind_label")
    type = TypeField("solidarity_statement")
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


class ProgrammePageSerializer(BasePageSerializer):
    protected_fields = ("body",)
    card_fields = ("hashtag",)
    type = TypeField("programme")
    funder = SnippetRefField(
        "core.organisation", "Organisation", source="funder_id", allow_null=True
    )
    partners = SnippetRefListField("core.organisation", "Organisation")
    hashtag = serializers.CharField(read_only=True)
    phases = ProgrammePhaseSerializer(many=True, read_only=True)
    offers = ProgrammeOfferSerializer(many=True, read_only=True)
    body = _body()


class AwardPageSerializer(BasePageSerializer):
    protected_fields = ("body", "how_to_apply")
    card_fields = ("status", "status_label", "expected_reopening_label")
    type = TypeField("award")
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
    type = TypeField("event")
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


PAGE_SERIALIZERS: dict[type, type[BasePageSerializer]] = {
    content_models.HomePage: HomePageSerializer,
    content_models.InternationalHubPage: InternationalHubPageSerializer,
    content_models.StandardPage: StandardPageSerializer,
    content_models.StrategyIndexPage: StrategyIndexPageSerializer,
    content_models.StrategyUpdatePage: StrategyUpdatePageSerializer,
    content_models.RepresentationIndexPage: RepresentationIndexPageSerializer,
    content_models.RepresentationPage: RepresentationPageSerializer,
    content_models.SolidarityIndexPage: SolidarityIndexPageSerializer,
    content_models.SolidarityStatementPage: SolidarityStatementPageSerializer,
    content_models.ProgrammePage: ProgrammePageSerializer,
    content_models.AwardPage: AwardPageSerializer,
    content_models.EventPage: EventPageSerializer,
}

# What each type's queryset loads with it, so serialising costs no extra queries.
PAGE_PREFETCH: dict[type, tuple[str, ...]] = {
    content_models.RepresentationPage: ("representatives", "interests"),
    content_models.SolidarityStatementPage: ("signatories", "partner_organisations"),
    content_models.ProgrammePage: ("phases", "offers", "partners"),
}


def register_page_serializer(
    model: type, serializer: type[BasePageSerializer], prefetch: tuple[str, ...] = ()
) -> None:
    """Let another app (grants) add its page types to the content API."""
    PAGE_SERIALIZERS[model] = serializer
    if prefetch:
        PAGE_PREFETCH[model] = prefetch


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
    serializer = card_serializer(serializer_for(type(page)))(
        context={"pages": resolver}
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
