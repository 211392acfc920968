"""StreamField blocks in the API: rendering and OpenAPI schemas from one definition.

Each block is rendered from its raw (database) value by walking its Wagtail
block definition, so a new block type is served as soon as it is declared:
struct blocks become objects, list blocks arrays, stream blocks arrays of
`{"type", "id", "value"}`, and chooser blocks placeholders (`refs`) that the
resolver turns into objects in batches. The same walk produces the schema:
every named block class becomes an OpenAPI component of the same name, and
every stream block a discriminated union on `type`.
"""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.text import camel_case_to_spaces
from wagtail import blocks
from wagtail.contrib.typed_table_block.blocks import BaseTypedTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .refs import DocumentRef, EmbedRef, ImageRef, PageRef, RichTextRef, SnippetRef

# --- rendering ----------------------------------------------------------------------


def _items(raw: Any) -> list[tuple[Any, str | None]]:
    """ListBlock raw data in either of Wagtail's formats -> [(value, id)]."""
    result = []
    for item in raw or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            result.append((item["value"], item.get("id")))
        else:
            result.append((item, None))
    return result


def render_stream(block: blocks.StreamBlock, raw: Any) -> list[dict[str, Any]]:
    output = []
    for item in raw or []:
        name = item.get("type")
        child = block.child_blocks.get(name)
        if child is None:  # a block removed from the code; its data stays in old rows
            continue
        output.append(
            {
                "type": name,
                "id": item.get("id") or "",
                "value": render_block(child, item.get("value")),
            }
        )
    return output


def render_block(block: blocks.Block, raw: Any) -> Any:
    if isinstance(block, blocks.StreamBlock):
        return render_stream(block, raw)
    if isinstance(block, BaseTypedTableBlock):
        raw = raw or {}
        columns = raw.get("columns") or []
        column_blocks = [block.child_blocks.get(col.get("type")) for col in columns]
        return {
            "caption": raw.get("caption") or "",
            "columns": [
                {"type": col.get("type"), "heading": col.get("heading") or ""}
                for col in columns
            ],
            "rows": [
                [
                    render_block(col_block, value) if col_block is not None else None
                    for col_block, value in zip(
                        column_blocks, row.get("values") or [], strict=False
                    )
                ]
                for row in raw.get("rows") or []
            ],
        }
    if isinstance(block, blocks.StructBlock):
        raw = raw or {}
        return {
            name: render_block(child, raw.get(name))
            for name, child in block.child_blocks.items()
        }
    if isinstance(block, blocks.ListBlock):
        return [render_block(block.child_block, value) for value, _ in _items(raw)]
    if isinstance(block, ImageChooserBlock):
        return ImageRef(int(raw)) if raw else None
    if isinstance(block, blocks.PageChooserBlock):
        return PageRef(int(raw)) if raw else None
    if isinstance(block, DocumentChooserBlock):
        return DocumentRef(int(raw)) if raw else None
    if isinstance(block, SnippetChooserBlock):
        return (
            SnippetRef(block.target_model._meta.label_lower, int(raw)) if raw else None
        )
    if isinstance(block, EmbedBlock):
        return EmbedRef(raw) if raw else None
    if isinstance(block, blocks.RichTextBlock):
        return RichTextRef(raw or "")
    if isinstance(block, blocks.DecimalBlock):
        try:
            return str(Decimal(str(raw))) if raw not in (None, "") else None
        except InvalidOperation:
            return None
    if isinstance(block, blocks.BooleanBlock):
        return bool(raw)
    if isinstance(block, blocks.IntegerBlock | blocks.FloatBlock):
        return raw if raw not in ("",) else None
    if isinstance(block, blocks.TimeBlock):
        # Stored as the editor typed it ("09:30"); the schema promises an
        # ISO 8601 time, so always "09:30:00".
        if isinstance(raw, str) and raw:
            try:
                raw = datetime.time.fromisoformat(raw)
            except ValueError:
                return None
        return raw.isoformat() if isinstance(raw, datetime.time) else None
    if isinstance(block, blocks.DateBlock | blocks.DateTimeBlock):
        if isinstance(raw, datetime.date | datetime.time):
            return raw.isoformat()
        return raw or None
    if isinstance(block, blocks.FieldBlock):
        return raw if raw is not None else ""
    return raw


# --- schema --------------------------------------------------------------------------

DISCRIMINATOR = "x-discriminator-value"
RICH_TEXT_DESCRIPTION = (
    "Sanitised HTML; internal links are frontend paths. Images are "
    "`<img src srcset sizes width height alt loading=lazy>` with absolute URLs, "
    "inside a `<picture>` with an AVIF and a WebP `<source>` (not for SVG or GIF)."
)


def _component_name(block: blocks.Block) -> str:
    return type(block).__name__


def _titled(name: str) -> str:
    return "".join(part.capitalize() for part in name.split("_"))


