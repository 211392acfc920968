"""Images as API objects: size, alt text, focal point and allow-listed renditions.

Each rendition comes with a `srcset` that never mixes aspect ratios (a fill
rendition's is the same crop at API_IMAGE_DENSITIES; a width rendition's is
every width rendition asked for) and with `sources`, the same srcset in each
of API_IMAGE_FORMATS, for `<picture><source type srcset>`.
"""

from __future__ import annotations

import logging
import os
import re
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db import IntegrityError
from wagtail.images.models import (
    AbstractImage,
    AbstractRendition,
    Filter,
    SourceImageIOError,
)

from core.changes import not_storable
from core.errors import Invalid

logger = logging.getLogger(__name__)


def rendition_specs() -> dict[str, str]:
    return settings.API_IMAGE_RENDITIONS


def canonical_renditions(names: list[str]) -> list[str]:
    """`names` in the order of API_IMAGE_RENDITIONS.

    One order per set: a stored representation is keyed by the set, so every
    request for it (and the task that builds it) must render the same bytes.
    """
    return [name for name in rendition_specs() if name in set(names)]


def parse_rendition_names(raw: str | None) -> list[str]:
    """The named renditions a request asks for; an unknown name is a 400."""
    specs = rendition_specs()
    if raw is None or raw == "":
        return canonical_renditions(list(settings.API_DEFAULT_RENDITIONS))
    # Exactly the contract's array of enum names: no blanks, no empty items.
    names = raw.split(",")
    unknown = [repr(name) for name in names if name not in specs]
    if unknown:
        allowed = ", ".join(specs)
        raise Invalid(
            f"Unknown rendition(s): {', '.join(unknown)}. Allowed: {allowed}.",
            code="unknown_rendition",
            errors={"renditions": [("unknown_rendition", f"Allowed: {allowed}.")]},
        )
    return canonical_renditions(names)


def rendition_url(image: AbstractImage, rendition: AbstractRendition) -> str:
    """The bucket's URL, or for an image of a private collection on a bucket
    (whose objects are private: core.object_acl) the permission-checked
    `/media/` view's."""
    return rendition_urls(image)(rendition)


def rendition_urls(image: AbstractImage) -> Callable[[AbstractRendition], str]:
    """`rendition_url` for each rendition of `image`, deciding privacy once
    (outside a listing's annotation that costs a query)."""
    from core.object_acl import bucket_storage, is_private_image

    if bucket_storage() is not None and is_private_image(image):
        prefix = settings.BACKEND_BASE_URL + settings.MEDIA_URL
        return lambda rendition: prefix + rendition.file.name
    return lambda rendition: absolute_media_url(rendition.url)


