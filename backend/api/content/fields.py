"""Serializer fields that emit `Ref` placeholders, and their OpenAPI schemas."""

from __future__ import annotations

import copy
from typing import Any

from django.conf import settings
from django_countries import countries
from rest_framework import serializers
from wagtail import blocks as wagtail_blocks

from .blocks import render_stream
from .refs import ImageRef, PageCardRef, PageRef, RichTextRef, SnippetRef


class ImageRefField(serializers.Field):
    """An image foreign key (`source="<field>_id"`) rendered as an Image object."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> ImageRef | None:
        return ImageRef(int(value)) if value else None


class PageRefField(ImageRefField):
    """A page foreign key (`source="<field>_id"`) rendered as a PageLink (null if not public)."""

    def to_representation(self, value: Any) -> PageRef | None:  # type: ignore[override]
        return PageRef(int(value)) if value else None


class SnippetRefField(ImageRefField):
    """A snippet foreign key (`source="<field>_id"`) rendered as the snippet's object."""

    def __init__(self, model_label: str, component: str, **kwargs: Any) -> None:
        self.model_label = model_label.lower()
        self.component = component
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> SnippetRef | None:  # type: ignore[override]
        return SnippetRef(self.model_label, int(value)) if value else None


class SnippetRefListField(SnippetRefField):
    """A many-to-many of snippets, rendered as a list of objects."""

    def to_representation(self, value: Any) -> list[SnippetRef]:  # type: ignore[override]
        return [SnippetRef(self.model_label, obj.pk) for obj in value.all()]


class RichTextRefField(serializers.Field):
    """A RichTextField rendered as sanitised frontend HTML."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> RichTextRef:
        return RichTextRef(value or "")


class StreamBlockField(serializers.Field):
    """A StreamField rendered block by block (see `blocks.py`)."""

    _kwargs: dict[str, Any]  # set by Field.__new__: the arguments, for copies

    def __init__(self, stream_block: wagtail_blocks.StreamBlock, **kwargs: Any) -> None:
        self.stream_block = stream_block
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def __deepcopy__(self, memo: Any) -> StreamBlockField:
        # DRF deep-copies declared fields for every serializer instance; a
        # StreamBlock is read-only configuration, and copying the whole block
        # tree cost about 15 ms per page rendered. Share it.
        return self.__class__(self.stream_block, **copy.deepcopy(self._kwargs, memo))

    def to_representation(self, value: Any) -> list[dict[str, Any]]:
        raw = list(value.raw_data) if hasattr(value, "raw_data") else (value or [])
        return render_stream(self.stream_block, raw)


class CountryListField(serializers.Field):
    """ISO 3166 country codes with their English names."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> list[dict[str, str]]:
        codes = [getattr(c, "code", c) for c in (value or [])]
        return [{"code": code, "name": str(countries.name(code))} for code in codes]


class TypeField(serializers.Field):
    """The page or block type: a constant per serializer, the union's discriminator."""

    def __init__(self, value: str, **kwargs: Any) -> None:
        self.value = value
        kwargs["read_only"] = True
        kwargs["source"] = "*"
        super().__init__(**kwargs)

    def to_representation(self, value: Any) -> str:
        return self.value


def frontend_url(path: str) -> str:
    return settings.FRONTEND_BASE_URL + path


class ChildrenField(serializers.Field):
    """The published children of an index page, as cards (see `PageCard`)."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("read_only", True)
        kwargs.setdefault("source", "*")
        kwargs.setdefault(
            "help_text",
            "Published child pages as cards, newest first in the strategy and "
            "solidarity sections, else in the editors' order (up to 100; page "
            "through `pages/?child_of=` for more).",
        )
        super().__init__(**kwargs)

    def to_representation(self, page: Any) -> list[PageCardRef]:
        children = self.context["render"].children.get(page.pk, [])
        return [PageCardRef(pk) for pk in children]
