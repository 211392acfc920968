"""Every rendition has a srcset of its own shape, in modern formats beside the original's.

Each entry is checked against the file it names, opened with Pillow.
"""

from io import BytesIO

import pytest
from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file_svg

from api.caching import code_version
from api.models import StoredPage
from content import models as m
from core.demo import demo_image

from .conftest import open_media, srcset_entries


def _image(client, image, names):
    response = client.get(f"/api/v1/images/{image.pk}/", {"renditions": names})
    assert response.status_code == 200, response.content
    return response.json()


def _assert_same_crop(srcset, *, width, height, formats=("PNG",)):
    """Every entry is a real file of the srcset's width and of `width:height`."""
    widths = []
    for url, descriptor in srcset_entries(srcset):
        fmt, (file_width, file_height) = open_media(url)
        assert fmt in formats, url
        assert file_width == descriptor, url
        # The crop's aspect ratio, but for Wagtail rounding each edge of
        # its crop box (500x264 for 1200:630's 262.5).
        assert abs(file_height - file_width * height / width) <= 2, url
        widths.append(descriptor)
    assert widths == sorted(set(widths)), "ascending, each width once"
    return widths


@pytest.mark.parametrize(
    ("name", "spec_size", "widths"),
    [
        ("thumbnail", (400, 300), [200, 400, 800]),
        ("square", (600, 600), [300, 600, 900]),
        # 2x would be 2400 wide: the original's full 1600x840 crop instead.
        ("social", (1200, 630), [600, 1200, 1600]),
    ],
)
def test_each_fill_rendition_has_a_srcset_of_its_own_crop(
    anon, name, spec_size, widths
):
    image = demo_image(title="Wide photo", colour=(40, 80, 120), size=(1600, 900))
    rendition = _image(anon, image, name)["renditions"][name]
    width, height = spec_size
    assert (rendition["width"], rendition["height"]) == spec_size
    assert _assert_same_crop(rendition["srcset"], width=width, height=height) == widths
    assert f"{rendition['url']} {width}w" in rendition["srcset"]


def test_no_density_is_larger_than_the_original_or_made_twice(anon):
    image = demo_image(title="Small photo", colour=(90, 20, 40), size=(500, 300))
    data = _image(anon, image, "thumbnail,social")
    thumbnail = data["renditions"]["thumbnail"]
    social = data["renditions"]["social"]
    # 4:3 from 500x300 is at most 400x300, which the 1x already is.
    assert _assert_same_crop(thumbnail["srcset"], width=4, height=3) == [200, 400]
    # 1200x630 cannot be reached: the one full crop, 500 wide (not also 0.5x).
    assert _assert_same_crop(social["srcset"], width=1200, height=630) == [500]
    made = set(image.renditions.values_list("filter_spec", flat=True))
    assert not {"fill-800x600", "fill-2400x1260", "fill-600x315"} & made


def test_width_renditions_share_the_images_srcset(anon):
    image = demo_image(title="Wide photo 2", colour=(40, 80, 20), size=(1600, 900))
    data = _image(anon, image, "square,small,medium,large")
    widths = _assert_same_crop(data["srcset"], width=16, height=9)
    assert widths == [480, 960, 1600]
    for name in ("small", "medium", "large"):
        assert data["renditions"][name]["srcset"] == data["srcset"]
        assert data["renditions"][name]["sources"] == data["sources"]
    # The crop keeps its own, never the width renditions' shape.
    assert "width-" not in data["renditions"]["square"]["srcset"]


def test_crops_only_give_the_first_crops_srcset_not_an_empty_one(anon):
    image = demo_image(title="Wide photo", colour=(40, 80, 120), size=(1600, 900))
    data = _image(anon, image, "square,social")
    assert data["srcset"] == data["renditions"]["square"]["srcset"]
    assert data["sources"] == data["renditions"]["square"]["sources"]


