"""Grant pages in the content API: `pages/`, `pages/resolve/` and previews."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from api.content.fields import (
    RichTextRefField,
    SnippetRefField,
    SnippetRefListField,
    StreamBlockField,
)
from api.content.serializers import (
    BasePageSerializer,
    LiveFields,
    SectionIndexPageSerializer,
    label,
    page_type,
)
from api.signals import GRANT_ROUNDS_DEP
from grants import selectors
from grants.blocks import QuestionsBlock
from grants.models import Currency, GrantSchemePage, GrantsIndexPage, SchemeKind

from .serializers import MONEY, GrantContactSerializer, GrantRoundSerializer


def scheme_rounds(scheme_ids: list[int]) -> LiveFields:
    """Each scheme's rounds with their status now, and when one next changes."""
    now = timezone.now()
    rounds = list(selectors.rounds_of(scheme_ids=scheme_ids))
    by_scheme: dict[int, list[Any]] = defaultdict(list)
    for round_ in rounds:
        by_scheme[round_.scheme_id].append(round_)
    serializer = GrantRoundSerializer(context={"now": now})
    moments = [
        moment
        for round_ in rounds
        for moment in (round_.opens_at, round_.closes_at)
        if moment > now
    ]
    return LiveFields(
        values={
            pk: {"rounds": [serializer.to_representation(r) for r in by_scheme[pk]]}
            for pk in scheme_ids
        },
        deps={GRANT_ROUNDS_DEP},
        expires_at=min(moments) if moments else None,
    )


@page_type(GrantsIndexPage)
class GrantsIndexPageSerializer(SectionIndexPageSerializer):
    pass


@page_type(
    GrantSchemePage,
    prefetch=("partners",),
    live_fields=("rounds",),
    live=scheme_rounds,
)
class GrantSchemePageSerializer(BasePageSerializer):
    protected_fields = ("eligibility", "how_to_apply", "questions")
    card_fields = (
        "kind",
        "kind_label",
        "currency",
        "minimum_amount",
        "maximum_amount",
    )
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
    rounds = serializers.SerializerMethodField(
        help_text="Earliest first, each with its status now."
    )

    @extend_schema_field(GrantContactSerializer)
    def get_contact(self, page: GrantSchemePage) -> dict[str, str]:
        return {"name": page.contact_name, "email": page.contact_email}

    @extend_schema_field(GrantRoundSerializer(many=True))
    def get_rounds(self, page: GrantSchemePage) -> list[dict[str, Any]]:
        # Not stored: `scheme_rounds` adds them to every request's copy.
        return []
