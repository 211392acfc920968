"""Media and grant attachments on an S3-compatible object store.

The store is moto's server mode (`moto_server`), which emulates the S3 API
over HTTP on 127.0.0.1: django-storages and boto3 talk to it exactly as to
AWS, MinIO or any other S3-compatible service, including object ACLs on
anonymous reads. The storages come from the same environment variables a
deployment sets (`config.storage.media_storages`).
"""

import io
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import boto3
import environ
import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from PIL import Image as PILImage
from rest_framework.test import APIClient
from wagtail.images import get_image_model

from api.content.images import rendition_url
from config.storage import media_storages
from grants.models import ApplicationAttachment
from tests.deploy.live import free_port, start, stop
from tests.factories.grants import make_application, make_round, make_scheme
from tests.factories.users import UserFactory
from tests.grants import documents

MEDIA_BUCKET = "intl-media"
PRIVATE_BUCKET = "intl-attachments"
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    port = free_port()
    log = Path(tmp_path_factory.mktemp("moto")) / "moto.log"
    server = start(
        [
            str(Path(sys.executable).parent / "moto_server"),
            "-H",
            "127.0.0.1",
            "-p",
            str(port),
        ],
        env={"PATH": "/usr/bin:/bin"},
        cwd=log.parent,
        log=log,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(endpoint, timeout=1)
                break
            except urllib.error.HTTPError:
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("moto_server did not start:\n" + log.read_text())
        client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        client.create_bucket(Bucket=MEDIA_BUCKET)
        client.create_bucket(Bucket=PRIVATE_BUCKET)
        yield endpoint, client
    finally:
        stop(server)


def _storages(monkeypatch, endpoint: str, **extra: str) -> dict:
    for name, value in {
        "AWS_STORAGE_BUCKET_NAME": MEDIA_BUCKET,
        "AWS_S3_ENDPOINT_URL": endpoint,
        "AWS_S3_REGION_NAME": "us-east-1",
        "AWS_S3_ADDRESSING_STYLE": "path",
        # moto grants nothing by default; public media read anonymously.
        "AWS_DEFAULT_ACL": "public-read",
        "PRIVATE_STORAGE_BUCKET_NAME": PRIVATE_BUCKET,
        **CREDENTIALS,
        **extra,
    }.items():
        monkeypatch.setenv(name, value)
    return {**settings.STORAGES, **media_storages(environ.Env(), private_root="/x")}


def _anonymous_get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, b""


def _png() -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (1200, 800), (200, 30, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def _keys(client, bucket: str) -> list[str]:
    listing = client.list_objects_v2(Bucket=bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


@pytest.mark.live
@pytest.mark.django_db
def test_images_uploaded_in_the_admin_live_in_the_bucket_with_absolute_urls(
    s3_endpoint, monkeypatch, home
):
    endpoint, s3 = s3_endpoint
    with override_settings(STORAGES=_storages(monkeypatch, endpoint)):
        admin = get_user_model().objects.create_superuser("ed", "ed@example.org", "x")
        client = APIClient()
        client.force_login(admin)
        response = client.post(
            "/admin/images/add/",
            {
                "title": "Reading room",
                "file": SimpleUploadedFile("room.png", _png(), "image/png"),
            },
            format="multipart",
        )
        assert response.status_code == 302, response.content[:2000]
        image = get_image_model().objects.get(title="Reading room")
        assert image.file.name in _keys(s3, MEDIA_BUCKET)

        api = APIClient().get(f"/api/v1/images/{image.pk}/", HTTP_HOST="localhost")
        assert api.status_code == 200, api.content
        renditions = api.json()["renditions"]
        assert renditions, api.json()
        # Every file the payload names: each rendition, its srcset and sources.
        widths = {}
        for rendition in renditions.values():
            widths[rendition["url"]] = rendition["width"]
            for srcset in [
                rendition["srcset"],
                *(s["srcset"] for s in rendition["sources"]),
            ]:
                for candidate in srcset.split(", "):
                    url, descriptor = candidate.split(" ")
                    widths[url] = int(descriptor.removesuffix("w"))
        prefix = f"{endpoint}/{MEDIA_BUCKET}/"
        for url, width in widths.items():
            assert url.startswith(prefix + "images/"), url
            status, body = _anonymous_get(url)
            assert status == 200, url
            assert PILImage.open(io.BytesIO(body)).width == width
        stored = {k for k in _keys(s3, MEDIA_BUCKET) if k.startswith("images/")}
        assert stored == {url.removeprefix(prefix) for url in widths}


@pytest.mark.live
@pytest.mark.django_db
def test_attachments_are_private_objects_streamed_only_after_the_permission_check(
    s3_endpoint, monkeypatch, home, django_capture_on_commit_callbacks
):
    endpoint, s3 = s3_endpoint
    with override_settings(STORAGES=_storages(monkeypatch, endpoint)):
        applicant = UserFactory(username="ama")
        draft = make_application(
            make_round(make_scheme(home), status="open"), applicant=applicant
        )
        client = APIClient()
        client.force_authenticate(applicant)
        base = f"/api/v1/grants/applications/{draft.pk}/attachments/"
        upload = client.post(
            base,
            {"file": SimpleUploadedFile("plan.pdf", documents.pdf())},
            format="multipart",
        )
        assert upload.status_code == 201, upload.content
        attachment = ApplicationAttachment.objects.get(pk=upload.json()["id"])
        key = f"private/{attachment.file.name}"
        assert _keys(s3, PRIVATE_BUCKET) == [key]
        assert not [k for k in _keys(s3, MEDIA_BUCKET) if "plan" in k]
        acl = s3.get_object_acl(Bucket=PRIVATE_BUCKET, Key=key)
        assert [g["Permission"] for g in acl["Grants"]] == ["FULL_CONTROL"]

        # Straight to the store without credentials: refused.
        assert _anonymous_get(f"{endpoint}/{PRIVATE_BUCKET}/{key}")[0] == 403
        # Nothing hands out a URL for it.
        with pytest.raises(ValueError, match="no public URL"):
            attachment.file.url

        url = f"{base}{attachment.pk}/"
        own = client.get(url)
        assert own.status_code == 200
        assert b"".join(own.streaming_content) == documents.pdf()
        assert APIClient().get(url).status_code == 401
        stranger = APIClient()
        stranger.force_authenticate(UserFactory(username="stranger"))
        assert stranger.get(url).status_code == 404

        with django_capture_on_commit_callbacks(execute=True):
            assert client.delete(url).status_code == 204
        assert _keys(s3, PRIVATE_BUCKET) == []


def _acl(s3, key: str) -> list[str]:
    grants = s3.get_object_acl(Bucket=MEDIA_BUCKET, Key=key)["Grants"]
    return sorted(g["Permission"] for g in grants)


@pytest.mark.live
@pytest.mark.django_db
def test_images_of_private_collections_are_private_objects_served_after_the_check(
    s3_endpoint, monkeypatch, home
):
    # Issue 19: their originals and renditions were public-read in the bucket.
    from django.core.files.images import ImageFile
    from wagtail.models import Collection, CollectionViewRestriction

    endpoint, s3 = s3_endpoint
    with override_settings(STORAGES=_storages(monkeypatch, endpoint)):
        private = Collection.get_first_root_node().add_child(name="Board papers")
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type=CollectionViewRestriction.LOGIN
        )
        Image = get_image_model()
        image = Image.objects.create(
            title="Board minutes scan",
            collection=private,
            file=ImageFile(io.BytesIO(_png()), name="board.png"),
        )
        rendition = image.get_rendition("width-400")
        name = rendition.file.name
        # Payloads link it through the permission-checked view, not the
        # bucket (images/{id}/ itself is a 404 for a private image).
        url = rendition_url(image, rendition)
        assert url == f"{settings.BACKEND_BASE_URL}/media/{name}", url
        member = APIClient()
        member.force_login(UserFactory(username="member"))
        for key in (image.file.name, name):
            assert _acl(s3, key) == ["FULL_CONTROL"], key
            assert _anonymous_get(f"{endpoint}/{MEDIA_BUCKET}/{key}")[0] == 403, key
        served = member.get(f"/media/{name}")
        assert served.status_code == 200
        assert served["Cache-Control"] == "private, no-store"
        assert PILImage.open(io.BytesIO(b"".join(served.streaming_content))).width
        assert APIClient().get(f"/media/{name}").status_code == 404

        # Public again: the bucket's default ACL, plain bucket URLs.
        CollectionViewRestriction.objects.filter(collection=private).delete()
        for key in (image.file.name, name):
            assert "READ" in _acl(s3, key), key
            assert _anonymous_get(f"{endpoint}/{MEDIA_BUCKET}/{key}")[0] == 200, key
        # And private once more: the files follow the collection.
        CollectionViewRestriction.objects.create(
            collection=private, restriction_type=CollectionViewRestriction.LOGIN
        )
        assert _anonymous_get(f"{endpoint}/{MEDIA_BUCKET}/{name}")[0] == 403


def test_custom_domain_makes_plain_media_urls(monkeypatch):
    from storages.backends.s3 import S3Storage

    storages = _storages(
        monkeypatch, "http://127.0.0.1:9", AWS_S3_CUSTOM_DOMAIN="media.example.org"
    )
    options = storages["default"]["OPTIONS"]
    assert options["custom_domain"] == "media.example.org"
    assert S3Storage(**options).url("images/a.jpg") == (
        "https://media.example.org/images/a.jpg"
    )


def test_attachments_never_share_the_public_media_location(monkeypatch):
    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", MEDIA_BUCKET)
    monkeypatch.setenv("PRIVATE_STORAGE_LOCATION", "/")
    monkeypatch.delenv("PRIVATE_STORAGE_BUCKET_NAME", raising=False)
    with pytest.raises(ImproperlyConfigured, match="PRIVATE_STORAGE"):
        media_storages(environ.Env(), private_root="/x")
    monkeypatch.delenv("PRIVATE_STORAGE_LOCATION")
    same_bucket = media_storages(environ.Env(), private_root="/x")["private"]
    assert same_bucket["OPTIONS"]["bucket_name"] == MEDIA_BUCKET
    assert same_bucket["OPTIONS"]["location"] == "private"
    assert same_bucket["OPTIONS"]["default_acl"] == "private"


def test_without_a_bucket_media_stay_on_the_filesystem(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    result = media_storages(environ.Env(), private_root="/srv/private")
    assert result["default"]["BACKEND"].endswith("FileSystemStorage")
    assert result["private"]["OPTIONS"] == {"location": "/srv/private"}
