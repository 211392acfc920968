from django.conf import settings
from django.core.files.storage import default_storage
from PIL import Image as PILImage


def by_path(client, path, **params):
    response = client.get("/api/v1/pages/resolve/", {"path": path, **params})
    assert response.status_code == 200, response.content
    return response.json()


def srcset_entries(srcset):
    """[(url, width)] of a srcset of `w` descriptors."""
    entries = []
    for candidate in srcset.split(", "):
        url, descriptor = candidate.split(" ")
        assert descriptor.endswith("w"), candidate
        entries.append((url, int(descriptor[:-1])))
    return entries


def open_media(url):
    """(format, (width, height)) of the file a media URL serves, read with Pillow."""
    prefix = settings.BACKEND_BASE_URL + settings.MEDIA_URL
    assert url.startswith(prefix), url
    name = url.removeprefix(prefix)
    with default_storage.open(name) as file, PILImage.open(file) as picture:
        return picture.format, picture.size
