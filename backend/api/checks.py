"""System checks for the settings that shape API images (run at every start)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def image_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    """Rendition names, densities and formats the image API can honour.

    A format this process's Pillow cannot write would fail every new
    rendition; one process without AVIF would also render other bytes than
    the rest of the deployment, for the same stored page.
    """
    from PIL import features

    from api.content.images import SOURCE_TYPES
    from api.content.richtext import DEFAULT_IMAGE_FORMAT

    errors = []
    names = settings.API_IMAGE_RENDITIONS
    for fmt in settings.API_IMAGE_FORMATS:
        if fmt not in SOURCE_TYPES:
            errors.append(
                Error(
                    f"API_IMAGE_FORMATS: unknown format {fmt!r}.",
                    hint=f"Choose from {', '.join(SOURCE_TYPES)}.",
                    id="api.E101",
                )
            )
        elif not features.check(fmt):
            errors.append(
                Error(
                    f"API_IMAGE_FORMATS: this Pillow cannot write {fmt}.",
                    hint="Install a Pillow built with it, or leave it out.",
                    id="api.E102",
                )
            )
    densities = settings.API_IMAGE_DENSITIES
    if 1 not in densities or any(density <= 0 for density in densities):
        errors.append(
            Error(
                "API_IMAGE_DENSITIES must be positive and include 1.",
                id="api.E103",
            )
        )
    unknown_defaults = set(settings.API_DEFAULT_RENDITIONS) - set(names)
    if unknown_defaults:
        errors.append(
            Error(
                f"API_DEFAULT_RENDITIONS: unknown {sorted(unknown_defaults)}.",
                id="api.E104",
            )
        )
    formats = settings.API_RICHTEXT_IMAGE_FORMATS
    if DEFAULT_IMAGE_FORMAT not in formats:
        errors.append(
            Error(
                f"API_RICHTEXT_IMAGE_FORMATS needs {DEFAULT_IMAGE_FORMAT!r}.",
                id="api.E105",
            )
        )
    for fmt, image_format in formats.items():
        renditions = image_format["renditions"]
        if set(renditions) - set(names) or image_format["src"] not in renditions:
            errors.append(
                Error(
                    f"API_RICHTEXT_IMAGE_FORMATS[{fmt!r}]: renditions must be "
                    "names of API_IMAGE_RENDITIONS, and `src` one of them.",
                    id="api.E106",
                )
            )
    return errors
