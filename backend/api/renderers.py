"""JSON in and out of the API, encoded by orjson.

A listing of twenty full pages is 300 kB of JSON, read back from the stored
representations and written out again on every cache miss; the standard
library's encoder and decoder were an eighth of such a request (the profile in
the speed issue's note). orjson does both several times faster. What it
writes is what DRF's renderer writes, so the contract does not change:

- dates and times go through DRF's own encoder (`Z` for UTC, milliseconds),
  as do lazy strings, decimals and anything else orjson leaves alone;
- U+2028 and U+2029 are escaped, as DRF escapes them for JavaScript;
- `?indent` in the `Accept` header still indents (DRF's renderer does it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework import renderers
from rest_framework.utils.encoders import JSONEncoder

_OPTIONS = orjson.OPT_PASSTHROUGH_DATETIME | orjson.OPT_NON_STR_KEYS
_default = JSONEncoder().default


def dumps(data: Any) -> bytes:
    """`data` as compact UTF-8 JSON, exactly as the API sends it."""
    try:
        body = orjson.dumps(data, default=_default, option=_OPTIONS)
    except orjson.JSONEncodeError:
        # What orjson refuses and the standard library writes (an integer
        # beyond 64 bits): DRF's own renderer, never a 500.
        return bytes(renderers.JSONRenderer().render(data))
    if b"\xe2\x80\xa8" in body or b"\xe2\x80\xa9" in body:
        body = body.replace(b"\xe2\x80\xa8", b"\\u2028").replace(
            b"\xe2\x80\xa9", b"\\u2029"
        )
    return body


loads = orjson.loads


class JSONRenderer(renderers.JSONRenderer):
    """DRF's JSON renderer with orjson underneath."""

    def render(
        self,
        data: Any,
        accepted_media_type: str | None = None,
        renderer_context: Mapping[str, Any] | None = None,
    ) -> bytes:
        if data is None:
            return b""
        if self.get_indent(accepted_media_type or "", renderer_context or {}):
            return super().render(data, accepted_media_type, renderer_context)
        return dumps(data)
