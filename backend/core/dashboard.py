"""What the admin dashboard's panels share: a table of rows, each a list of cells."""

from __future__ import annotations

from typing import Any

TABLE_TEMPLATE = "core/admin/dashboard_table.html"


def cell(text: Any, url: str | None = None) -> dict[str, Any]:
    """One cell of `core/admin/dashboard_table.html`; with `url`, a link."""
    return {"text": text, "url": url}