def test_sources_are_the_same_candidates_as_avif_then_webp(anon):
    image = demo_image(title="Wide photo 3", colour=(20, 80, 120), size=(1600, 900))
    data = _image(anon, image, "thumbnail,small,medium,large")
    assert settings.API_IMAGE_FORMATS == ["avif", "webp"]
    for shape in (data, data["renditions"]["thumbnail"]):
        fallback = srcset_entries(shape["srcset"])
        assert [source["type"] for source in shape["sources"]] == [
            "image/avif",
            "image/webp",
        ]
        for source in shape["sources"]:
            entries = srcset_entries(source["srcset"])
            assert [w for _, w in entries] == [w for _, w in fallback]
            for (url, _), (fallback_url, _) in zip(entries, fallback, strict=True):
                fmt, size = open_media(url)
                assert fmt == source["type"].removeprefix("image/").upper()
                assert size == open_media(fallback_url)[1]


def test_a_webp_original_gets_no_webp_source_of_itself(anon):
    picture = PILImage.new("RGB", (1200, 800), (20, 30, 40))
    buffer = BytesIO()
    picture.save(buffer, format="WEBP")
    webp = Image(title="A WebP upload")
    webp.file = ImageFile(BytesIO(buffer.getvalue()), name="upload.webp")
    webp.save()
    data = _image(anon, webp, "thumbnail,small")
    assert open_media(data["renditions"]["small"]["url"])[0] == "WEBP"
    assert [source["type"] for source in data["sources"]] == ["image/avif"]
    assert [s["type"] for s in data["renditions"]["thumbnail"]["sources"]] == [
        "image/avif"
    ]


def test_svg_images_have_no_modern_sources_and_no_densities(anon):
    svg = Image.objects.create(
        title="Vector logo",
        file=get_test_image_file_svg(filename="logo.svg", width=800, height=400),
    )
    data = _image(anon, svg, "thumbnail,small,medium")
    assert data["sources"] == []
    for rendition in data["renditions"].values():
        assert rendition["sources"] == []
        assert rendition["url"].endswith(".svg")
    thumbnail = data["renditions"]["thumbnail"]
    assert thumbnail["srcset"] == f"{thumbnail['url']} {thumbnail['width']}w"
    made = svg.renditions.values_list("filter_spec", flat=True)
    assert not [spec for spec in made if "format-" in spec]


@pytest.fixture
def fresh_code_version():
    """code_version() recomputed for changed settings, and again after them."""
    code_version.cache_clear()
    yield code_version
    code_version.cache_clear()


def test_stored_pages_follow_a_change_of_image_formats(
    anon, settings, fresh_code_version
):
    """A deploy that drops AVIF (an environment variable, not code) must not
    serve the pages stored with it."""
    settings.API_RESPONSE_CACHE_TIMEOUT = 0
    settings.API_PAGE_CACHE_TIMEOUT = 0
    hub = m.InternationalHubPage.objects.get(locale__language_code="en")
    url = f"/api/v1/pages/{hub.pk}/"
    first = anon.get(url).json()["listing_image"]["renditions"]["thumbnail"]
    assert [s["type"] for s in first["sources"]] == ["image/avif", "image/webp"]
    row = StoredPage.objects.get(page=hub)
    assert row.code_version == fresh_code_version()
    before = row.code_version

    settings.API_IMAGE_FORMATS = ["webp"]
    fresh_code_version.cache_clear()
    assert fresh_code_version() != before
    second = anon.get(url).json()["listing_image"]["renditions"]["thumbnail"]
    assert [s["type"] for s in second["sources"]] == ["image/webp"]
    row.refresh_from_db()
    assert row.code_version == fresh_code_version()
    assert '"image/avif"' not in row.data


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("BACKEND_BASE_URL", "https://cdn.example"),
        ("API_IMAGE_DENSITIES", [1, 2]),
        ("API_IMAGE_RENDITIONS", {"small": "width-400"}),
        ("STORAGES", {"default": {"BACKEND": "x", "OPTIONS": {"custom_domain": "a"}}}),
    ],
)
def test_settings_that_change_a_representation_change_the_code_version(
    settings, fresh_code_version, name, value
):
    before = fresh_code_version()
    fresh_code_version.cache_clear()
    setattr(settings, name, value)
    assert fresh_code_version() != before


def test_storage_credentials_are_not_part_of_the_code_version(
    settings, fresh_code_version
):
    media = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {}}
    settings.STORAGES = {"default": {**media, "OPTIONS": {"secret_key": "one"}}}
    before = fresh_code_version()
    fresh_code_version.cache_clear()
    settings.STORAGES = {"default": {**media, "OPTIONS": {"secret_key": "two"}}}
    assert fresh_code_version() == before
