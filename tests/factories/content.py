"""Body blocks for pages a test builds, in the raw form StreamField takes."""

from __future__ import annotations

from typing import Any


def paragraph_block(html: str) -> dict[str, Any]:
    return {"type": "paragraph", "value": html}


def image_block(image: Any, *, alt_text: str = "", caption: str = "") -> dict[str, Any]:
    """An image block showing `image` (not decorative)."""
    return {
        "type": "image",
        "value": {
            "image": image.pk,
            "alt_text": alt_text,
            "decorative": False,
            "caption": caption,
        },
    }
