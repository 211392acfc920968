"""drf-spectacular extensions: typed schemas for our custom serializer fields."""

from __future__ import annotations

from typing import Any

from django.apps import apps
from drf_spectacular.extensions import (
    OpenApiAuthenticationExtension,
    OpenApiSerializerFieldExtension,
)
from drf_spectacular.plumbing import ResolvedComponent

from .content import serializers as content_serializers
from .content.blocks import DISCRIMINATOR, RICH_TEXT_DESCRIPTION, stream_schema
from .content.resolver import SNIPPET_SERIALIZERS

OBJECT_SERIALIZERS = {
    "Image": content_serializers.ImageSerializer,
    "PageLink": content_serializers.PageLinkSerializer,
    "Document": content_serializers.DocumentSerializer,
    "Embed": content_serializers.EmbedSerializer,
    # Each snippet the API renders, by its model's name (`Organisation`).
    **{
        apps.get_model(label).__name__: serializer
        for label, serializer in SNIPPET_SERIALIZERS.items()
    },
}


class _Registry:
    def __init__(self, auto_schema: Any, direction: str) -> None:
        self.auto_schema = auto_schema
        self.direction = direction

    def __call__(self, name: str, schema: dict[str, Any]) -> dict[str, str]:
        component = ResolvedComponent(
            name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
        )
        self.auto_schema.registry.register_on_missing(component)
        return component.ref

    def serializer(self, name: str) -> dict[str, str]:
        return self.auto_schema.resolve_serializer(
            OBJECT_SERIALIZERS[name], self.direction
        ).ref


def _nullable_ref(ref: dict[str, str], nullable: bool) -> dict[str, Any]:
    return {"allOf": [ref], "nullable": True} if nullable else ref


class StreamBlockFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.content.fields.StreamBlockField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        ref = stream_schema(self.target.stream_block, _Registry(auto_schema, direction))
        return _nullable_ref(ref, self.target.allow_null)


class ImageRefFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.content.fields.ImageRefField"
    component = "Image"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        ref = _Registry(auto_schema, direction).serializer(self.component)
        return _nullable_ref(ref, self.target.allow_null)


class PageRefFieldExtension(ImageRefFieldExtension):
    target_class = "api.content.fields.PageRefField"
    component = "PageLink"


class SnippetRefFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.content.fields.SnippetRefField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        ref = _Registry(auto_schema, direction).serializer(self.target.component)
        return _nullable_ref(ref, self.target.allow_null)


class SnippetRefListFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.content.fields.SnippetRefListField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {
            "type": "array",
            "items": _Registry(auto_schema, direction).serializer(
                self.target.component
            ),
        }


class RichTextRefFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.content.fields.RichTextRefField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {
            "type": "string",
            "format": "html",
            "nullable": bool(self.target.allow_null),
            "description": RICH_TEXT_DESCRIPTION,
        }


class CountryListFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.content.fields.CountryListField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {
            "type": "array",
            "items": auto_schema.resolve_serializer(
                content_serializers.CountrySerializer, direction
            ).ref,
        }


class TypeFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.content.fields.TypeField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        return {"type": "string", DISCRIMINATOR: self.target.value}


class SessionTokenScheme(OpenApiAuthenticationExtension):
    """The app session token from allauth's `app` sign-in, shared with its spec."""

    target_class = "api.authentication.SessionTokenAuthentication"
    name = "SessionToken"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-Session-Token",
            "description": "Session token of an app, from `POST /api/v1/auth/app/v1/auth/login`.",
        }


class PartnerKeyScheme(OpenApiAuthenticationExtension):
    target_class = "api.authentication.PartnerKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema: Any) -> dict[str, Any]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": (
                "A partner organisation's key, sent as `Api-Key <key>`: the same "
                "public content at the key's own rate, for the parts of the API "
                "in its scopes."
            ),
        }


class ChildrenFieldExtension(OpenApiSerializerFieldExtension):
    target_class = "api.content.fields.ChildrenField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        cards = auto_schema.resolve_serializer(page_card_union(), direction)
        return {
            "type": "array",
            "items": cards.ref,
            "description": self.target.help_text,
        }


def page_card_union() -> Any:
    """`PageCard`: a union of every page type's card, discriminated on `type`."""
    from drf_spectacular.utils import PolymorphicProxySerializer
    from rest_framework.serializers import Serializer

    def cards() -> dict[str, Serializer | type[Serializer]]:
        return {
            content_serializers.page_type_name(model): (
                content_serializers.card_serializer(serializer)
            )
            for model, serializer in content_serializers.PAGE_SERIALIZERS.items()
        }

    return PolymorphicProxySerializer(
        component_name="PageCard", serializers=cards, resource_type_field_name="type"
    )


class CountryCodeFieldExtension(OpenApiSerializerFieldExtension):
    """The `CountryCodeEnum` (ISO 3166-1 alpha-2) without 249 description lines.

    drf-spectacular's enum hook names it from ENUM_NAME_OVERRIDES and splits
    the blank choice into `BlankEnum` as for any other choice field.
    """

    target_class = "api.serializers.CountryCodeField"

    def map_serializer_field(self, auto_schema: Any, direction: str) -> dict[str, Any]:
        from .serializers import COUNTRY_CODES

        codes: list[str] = list(COUNTRY_CODES)
        if self.target.allow_blank:
            codes.append("")
        return {"type": "string", "enum": codes}
