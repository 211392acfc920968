"""Grant pages in the content API: `pages/`, `pages/resolve/` and previews."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.content.fields import (
    RichTextRefField,
    SnippetRefField,
    SnippetRefListField,
    StreamBlockField,
    TypeField,
)
from api.content.serializers import (
    BasePageSerializer,
    SectionIndexPageSerializer,
    label,
    register_page_serializer,
)
from grants.blocks import QuestionsBlock
from grants.models import Currency, GrantSchemePage, GrantsIndexPage, SchemeKind

from .serializers import MONEY, GrantContactSerializer, GrantRoundSerializer


class GrantsIndexPageSerializer(SectionIndexPageSerializer):
    type = TypeField("grants_index")


class GrantSchemePageSerializer(BasePageSerializer):
    protected_fields = ("eligibility", "how_to_apply", "questions")
    card_fields = (
        "kind",
        "kind_label",
        "currency",
        "minimum_amount",
        "maximum_amount",
    )
    type = TypeField("grant_scheme")
    kind = serializers.ChoiceField(choices=SchemeKind.choices, read_only=True)
    kind_label = label("kind")
    currency = serializers.ChoiceField(choices=Currency.choices, read_only=True)
    minimum_amount = serializers.DecimalField(read_only=True, **MONEY)
    maximum_amount = serializers.DecimalField(read_only=True, **MONEY)
    funder = SnippetRefField(
        "core.organisation", "Organisation", source="funder_id", allow_null=True
    )
    partners = SnippetRefListField("core.organisation", "Organisation")
    eligibility = RichTextRefField(allow_null=True)
    how_to_apply = RichTextRefField(allow_null=True)
    questions = StreamBlockField(QuestionsBlock(), allow_null=True)
    contact = serializers.SerializerMethodField()
    rounds = GrantRoundSerializer(many=True, read_only=True)

    @extend_schema_field(GrantContactSerializer)
    def get_contact(self, page: GrantSchemePage) -> dict[str, str]:
        return {"name": page.contact_name, "email": page.contact_email}


def register() -> None:
    register_page_serializer(GrantsIndexPage, GrantsIndexPageSerializer)
    register_page_serializer(
        GrantSchemePage, GrantSchemePageSerializer, prefetch=("partners", "rounds")
    )
