"""The demo loader behind `load_demo_content`.

Each app's `demo_data.DEMO` is data: images and documents drawn locally,
records (snippets and other rows) found by a lookup, pages found by their
path below the home page, and translations of either. `load()` creates what
is missing and updates what differs; a page changes through a published
revision, and only when one of its declared fields differs, so loading twice
writes nothing the second time.

Data refers to other demo objects with `ref`, `page`, `image`, `document`,
`find` and `locale`. In a model field a reference becomes the object, in
StreamField data its primary key. A record or a page that refers to one not
made yet waits for a later pass: the hub's page link cards name its children,
and the programme's offers name grant schemes another app declares.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from datetime import time as clock
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import timezone
from modelcluster.fields import ParentalKey
from taggit.managers import TaggableManager
from wagtail.fields import StreamField
from wagtail.models import Locale, Page, Site, TranslatableMixin

from .demo import demo_document, demo_image

Log = Callable[[str], None]


# --- The data's vocabulary ------------------------------------------------------


@dataclass(frozen=True)
class Ref:
    """Another object of the demo, resolved when the loader needs it."""

    kind: str
    key: str = ""
    lookup: tuple[tuple[str, Any], ...] = ()


def ref(key: str) -> Ref:
    """The record declared with this `key`."""
    return Ref("record", key)


def page(path: str) -> Ref:
    """The page at this path below the home page ("" is the home page)."""
    return Ref("page", path)


def image(key: str) -> Ref:
    return Ref("image", key)


def document(key: str) -> Ref:
    return Ref("document", key)


def find(model: str, **lookup: Any) -> Ref:
    """Any row, by a lookup: a grant round by its scheme's slug and its name."""
    return Ref("find", model, tuple(sorted(lookup.items())))


def locale(language_code: str) -> Ref:
    return Ref("locale", language_code)


SITE = Ref("site")


@dataclass(frozen=True)
class At:
    """`hour` o'clock in `zone`, `days` after the day the load runs."""

    days: int
    hour: int
    zone: str = "Europe/London"


@dataclass(frozen=True)
class ImageSpec:
    title: str
    colour: tuple[int, int, int]
    size: tuple[int, int] = (1600, 900)
    alt: str = ""


@dataclass(frozen=True)
class DocumentSpec:
    """A one-page PDF with these lines of text, drawn on first use."""

    title: str
    filename: str
    lines: tuple[str, ...]


@dataclass
class Record:
    """A row found by `lookup` (in the default language, for translatable
    models) and given `fields`; `related` rows are made with a new one."""

    model: str
    lookup: dict[str, Any]
    fields: dict[str, Any] = field(default_factory=dict)
    key: str = ""
    related: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


@dataclass
class PageSpec:
    path: str
    model: type[Page]
    fields: dict[str, Any]


@dataclass
class Translation:
    """A page or record in another language: its source copied as an editor's
    "Translate" would, then `fields`. For a StreamField, `{index: (type,
    value)}` replaces the source's blocks at those positions."""

    source: Ref
    language: str
    fields: dict[str, Any]


@dataclass
class Demo:
    images: dict[str, ImageSpec] = field(default_factory=dict)
    documents: dict[str, DocumentSpec] = field(default_factory=dict)
    records: list[Record] = field(default_factory=list)
    pages: list[PageSpec] = field(default_factory=list)
    translations: list[Translation] = field(default_factory=list)


# --- The loader -------------------------------------------------------------------


class Missing(LookupError):
    def __init__(self, missing: Ref) -> None:
        super().__init__(missing)
        self.ref = missing


def load(*demos: Demo, home: Page, log: Log) -> None:
    """Create or update everything the demos declare, in as many passes as
    their references need."""
    for code in dict(settings.WAGTAIL_CONTENT_LANGUAGES):
        Locale.objects.get_or_create(language_code=code)
    loader = _Loader(demos, home=home, log=log)
    loader.run([item for demo in demos for item in (*demo.records, *demo.pages)])
    loader.run([item for demo in demos for item in demo.translations])