def block_schema(block: blocks.Block, register: Any) -> dict[str, Any]:
    """OpenAPI schema for a block's rendered value.

    `register(name, schema)` adds a component and returns its `$ref` object;
    `register.serializer(name)` the `$ref` of a serializer's component (images,
    pages, snippets). Named block classes become components; Wagtail's generic
    classes are inlined.
    """
    named = type(block).__module__.split(".")[0] not in ("wagtail",)
    description = str(getattr(block.meta, "help_text", "") or "")
    schema: dict[str, Any]

    if isinstance(block, blocks.StreamBlock):
        return stream_schema(block, register)
    if isinstance(block, BaseTypedTableBlock):
        cell_schemas = [
            block_schema(child, register) for child in block.child_blocks.values()
        ]
        schema = {
            "type": "object",
            "description": description or "A table with typed columns.",
            "properties": {
                "caption": {"type": "string"},
                "columns": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "type": {
                                "type": "string",
                                "enum": list(block.child_blocks),
                            },
                            "heading": {"type": "string"},
                        },
                        "required": ["type", "heading"],
                    },
                },
                "rows": {
                    "type": "array",
                    "description": "Each row has one cell per column, typed by the column's `type`.",
                    "items": {
                        "type": "array",
                        # anyOf: every cell kind is a string, so a cell would
                        # match all three and fail oneOf; its column says which.
                        "items": {"anyOf": cell_schemas, "nullable": True},
                    },
                },
            },
            "required": ["caption", "columns", "rows"],
        }
        return register(_component_name(block), schema)
    if isinstance(block, blocks.StructBlock):
        properties = {}
        for name, child in block.child_blocks.items():
            child_schema = block_schema(child, register)
            help_text = str(getattr(child.meta, "help_text", "") or "")
            if help_text and "$ref" not in child_schema:
                child_schema = {**child_schema, "description": help_text}
            properties[name] = child_schema
        schema = {
            "type": "object",
            "properties": properties,
            "required": list(block.child_blocks),
        }
        if description:
            schema["description"] = description
        return register(_component_name(block), schema) if named else schema
    if isinstance(block, blocks.ListBlock):
        return {"type": "array", "items": block_schema(block.child_block, register)}
    if isinstance(block, ImageChooserBlock):
        return {"allOf": [register.serializer("Image")], "nullable": True}
    if isinstance(block, blocks.PageChooserBlock):
        return {
            "allOf": [register.serializer("PageLink")],
            "nullable": True,
            "description": "Null when the page is not published.",
        }
    if isinstance(block, DocumentChooserBlock):
        return {"allOf": [register.serializer("Document")], "nullable": True}
    if isinstance(block, SnippetChooserBlock):
        schema = {
            "allOf": [register.serializer(block.target_model.__name__)],
            "nullable": True,
        }
        return register(_component_name(block), schema) if named else schema
    if isinstance(block, EmbedBlock):
        schema = {"allOf": [register.serializer("Embed")], "nullable": True}
        return register(_component_name(block), schema) if named else schema
    if isinstance(block, blocks.RichTextBlock):
        schema = {
            "type": "string",
            "format": "html",
            "description": RICH_TEXT_DESCRIPTION,
        }
        return register(_component_name(block), schema) if named else schema
    if isinstance(block, blocks.DecimalBlock):
        return {"type": "string", "format": "decimal", "nullable": True}
    if isinstance(block, blocks.BooleanBlock):
        return {"type": "boolean"}
    if isinstance(block, blocks.IntegerBlock):
        return {"type": "integer", "nullable": True}
    if isinstance(block, blocks.FloatBlock):
        return {"type": "number", "nullable": True}
    if isinstance(block, blocks.DateTimeBlock):
        return {"type": "string", "format": "date-time", "nullable": True}
    if isinstance(block, blocks.DateBlock):
        return {"type": "string", "format": "date", "nullable": True}
    if isinstance(block, blocks.TimeBlock):
        # A wall-clock time with no offset: `format: time` (RFC 3339) demands
        # one, and schemathesis rightly refused "09:30:00" against it.
        return {
            "type": "string",
            "pattern": r"^([01]\d|2[0-3]):[0-5]\d:[0-5]\d$",
            "nullable": True,
            "description": (
                "Local time, HH:MM:SS, in the time zone of the page it belongs "
                "to (an event's `timezone`)."
            ),
        }
    if isinstance(block, blocks.ChoiceBlock):
        return {
            "type": "string",
            "enum": [str(value) for value, _ in block.field.choices if value != ""],
        }
    if isinstance(block, blocks.URLBlock):
        return {"type": "string", "description": "An absolute URL, or empty."}
    return {"type": "string"}


def stream_schema(block: blocks.StreamBlock, register: Any) -> dict[str, Any]:
    stream_name = _component_name(block)
    mapping = {}
    for name, child in block.child_blocks.items():
        item_name = f"{stream_name}{_titled(name)}"
        value_schema = block_schema(child, register)
        label = str(child.label or camel_case_to_spaces(name))
        item = {
            "type": "object",
            "description": label,
            "properties": {
                "type": {"type": "string", DISCRIMINATOR: name},
                "id": {"type": "string", "description": "Stable block id (a UUID)."},
                "value": value_schema,
            },
            "required": ["type", "id", "value"],
        }
        mapping[name] = register(item_name, item)["$ref"]
    union = {
        "type": "array",
        "items": {
            "oneOf": [{"$ref": ref} for ref in mapping.values()],
            "discriminator": {"propertyName": "type", "mapping": mapping},
        },
    }
    return register(stream_name, union)


def iter_stream_blocks(block: blocks.Block) -> list[tuple[str, blocks.Block]]:
    """Every (name, block) in a block tree, depth first: for coverage tests."""
    found: list[tuple[str, blocks.Block]] = []
    children: dict[str, blocks.Block] = {}
    if isinstance(block, blocks.StreamBlock | blocks.StructBlock | BaseTypedTableBlock):
        children = dict(block.child_blocks)
    elif isinstance(block, blocks.ListBlock):
        children = {"item": block.child_block}
    for name, child in children.items():
        found.append((name, child))
        found.extend(iter_stream_blocks(child))
    return found
