"""Helpers for `load_demo_content`: the site tree, images and documents made
locally, stable block ids. The loader itself is `core.demo_loader`."""

import hashlib
import io
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.documents import get_document_model
from wagtail.fields import StreamField
from wagtail.images.models import Image
from wagtail.models import Page, Site

Log = Callable[[str], None]


def stream(*blocks: tuple[str, object], namespace: str) -> list[dict[str, object]]:
    """Raw StreamField data with stable block ids, so recorded payloads stay stable."""
    return [
        {
            "type": name,
            "value": value,
            "id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"{namespace}/{index}")),
        }
        for index, (name, value) in enumerate(blocks)
    ]


def demo_image(
    *,
    title: str,
    colour: tuple[int, int, int],
    size: tuple[int, int] = (1600, 900),
    alt: str = "",
) -> Image:
    """Return the demo image with this title, drawing it with Pillow on first use."""
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    width, height = size
    canvas = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(canvas)
    # A few deterministic stripes so renditions have something to crop.
    seed = int(hashlib.sha256(title.encode()).hexdigest()[:8], 16)
    for i in range(6):
        x = (seed >> (i * 4)) % width
        shade = tuple(min(255, c + 30 + i * 12) for c in colour)
        draw.rectangle([x, 0, x + width // 12, height], fill=shade)
    draw.text((width // 20, height // 2), title, fill=(255, 255, 255))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    image = Image(title=title, description=alt or title)
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=f"{_slug(title)}.png")
    image.save()
    return image


def demo_document(*, title: str, filename: str, lines: tuple[str, ...]) -> Any:
    """Return the demo document with this title, drawing it as a PDF on first use."""
    model = get_document_model()
    existing = model.objects.filter(title=title).first()
    if existing is not None:
        return existing
    sheet = PILImage.new("RGB", (1240, 1754), (255, 255, 255))  # A4 at 150 dpi
    draw = ImageDraw.Draw(sheet)
    for n, line in enumerate((title, "", *lines)):
        draw.text((120, 140 + n * 36), line, fill=(20, 20, 20))
    buffer = io.BytesIO()
    # A fixed date, so the file is the same bytes on every machine.
    fixed = time.struct_time((2019, 4, 1, 0, 0, 0, 0, 91, 0))
    sheet.save(
        buffer,
        format="PDF",
        resolution=150.0,
        title=title,
        creationDate=fixed,
        modDate=fixed,
    )
    doc = model(title=title)
    doc.file = ContentFile(buffer.getvalue(), name=filename)
    doc._set_document_file_metadata()  # size and hash, as an upload sets them
    doc.save()
    return doc


def _slug(title: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in title.lower()).strip("-")


def ensure_home_page(*, log: Log) -> Page:
    """Make the home page the default site's root, replacing Wagtail's welcome page."""
    from content.models import HomePage

    home = HomePage.objects.first()
    root = Page.get_first_root_node()
    # Wagtail's initial "Welcome" page takes the slug "home"; ours replaces it.
    for welcome in Page.objects.filter(depth=2, content_type__model="page"):
        Site.objects.filter(root_page=welcome).update(root_page=root)
        welcome.delete()
        log("removed Wagtail's welcome page")
    if home is None:
        home = HomePage(
            title="Library and Information Association",
            slug="home",
            summary="The association's work with libraries and colleagues around the world.",
        )
        root.add_child(instance=home)
        home.save_revision().publish()
        log("created the home page")
    hostname, port = backend_address()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname=hostname,
            port=port,
            root_page=home,
            is_default_site=True,
            site_name="International",
        )
    elif site.root_page_id != home.pk or (site.hostname, site.port) in OLD_DEFAULTS:
        site.root_page = home
        site.site_name = site.site_name or "International"
        if (site.hostname, site.port) in OLD_DEFAULTS:
            site.hostname, site.port = hostname, port
            log(f"the default site is now {hostname}:{port}")
        site.save()
    return home


# What Wagtail and earlier demo loads named the site: links in moderation
# emails pointed at http://localhost/, where nothing listens.
OLD_DEFAULTS = {("localhost", 80)}


def backend_address() -> tuple[str, int]:
    """The host and port people reach this backend at (`BACKEND_BASE_URL`)."""
    url = urlsplit(settings.BACKEND_BASE_URL)
    default_port = 443 if url.scheme == "https" else 80
    return url.hostname or "localhost", url.port or default_port


def ensure_page(
    *, parent: Page, model: type[Page], slug: str, log: Log, **fields: object
) -> Page:
    """Create and publish the child page `slug` unless it exists (benchmarks
    and tests build pages with it; the demo is `core.demo_loader`'s)."""
    existing = parent.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    tags = fields.pop("tags", [])
    children = {
        k: fields.pop(k)
        for k in list(fields)
        if isinstance(fields[k], list) and k not in _stream_fields(model)
    }
    page = model(slug=slug, **fields)
    for name, items in children.items():
        setattr(page, name, items)
    parent.add_child(instance=page)
    if tags:
        page.tags.add(*tags)
        page.save()
    page.save_revision().publish()
    log(f"created {model._meta.verbose_name}: {page.title}")
    return page


def _stream_fields(model: type[Page]) -> set[str]:
    return {f.name for f in model._meta.get_fields() if isinstance(f, StreamField)}