class _Loader:
    def __init__(self, demos: tuple[Demo, ...], *, home: Page, log: Log) -> None:
        self.home, self.log = home.specific, log
        self.today = timezone.now()
        self.images = {k: v for demo in demos for k, v in demo.images.items()}
        self.documents = {k: v for demo in demos for k, v in demo.documents.items()}
        self.records: dict[str, models.Model] = {}
        self.pages: dict[str, Page] = {"": self.home}
        self.default_locale = Locale.get_default()

    def run(self, items: list[Any]) -> None:
        apply = {Record: self.record, PageSpec: self.page, Translation: self.translate}
        pending = items
        while pending:
            self.progress = False
            self.missing: list[Ref] = []
            pending = [item for item in pending if not apply[type(item)](item)]
            if pending and not self.progress:
                raise LookupError(
                    f"the demo refers to what it never makes: {self.missing}"
                )

    # Resolving references.

    def get(self, target: Ref) -> Any:
        if target.kind == "record" and target.key in self.records:
            return self.records[target.key]
        if target.kind == "page":
            found = self.pages.get(target.key) or (
                Page.objects.filter(
                    url_path=f"{self.home.url_path}{target.key}/",
                    locale=self.home.locale_id,
                ).first()
            )
            if found is not None:
                self.pages[target.key] = found = found.specific
                return found
        if target.kind == "image":
            return demo_image(**vars(self.images[target.key]))
        if target.kind == "document":
            return demo_document(**vars(self.documents[target.key]))
        if target.kind == "find":
            row = (
                apps.get_model(target.key).objects.filter(**dict(target.lookup)).first()
            )
            if row is not None:
                return row
        if target.kind == "locale":
            return Locale.objects.get(language_code=target.key)
        if target.kind == "site":
            return Site.objects.get(is_default_site=True)
        self.missing.append(target)
        raise Missing(target)

    def resolve(self, value: Any, *, raw: bool = False) -> Any:
        if isinstance(value, Ref):
            found = self.get(value)
            return found.pk if raw else found
        if isinstance(value, At):
            day = (self.today + timedelta(days=value.days)).date()
            return datetime.combine(day, clock(value.hour), tzinfo=ZoneInfo(value.zone))
        if isinstance(value, dict):
            return {k: self.resolve(v, raw=raw) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [self.resolve(v, raw=raw) for v in value]
        return value

    def resolve_fields(
        self, model: type[models.Model], fields: dict[str, Any]
    ) -> tuple[dict[str, Any], list[str]]:
        """The fields whose references all resolve, and the names of the others."""
        resolved, waiting = {}, []
        for name, value in fields.items():
            raw = isinstance(model._meta.get_field(name), StreamField)
            try:
                resolved[name] = self.resolve(value, raw=raw)
            except Missing:
                waiting.append(name)
        return resolved, waiting

    # Applying data.

    def record(self, spec: Record) -> bool:
        model = apps.get_model(spec.model)
        try:
            lookup = self.resolve(spec.lookup)
            related = self.resolve(spec.related)
        except Missing:
            return False
        fields, waiting = self.resolve_fields(model, spec.fields)
        if waiting:
            return False
        if issubclass(model, TranslatableMixin):
            lookup.setdefault("locale", self.default_locale)
        # A plain many-to-many is set once the row exists.
        later = {
            name: fields.pop(name)
            for name in list(fields)
            if isinstance(model._meta.get_field(name), models.ManyToManyField)
        }
        obj = model.objects.filter(**lookup).first()
        if obj is None:
            obj = model(**lookup)
            assign(obj, fields)
            obj.save()
            for accessor, rows in related.items():
                relation = model._meta.get_field(accessor)
                for row in rows:
                    relation.related_model.objects.create(
                        **{relation.field.name: obj}, **row
                    )
            self.changed(f"created {model._meta.verbose_name}: {obj}")
        elif self.update(obj, fields):
            obj.save()
            self.changed(f"updated {model._meta.verbose_name}: {obj}")
        for name, related_objects in later.items():
            manager = getattr(obj, name)
            if {o.pk for o in manager.all()} != {o.pk for o in related_objects}:
                manager.set(related_objects)
                self.changed(f"set the {name} of {obj}")
        if spec.key:
            self.records[spec.key] = obj
        return True

    def page(self, spec: PageSpec) -> bool:
        parent_path, _, slug = spec.path.rpartition("/")
        try:
            parent = self.get(page(parent_path)) if spec.path else None
        except Missing:
            return False
        fields, waiting = self.resolve_fields(spec.model, spec.fields)
        if parent is None:
            current: Page | None = self.home
        else:
            found = parent.get_children().filter(slug=slug).first()
            current = found.specific if found else None
        if current is None:
            current = spec.model(slug=slug)
            assign(current, fields)
            parent.add_child(instance=current)
            current.save_revision().publish()
            self.changed(f"created {spec.model._meta.verbose_name}: {current.title}")
        elif self.update(current, fields):
            current.save_revision().publish()
            self.changed(f"updated {spec.model._meta.verbose_name}: {current.title}")
        self.pages[spec.path] = current
        return not waiting

    def translate(self, spec: Translation) -> bool:
        try:
            source = self.get(spec.source)
        except Missing:
            return False
        target = Locale.objects.get(language_code=spec.language)
        fields, waiting = self.resolve_fields(type(source), spec.fields)
        if waiting:
            return False
        copy = source.get_translation_or_none(target)
        if copy is None:
            copy = source.copy_for_translation(target)
            assign(copy, fields)
        else:
            copy = copy.specific if isinstance(copy, Page) else copy
            if not self.update(copy, fields):
                return True
        copy.save()
        if isinstance(copy, Page):
            copy.save_revision().publish()
        self.changed(f"translated into {spec.language}: {copy}")
        return True

    def update(self, obj: models.Model, fields: dict[str, Any]) -> bool:
        """Give `obj` the fields; whether any of them changed."""
        before = snapshot(obj, fields)
        assign(obj, fields)
        return snapshot(obj, fields) != before

    def changed(self, message: str) -> None:
        self.progress = True
        self.log(message)


def assign(obj: models.Model, fields: dict[str, Any]) -> None:
    for name, value in fields.items():
        model_field = obj._meta.get_field(name)
        if isinstance(model_field, StreamField) and isinstance(value, dict):
            blocks = model_field.get_prep_value(getattr(obj, name))
            for index, (block_type, block_value) in value.items():
                blocks[index] = {
                    **blocks[index],
                    "type": block_type,
                    "value": block_value,
                }
            value = blocks
        if isinstance(model_field, TaggableManager):
            getattr(obj, name).set(value)
        elif _is_child_relation(model_field):
            # The rows keep their primary keys, so what refers to them (an
            # application to a grant round) survives an update.
            rows = [
                row
                if isinstance(row, models.Model)
                else model_field.related_model(**row)
                for row in value
            ]
            for row, old in zip(rows, getattr(obj, name).all(), strict=False):
                row.pk = old.pk
            setattr(obj, name, rows)
        else:
            setattr(obj, name, value)


def snapshot(obj: models.Model, names: Any) -> dict[str, Any]:
    """The fields' values in a form that compares equal when the content does."""
    values = {}
    for name in names:
        model_field = obj._meta.get_field(name)
        value = getattr(obj, name)
        if isinstance(model_field, StreamField):
            values[name] = _canonical_stream(model_field, value)
        elif isinstance(model_field, TaggableManager):
            values[name] = sorted(tag.name for tag in value.all())
        elif _is_child_relation(model_field):
            values[name] = [_row(child) for child in value.all()]
        elif model_field.many_to_many:
            values[name] = sorted(related.pk for related in value.all())
        else:
            value = model_field.value_from_object(obj)
            values[name] = [str(v) for v in value] if isinstance(value, list) else value
    return values


def _is_child_relation(model_field: Any) -> bool:
    return isinstance(getattr(model_field, "remote_field", None), ParentalKey)


def _row(child: models.Model) -> dict[str, Any]:
    return {
        f.attname: f.value_from_object(child)
        for f in child._meta.concrete_fields
        if not (f.primary_key or isinstance(f, ParentalKey) or f.name == "sort_order")
    }


def _canonical_stream(model_field: StreamField, value: Any) -> Any:
    # Validation rewrites what is saved: struct blocks gain their missing
    # children, list items new random ids. Compare both sides in that form,
    # without the list items' ids.
    bound = model_field.stream_block.to_python(model_field.get_prep_value(value))
    list(bound)
    return _without_item_ids(model_field.stream_block.get_prep_value(bound))


def _without_item_ids(value: Any) -> Any:
    if isinstance(value, list):
        return [_without_item_ids(v) for v in value]
    if isinstance(value, dict):
        if value.get("type") == "item" and set(value) == {"type", "value", "id"}:
            return {"type": "item", "value": _without_item_ids(value["value"])}
        return {k: _without_item_ids(v) for k, v in value.items()}
    return value
