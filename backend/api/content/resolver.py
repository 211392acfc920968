"""Batch resolution of `Ref` placeholders into rendered objects."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any

from django.apps import apps
from django.db.models import Model
from wagtail.documents import get_document_model
from wagtail.embeds.models import Embed
from wagtail.images import get_image_model
from wagtail.models import Site, TranslatableMixin

from content.selectors import Access, frontend_path, locale_trees, site_pages
from core.locales import fallback_chain
from core.visibility import public_only

from . import richtext
from .images import absolute_media_url, prefetch_specs, render_image
from .refs import (
    DocumentRef,
    EmbedRef,
    ImageRef,
    PageCardRef,
    PageRef,
    Ref,
    RichTextRef,
    SnippetRef,
)

MAX_DEPTH = 6

# Snippet model label -> the serializer rendering it (a dict that may hold
# further Refs); its component name in the contract is the model's name.
SNIPPET_SERIALIZERS: dict[str, type] = {}
# function(page, resolver) -> the page's card (set by serializers.py)
PAGE_CARD_RENDERER: list[Callable[[Any, Resolver], dict[str, Any]]] = []


def snippet_renderer(label: str) -> Callable[[type], type]:
    """Declare the serializer rendering a snippet model (`core.organisation`).

    The change log follows every snippet declared here (`api.signals`), and
    `tests/api/content/test_registry.py` fails for a snippet model of
    Wagtail's (`get_snippet_models()`) that is not.
    """

    def register(serializer_class: type) -> type:
        SNIPPET_SERIALIZERS[label] = serializer_class
        return serializer_class

    return register


def _locale_of(tree: Any) -> str | None:
    """A page's language, from the `meta` its representation carries."""
    if isinstance(tree, dict) and isinstance(tree.get("meta"), dict):
        return tree["meta"].get("locale")
    return None


