"""Images as API objects: size, alt text, focal point and allow-listed renditions."""

from __future__ import annotations

import logging
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
    from core.object_acl import bucket_storage, is_private_image

    if bucket_storage() is not None and is_private_image(image):
        return settings.BACKEND_BASE_URL + settings.MEDIA_URL + rendition.file.name
    return absolute_media_url(rendition.url)


def absolute_media_url(url: str) -> str:
    if url.startswith(("http://", "https://")):
        return url
    return settings.BACKEND_BASE_URL + url


def renditions_of(
    image: AbstractImage, specs: list[str]
) -> dict[str, AbstractRendition]:
    """The image's renditions by spec, creating those that do not exist yet.

    Renditions found (prefetched by the resolver) are used as they are:
    `Image.get_rendition()` would also write each one back to the rendition
    cache, pickling it with its image, on every request.
    """
    filters = {spec: image.clean_filter_for_svg(Filter(spec=spec)) for spec in specs}
    found = image.find_existing_renditions(*filters.values())
    result = {}
    for spec, filter in filters.items():
        rendition = found.get(filter)
        if rendition is None:
            try:
                rendition = image.get_rendition(filter)
            except SourceImageIOError:
                # The original file is gone from storage: leave this rendition
                # out rather than fail every page that shows the image.
                logger.warning("image %s: original file missing, no %s", image.pk, spec)
                continue
            except IntegrityError:
                # Another process created it after this read's snapshot began
                # (core.changes.consistent_read): serve without it this once,
                # and keep nothing built from this snapshot.
                not_storable()
                continue
        result[spec] = rendition
    return result


def render_image(
    image: AbstractImage, *, names: list[str], alt: str | None = None
) -> dict[str, Any]:
    specs = rendition_specs()
    renditions: dict[str, dict[str, Any]] = {}
    srcset: list[str] = []
    found = renditions_of(image, [specs[name] for name in names])
    widths: set[int] = set()
    fill_srcsets: list[str] = []
    for name in names:
        rendition = found.get(specs[name])
        if rendition is None:
            continue
        url = rendition_url(image, rendition)
        renditions[name] = {
            "url": url,
            "width": rendition.width,
            "height": rendition.height,
        }
        # An image narrower than a width spec gives the same size twice;
        # a srcset may list each width only once.
        if specs[name].startswith("width-") and rendition.width not in widths:
            widths.add(rendition.width)
            srcset.append(f"{url} {rendition.width}w")
        elif specs[name].startswith("fill-"):
            # A fill is a crop: its srcset may only offer the same crop.
            fill_srcsets.append(f"{url} {rendition.width}w")
    if not srcset:
        # Only crops requested (e.g. `square,social`): the first one's,
        # rather than an empty srcset.
        srcset = fill_srcsets[:1]
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
        "srcset": ", ".join(srcset),
    }
