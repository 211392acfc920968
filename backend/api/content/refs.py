"""Placeholders for referenced objects, resolved in batches after rendering.

Serializers emit a `Ref` wherever a page shows another object (an image, a
linked page, a snippet, a document, rich text that links to either). Once the
whole response is built, `Resolver.resolve` fetches every referenced object
of a kind in one query and substitutes the rendered objects. A listing of 20
pages with 50 images costs the same few queries as a listing of one page with
one image, and the resolver records what the response depends on, which is
what the response cache invalidates by.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class Ref:
    kind: str
    key: Any

    @property
    def dep(self) -> str:
        return f"{self.kind}:{self.key}"


@dataclass(frozen=True)
class ImageRef(Ref):
    key: int
    alt: str | None = None
    kind = "image"


@dataclass(frozen=True)
class PageRef(Ref):
    key: int
    kind = "page"


@dataclass(frozen=True)
class PageCardRef(Ref):
    """A page shown as a card: a PageLink with its date and its type's card fields."""

    key: int
    kind = "page"


@dataclass(frozen=True)
class DocumentRef(Ref):
    key: int
    kind = "document"


@dataclass(frozen=True)
class SnippetRef(Ref):
    model: str
    key: int
    kind = "snippet"

    @property
    def dep(self) -> str:
        return f"snippet:{self.model}:{self.key}"


@dataclass(frozen=True)
class EmbedRef(Ref):
    key: str
    kind = "embed"


@dataclass(frozen=True)
class RichTextRef(Ref):
    key: str
    kind = "richtext"
