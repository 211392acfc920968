"""`/media/`: public images and renditions, nothing private, nothing else.

Django's static `serve` answered every file under MEDIA_ROOT by its name,
so documents of private collections (and of restricted pages) and original
images of private collections downloaded with 200. Now:

- documents are never served here; their URLs go through Wagtail's
  permission-checked view (`/documents/<id>/<name>`,
  `WAGTAILDOCS_SERVE_METHOD = "serve_view"`);
- an original image or a rendition is served if its image is in a public
  collection, with `Cache-Control: public, max-age=31536000, immutable` (a
  file name never changes content: renditions and uploads get new names);
- one in a private collection only to a request that passes the
  collection's restriction (`core.visibility`), with `private, no-store`,
  and a 404 otherwise (as `images/{id}/` answers);
- any other name is a 404.

Files are read through the storage API, so any storage backend works.
"""

from __future__ import annotations

import mimetypes

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_safe
from wagtail.images import get_image_model

from .visibility import in_private_collection, request_passes

PUBLIC_FOREVER = "public, max-age=31536000, immutable"
PRIVATE = "private, no-store"


def _image_for(name: str):
    Image = get_image_model()
    if name.startswith("original_images/"):
        queryset = Image.objects.filter(file=name)
    elif name.startswith("images/"):
        Rendition = Image.get_rendition_model()
        queryset = Image.objects.filter(
            pk__in=Rendition.objects.filter(file=name).values("image_id")
        )
    else:
        return None
    return (
        queryset.select_related("collection")
        .annotate(is_private=in_private_collection())
        .first()
    )


@require_safe
def serve_media(request: HttpRequest, path: str) -> HttpResponse:
    if ".." in path.split("/") or path.startswith("/"):
        raise Http404
    image = _image_for(path)
    if image is None:
        raise Http404
    if image.is_private and not request_passes(request, image.collection):
        raise Http404
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    content_type = mimetypes.guess_type(path)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = PRIVATE if image.is_private else PUBLIC_FOREVER
    if image.is_private:
        response["Vary"] = "Cookie"
    return response