def iter_refs(tree: Any) -> Iterator[Ref]:
    if isinstance(tree, Ref):
        yield tree
    elif isinstance(tree, dict):
        for value in tree.values():
            yield from iter_refs(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from iter_refs(value)


class Resolver:
    """Loads what a response references, a kind at a time, and renders it.

    `deps` collects a key per object shown, for the response cache.
    """

    def __init__(
        self,
        *,
        site: Site,
        access: Access,
        renditions: list[str],
        page_type_name: Callable[[type[Model]], str],
    ) -> None:
        self.site = site
        self.access = access
        self.renditions = renditions
        self.page_type_name = page_type_name
        self.root_url_path = site.root_page.url_path
        self.trees = locale_trees(site)
        self.deps: set[str] = set()
        self.images: dict[int, Any] = {}
        self.pages: dict[int, Any] = {}
        self.documents: dict[int, Any] = {}
        self.snippets: dict[tuple[str, int], Any] = {}
        # (model label, translation key) -> language code -> that version
        self.snippet_versions: dict[tuple[str, Any], dict[str, Any]] = {}
        # The language of the tree being resolved: snippets are shown in it,
        # or along its fallback chain (None: the default language's chain).
        self.locale: str | None = None
        self.embeds: dict[str, Any] = {}
        self._loaded: set[tuple[str, Any]] = set()

    # -- public ----------------------------------------------------------------------

    def resolve(self, tree: Any) -> Any:
        for _ in range(MAX_DEPTH):
            refs = list(iter_refs(tree))
            if not refs:
                return tree
            self._load(refs)
            tree = self._substitute(tree)
        raise RuntimeError("references nest too deeply")

    def resolve_each(
        self, items: list[Any], *, roots: list[set[str]]
    ) -> tuple[list[Any], list[set[str]]]:
        """Resolve several trees, loading in batches, and report each tree's deps.

        `roots` are deps each tree has already (its page and breadcrumbs).
        """
        all_deps = self.deps
        per_item = [set(root) for root in roots]
        for _ in range(MAX_DEPTH):
            refs = list(iter_refs(items))
            if not refs:
                break
            self._load(refs)
            resolved = []
            for index, item in enumerate(items):
                self.deps = per_item[index]
                self.locale = _locale_of(item)
                resolved.append(self._substitute(item))
            items = resolved
        else:
            raise RuntimeError("references nest too deeply")
        self.deps = all_deps
        self.locale = None
        for item_deps in per_item:
            self.deps |= item_deps
        return items, per_item

    def path_of(self, url_path: str) -> str:
        return frontend_path(
            url_path=url_path, root_url_path=self.root_url_path, trees=self.trees
        )

    # -- loading ------------------------------------------------------------------------

    def _load(self, refs: list[Ref]) -> None:
        wanted: dict[str, set[Any]] = defaultdict(set)
        for ref in refs:
            if isinstance(ref, RichTextRef):
                pages, documents, images = richtext.references(ref.key)
                wanted["page"] |= pages
                wanted["document"] |= documents
                wanted["image"] |= images
            elif isinstance(ref, SnippetRef):
                wanted[f"snippet:{ref.model}"].add(ref.key)
            else:
                wanted[ref.kind].add(ref.key)
        for kind, keys in wanted.items():
            missing = {key for key in keys if (kind, key) not in self._loaded}
            if not missing:
                continue
            self._loaded |= {(kind, key) for key in missing}
            if kind == "image":
                self._load_images(missing)
            elif kind == "page":
                self._load_pages(missing)
            elif kind == "document":
                visible = public_only(
                    get_document_model().objects.filter(pk__in=missing)
                )
                for document in visible:
                    self.documents[document.pk] = document
            elif kind == "embed":
                for embed in Embed.objects.filter(url__in=missing):
                    self.embeds[embed.url] = embed
            elif kind.startswith("snippet:"):
                label = kind.removeprefix("snippet:")
                self._load_snippets(label, missing)

    def _load_snippets(self, label: str, ids: set[int]) -> None:
        """The snippets, with every language version of each in the same query."""
        model = apps.get_model(label)
        manager = model._default_manager
        translatable = issubclass(model, TranslatableMixin)
        queryset = manager.filter(pk__in=ids)
        if translatable:
            queryset = manager.filter(
                translation_key__in=manager.filter(pk__in=ids).values("translation_key")
            ).select_related("locale")
        if label == "content.testimonial":
            queryset = queryset.select_related("person")
        for obj in queryset:
            self.snippets[(label, obj.pk)] = obj
            self._loaded.add((f"snippet:{label}", obj.pk))
            if translatable:
                self.snippet_versions.setdefault((label, obj.translation_key), {})[
                    obj.locale.language_code
                ] = obj

    def _snippet_in_language(self, label: str, obj: Any) -> Any:
        """`obj`'s version in the tree's language, or the next one of its chain."""
        versions = self.snippet_versions.get((label, obj.translation_key))
        if not versions:
            return obj
        chain = fallback_chain([self.locale] if self.locale else [])
        return next((versions[code] for code in chain if code in versions), obj)

    def _load_images(self, ids: set[int]) -> None:
        # Every density and format of the renditions asked for and of those
        # rich text shows, in the one query as before.
        names = dict.fromkeys([*self.renditions, *richtext.image_rendition_names()])
        queryset = public_only(
            get_image_model().objects.filter(pk__in=ids)
        ).prefetch_renditions(*prefetch_specs(names))
        for image in queryset:
            self.images[image.pk] = image

    def _load_pages(self, ids: set[int]) -> None:
        queryset = (
            site_pages(site=self.site, access=self.access)
            .filter(pk__in=ids)
            .specific(defer=False)
        )
        for page in queryset:
            self.pages[page.pk] = page

    # -- rendering ------------------------------------------------------------------------

    def _substitute(self, tree: Any) -> Any:
        if isinstance(tree, Ref):
            return self._render(tree)
        if isinstance(tree, dict):
            return {key: self._substitute(value) for key, value in tree.items()}
        if isinstance(tree, list):
            return [self._substitute(value) for value in tree]
        return tree

    def _render(self, ref: Ref) -> Any:
        if isinstance(ref, ImageRef):
            # The dependency counts for a missing or private image too: it
            # is bumped when the image (or its collection's privacy) changes.
            self.deps.add(ref.dep)
            image = self.images.get(ref.key)
            if image is None:
                return None
            return render_image(image, names=self.renditions, alt=ref.alt)
        if isinstance(ref, PageCardRef):
            page = self.pages.get(ref.key)
            self.deps.add(ref.dep)
            return PAGE_CARD_RENDERER[0](page, self) if page is not None else None
        if isinstance(ref, PageRef):
            return self.page_link(ref.key)
        if isinstance(ref, DocumentRef):
            self.deps.add(ref.dep)
            document = self.documents.get(ref.key)
            if document is None:
                return None
            return {
                "id": document.pk,
                "title": document.title,
                "url": absolute_media_url(document.url),
                "file_extension": document.file_extension,
                "file_size": document.file_size,
            }
        if isinstance(ref, SnippetRef):
            obj = self.snippets.get((ref.model, ref.key))
            if obj is None:
                return None
            # Bumped for every language version when any of them changes.
            self.deps.add(ref.dep)
            if isinstance(obj, TranslatableMixin):
                obj = self._snippet_in_language(ref.model, obj)
                self.deps.add(f"snippet:{ref.model}:{obj.pk}")
            return dict(SNIPPET_SERIALIZERS[ref.model](obj).data)
        if isinstance(ref, EmbedRef):
            embed = self.embeds.get(ref.key)
            return {
                "url": ref.key,
                "title": embed.title if embed else "",
                "provider_name": embed.provider_name if embed else "",
                "html": embed.html if embed else "",
                "width": embed.width if embed else None,
                "height": embed.height if embed else None,
                "thumbnail_url": (embed.thumbnail_url or None) if embed else None,
            }
        if isinstance(ref, RichTextRef):
            return richtext.render(
                ref.key,
                page_href=self._page_href,
                document_href=self._document_href,
                image_tag=self._image_tag,
            )
        raise TypeError(f"unknown reference {ref!r}")

    def page_link(self, page_id: int) -> dict[str, Any] | None:
        page = self.pages.get(page_id)
        self.deps.add(f"page:{page_id}")
        if page is None:
            return None
        path = self.path_of(page.url_path)
        from django.conf import settings

        return {
            "id": page.pk,
            "type": self.page_type_name(type(page)),
            "title": page.title,
            "summary": getattr(page, "summary", ""),
            "path": path,
            "url": settings.FRONTEND_BASE_URL + path,
            "listing_image": ImageRef(page.listing_image_id)
            if getattr(page, "listing_image_id", None)
            else None,
        }

    def _page_href(self, page_id: int) -> str | None:
        self.deps.add(f"page:{page_id}")
        page = self.pages.get(page_id)
        return self.path_of(page.url_path) if page is not None else None

    def _document_href(self, document_id: int) -> str | None:
        self.deps.add(f"document:{document_id}")
        document = self.documents.get(document_id)
        if document is None:
            return None
        return absolute_media_url(document.url)

    def _image_tag(self, image_id: int, fmt: str, alt: str) -> str | None:
        self.deps.add(f"image:{image_id}")
        image = self.images.get(image_id)
        if image is None:
            return None
        names = richtext.image_formats()[fmt]["renditions"]
        return richtext.image_html(
            render_image(image, names=list(names), alt=alt), fmt=fmt
        )
