"""Every page type and snippet is declared to the API once, and only once.

A page model or snippet added without its declaration would be missing from
listings, previews, the contract and the change log; these tests name it.
"""

from __future__ import annotations

from django.apps import apps
from wagtail.models import Page
from wagtail.snippets.models import get_snippet_models

from api.content import params
from api.content.resolver import SNIPPET_SERIALIZERS
from api.content.serializers import (
    PAGE_SERIALIZERS,
    BasePageSerializer,
    page_type_name,
    page_types,
    serializer_for,
    typed_filters,
)
from api.schema_extensions import OBJECT_SERIALIZERS


def _concrete_page_models() -> set[type]:
    return {
        model
        for model in apps.get_models()
        if issubclass(model, Page) and model is not Page and not model._meta.abstract
    }


def test_every_page_model_is_declared():
    missing = {m.__name__ for m in _concrete_page_models()} - {
        m.__name__ for m in PAGE_SERIALIZERS
    }
    assert not missing, (
        f"declare these with api.content.serializers.page_type: {missing}"
    )


def test_each_declaration_names_its_own_model_and_type():
    for model, serializer in PAGE_SERIALIZERS.items():
        assert issubclass(serializer, BasePageSerializer)
        assert serializer.model is model
        assert serializer_for(model) is serializer
        assert serializer().fields["type"].value == page_type_name(model)
    # One model per type name: the union's discriminator is unambiguous.
    assert len(page_types()) == len(PAGE_SERIALIZERS)


def test_prefetched_relations_exist_on_the_model():
    for model, serializer in PAGE_SERIALIZERS.items():
        for relation in serializer.prefetch:
            assert hasattr(model, relation), f"{model.__name__}.{relation}"


def test_typed_filters_are_the_listing_parameters():
    """Each page type's own filters are documented and validated parameters of
    `pages/`, and every type-specific parameter has its filter."""
    declared = set(params.PageListParams().fields)
    typed = {name for fs in typed_filters().values() for name in fs.base_filters}
    assert typed <= declared
    common = set(params.PageListParams.common_parameters)
    assert declared - common == typed


def test_typed_filters_filter_their_own_model():
    for model, filterset in typed_filters().items():
        assert filterset._meta.model is model


def test_every_snippet_is_rendered():
    wagtail = {model._meta.label_lower for model in get_snippet_models()}
    assert wagtail == set(SNIPPET_SERIALIZERS), (
        "declare each snippet's serializer with resolver.snippet_renderer"
    )


def test_every_snippet_has_its_component_in_the_contract():
    for label, serializer in SNIPPET_SERIALIZERS.items():
        assert OBJECT_SERIALIZERS[apps.get_model(label).__name__] is serializer