def absolute_media_url(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.BACKEND_BASE_URL + url


# What `sources[].type` may be, best first; API_IMAGE_FORMATS picks from it.
SOURCE_TYPES = {"avif": "image/avif", "webp": "image/webp"}
SOURCE_TYPE_CHOICES = [(mime, mime) for mime in SOURCE_TYPES.values()]

FILL = re.compile(r"fill-(?P<width>\d+)x(?P<height>\d+)(?P<extra>(-c\d+)?)")
# The original's format by file extension, as Willow names it.
EXTENSION_FORMATS = {".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png", ".gif": "gif"}


def density_specs(spec: str, *, width: int, height: int) -> list[str]:
    """The specs of a fill rendition's srcset, smallest first (`spec` itself
    for any other).

    Wagtail never enlarges: past the largest crop the original allows, a
    density gives that crop again. So the first density past it is asked
    for (it is the full-resolution crop) and the larger ones are not, which
    saves creating files that repeat it. An original of 1600x900 gives
    `fill-400x300` a srcset of 200, 400 and 800 pixels wide, and
    `fill-1200x630` one of 600, 1200 and 1600 (its `fill-2400x1260`).
    """
    operation, *filters = spec.split("|")
    match = FILL.fullmatch(operation)
    if match is None:
        return [spec]
    spec_width, spec_height = int(match["width"]), int(match["height"])
    largest_crop = min(width, height * spec_width / spec_height)
    specs = []
    reached = spec_width >= largest_crop
    for density in sorted(settings.API_IMAGE_DENSITIES):
        scaled_width = round(spec_width * density)
        scaled_height = round(spec_height * density)
        if density == 1:
            specs.append(spec)
            continue
        if scaled_width < 1 or scaled_height < 1:
            continue
        if scaled_width >= largest_crop:
            # This density is the full crop: the first one past 1x gives it,
            # any other only repeats it (or 1x already is it).
            if density < 1 or reached:
                continue
            reached = True
        scaled = f"fill-{scaled_width}x{scaled_height}{match['extra']}"
        specs.append("|".join([scaled, *filters]))
    return specs


def distinct_widths(specs: list[str], *, width: int) -> list[str]:
    """The `width-*` specs that give different files of an image this wide,
    narrowest first: Wagtail never enlarges, so of those past its width only
    the first is needed (an original 320 wide gives width-480, -960 and
    -1600 the same 320 pixels)."""
    distinct = []
    for spec in sorted(specs, key=_width_of):
        distinct.append(spec)
        if _width_of(spec) >= width:
            break
    return distinct


def _width_of(spec: str) -> int:
    return int(spec.split("|")[0].removeprefix("width-"))


def format_spec(spec: str, fmt: str) -> str:
    """`spec` converted to `fmt` (any format it named replaced)."""
    kept = [part for part in spec.split("|") if not part.startswith("format-")]
    return "|".join([*kept, f"format-{fmt}"])


def output_format(image: AbstractImage, spec: str) -> str | None:
    """The format Wagtail writes `spec` of this image in, if known."""
    for part in spec.split("|"):
        if part.startswith("format-"):
            return part.removeprefix("format-").split("-")[0]
    _, extension = os.path.splitext(image.file.name)
    original = EXTENSION_FORMATS.get(extension.lower(), extension.lower()[1:])
    conversions = getattr(settings, "WAGTAILIMAGES_FORMAT_CONVERSIONS", {})
    return conversions.get(original, original)


def source_formats(image: AbstractImage, spec: str) -> list[str]:
    """The modern formats a rendition is offered in, besides its own.

    None for an SVG (Wagtail cannot rasterise one) or a GIF (Willow would
    keep the first frame of an animation, and a browser prefers the
    `<source>`: the picture would stop moving).
    """
    if image.is_svg() or output_format(image, spec) == "gif":
        return []
    own = output_format(image, spec)
    return [
        fmt for fmt in settings.API_IMAGE_FORMATS if fmt in SOURCE_TYPES and fmt != own
    ]


def prefetch_specs(names: Iterable[str]) -> list[str]:
    """Every spec `render_image` may ask for with these names, for any image.

    The resolver prefetches them all in one query (a density an image is too
    small for is simply not there); one missing from here would cost a
    query per image.
    """
    specs = rendition_specs()
    wanted: dict[str, None] = {}
    for name in names:
        # As large an original as any: every density.
        for spec in density_specs(specs[name], width=10**6, height=10**6):
            wanted[spec] = None
            for fmt in settings.API_IMAGE_FORMATS:
                wanted[format_spec(spec, fmt)] = None
    return list(wanted)


def renditions_of(
    image: AbstractImage, specs: list[str]
) -> dict[str, AbstractRendition]:
    """The image's renditions by spec, creating those that do not exist yet.

    Renditions found (prefetched by the resolver) are used as they are:
    `Image.get_rendition()` would also write each one back to the rendition
    cache, pickling it with its image, on every request. Missing ones are
    made together (Wagtail reads the original once and encodes on three
    threads), which matters with a dozen per image.
    """
    filters = {spec: image.clean_filter_for_svg(Filter(spec=spec)) for spec in specs}
    found = image.find_existing_renditions(*filters.values())
    missing = [f for f in dict.fromkeys(filters.values()) if f not in found]
    if missing:
        try:
            created = image.get_renditions(*missing)
        except SourceImageIOError:
            # The original file is gone from storage: leave these renditions
            # out rather than fail every page that shows the image.
            logger.warning("image %s: original file missing, no renditions", image.pk)
            created = {}
        except IntegrityError:
            # Another process created it after this read's snapshot began
            # (core.changes.consistent_read): serve without it this once,
            # and keep nothing built from this snapshot. (Wagtail makes one
            # missing rendition with get_or_create, several with a bulk
            # insert that ignores conflicts.)
            not_storable()
            created = {}
        found.update({Filter(spec=spec): r for spec, r in created.items()})
    return {spec: found[filter] for spec, filter in filters.items() if filter in found}


def _srcset(
    url: Callable[[AbstractRendition], str], renditions: list[AbstractRendition]
) -> str:
    return ", ".join(f"{url(r)} {int(r.width)}w" for r in renditions)


def _by_width(
    found: dict[str, AbstractRendition], specs: list[str]
) -> list[tuple[str, AbstractRendition]]:
    """`specs` found, narrowest first, one per width (a srcset lists a width once)."""
    chosen: dict[int, tuple[str, AbstractRendition]] = {}
    for spec in specs:
        rendition = found.get(spec)
        if rendition is not None and rendition.width not in chosen:
            chosen[rendition.width] = (spec, rendition)
    return [chosen[width] for width in sorted(chosen)]


def _candidates(
    image: AbstractImage,
    *,
    found: dict[str, AbstractRendition],
    entries: list[tuple[str, AbstractRendition]],
    url: Callable[[AbstractRendition], str],
) -> dict[str, Any]:
    """A srcset and its `sources`: the same entries in each modern format."""
    sources = []
    for fmt in settings.API_IMAGE_FORMATS:
        converted = [
            found[format_spec(spec, fmt)]
            for spec, _ in entries
            if fmt in source_formats(image, spec) and format_spec(spec, fmt) in found
        ]
        if converted:
            sources.append(
                {"type": SOURCE_TYPES[fmt], "srcset": _srcset(url, converted)}
            )
    return {
        "srcset": _srcset(url, [rendition for _, rendition in entries]),
        "sources": sources,
    }


def render_image(
    image: AbstractImage, *, names: list[str], alt: str | None = None
) -> dict[str, Any]:
    specs = rendition_specs()
    width_specs = [specs[name] for name in names if specs[name].startswith("width-")]
    # What each rendition's srcset lists: a width rendition, every width
    # rendition that differs (all of them are the whole picture); any other,
    # its densities. An SVG scales by itself: each rendition alone.
    if image.is_svg():
        lists = {name: [specs[name]] for name in names}
        image_list = width_specs[:1]
    else:
        image_list = distinct_widths(width_specs, width=image.width)
        lists = {
            name: image_list
            if specs[name] in width_specs
            else density_specs(specs[name], width=image.width, height=image.height)
            for name in names
        }
    listed = list(
        dict.fromkeys(spec for spec_list in lists.values() for spec in spec_list)
    )
    wanted = [*(specs[name] for name in names), *listed]
    wanted += [
        format_spec(spec, fmt) for spec in listed for fmt in source_formats(image, spec)
    ]
    found = renditions_of(image, list(dict.fromkeys(wanted)))
    url = rendition_urls(image)

    def candidates(spec_list: list[str]) -> dict[str, Any]:
        return _candidates(
            image, found=found, entries=_by_width(found, spec_list), url=url
        )

    renditions: dict[str, dict[str, Any]] = {}
    for name in names:
        rendition = found.get(specs[name])
        if rendition is None:
            continue
        renditions[name] = {
            "url": url(rendition),
            # An SVG's new rendition has float sizes; the table keeps ints.
            "width": int(rendition.width),
            "height": int(rendition.height),
            **candidates(lists[name]),
        }
    # Only crops requested (e.g. `square,social`): the first one's srcset,
    # rather than an empty one.
    image_candidates = candidates(image_list)
    if not image_candidates["srcset"] and renditions:
        first = next(iter(renditions.values()))
        image_candidates = {"srcset": first["srcset"], "sources": first["sources"]}
    focal = None
    if image.has_focal_point():
        focal = {
            "x": image.focal_point_x,
            "y": image.focal_point_y,
            "width": image.focal_point_width,
            "height": image.focal_point_height,
        }
    return {
        "id": image.pk,
        "title": image.title,
        "alt": alt if alt is not None else (image.description or image.title),
        "width": image.width,
        "height": image.height,
        "focal_point": focal,
        "renditions": renditions,
        **image_candidates,
    }
