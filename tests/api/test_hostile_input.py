"""Hostile input is a 4xx problem, never a 500, and costs the server little."""

import io
import json
import zipfile
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from grants.models import ApplicationAttachment
from tests.api.grants.test_applications import URL, draft_body
from tests.api.membership.conftest import AUTH, BrowserClient
from tests.factories.grants import make_application, make_round, make_scheme
from tests.factories.users import UserFactory
from tests.problems import assert_problem

pytestmark = pytest.mark.django_db

DEEP = "[" * 100_000 + "]" * 100_000
APP_AUTH = "/api/v1/auth/app/v1"


@pytest.fixture
def open_round(home):
    return make_round(make_scheme(home), status="open")


def test_deeply_nested_json_is_a_400_on_sign_in():
    browser = BrowserClient()
    browser.get(f"{AUTH}/session")
    response = browser.client.post(
        f"{AUTH}/login",
        DEEP,
        content_type="application/json",
        HTTP_X_CSRFTOKEN=browser.client.cookies["csrftoken"].value,
    )
    assert assert_problem(response, 400)["code"] == "too_deeply_nested"


def test_deeply_nested_json_is_a_400_on_a_grant_application(api_client, open_round):
    api_client.force_authenticate(UserFactory(username="deep"))
    body = json.dumps(draft_body(open_round))[:-1] + ', "partners": ' + DEEP + "}"
    response = api_client.post(URL, body, content_type="application/json")
    assert assert_problem(response, 400)["code"] == "too_deeply_nested"


def test_ordinary_nesting_is_accepted(api_client, open_round):
    api_client.force_authenticate(UserFactory(username="shallow"))
    response = api_client.post(URL, draft_body(open_round), format="json")
    assert response.status_code == 201, response.json()


@pytest.mark.parametrize(
    "url", ["/api/v1/", f"{APP_AUTH}/auth/session", f"{AUTH}/session"]
)
def test_a_session_cookie_of_nul_bytes_is_no_session(home, url):
    # On PostgreSQL the key went into the query and the driver refused NUL
    # (503 on a public read, 500 on the session endpoint).
    client = Client(HTTP_COOKIE='sessionid="' + "\\000" * 32 + '"')
    response = client.get(url, HTTP_X_SESSION_TOKEN="\x00" * 32)
    # allauth answers an unknown app session token 410 ("start again").
    assert response.status_code in (200, 401, 410), response.content[:500]


@pytest.mark.parametrize("client_kind", ["browser", "app"])
@pytest.mark.parametrize(
    "path", ["account/phone", "auth/phone/verify", "auth/phone/verify/resend"]
)
def test_phone_endpoints_we_do_not_offer_are_not_mounted(client, client_kind, path):
    for method in ("get", "post"):
        response = getattr(client, method)(f"/api/v1/auth/{client_kind}/v1/{path}")
        assert_problem(response, 404)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete", "options"])
@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/auth/browser/v1/auth/nothing",
        "/api/v1/auth/browser/v1/auth/nothing/",
        "/api/v1/auth/nothing",
        "/api/v1/auth/",
        "/api/v1/pages",
        "/api/nothing",
    ],
)
def test_every_unknown_api_url_is_a_404_problem_for_every_method(method, url):
    # A POST to an unknown allauth path was Django's APPEND_SLASH error (500,
    # DEBUG) or a 301 HTML redirect (production).
    client = Client(enforce_csrf_checks=True)
    assert_problem(getattr(client, method)(url), 404)


def test_an_unsupported_method_on_allauth_is_a_405_problem_with_allow(client):
    response = client.put(f"{AUTH}/login", "{}", content_type="application/json")
    body = assert_problem(response, 405)
    assert "POST" in response["Allow"]
    assert body["code"] == "method_not_allowed"


def test_an_unsupported_method_on_the_api_is_a_405_problem_with_allow(client, home):
    response = client.delete("/api/v1/pages/")
    assert_problem(response, 405)
    assert "GET" in response["Allow"]


def test_thousands_of_unknown_answers_give_a_short_error(api_client, open_round):
    api_client.force_authenticate(UserFactory(username="many"))
    # Short keys: the body stays under Django's 2.5 MB upload limit.
    answers = {str(n): 0 for n in range(180_000)}
    response = api_client.post(
        URL, draft_body(open_round, answers=answers), format="json"
    )
    body = assert_problem(response, 400)
    assert len(response.content) < 10_000
    named = [key for key in body["errors"] if key.startswith("answers.")]
    assert len(named) == 20
    assert "180000" in body["errors"]["answers"][0]["message"]


def _docx_bomb() -> bytes:
    """A real DOCX-shaped archive of 1 MB whose document inflates to 1 GiB.

    Deflating 1 GiB of zeros takes seconds; after a full flush the deflate
    output of each identical megabyte is identical, so it is made once.
    """
    chunk = bytes(1 << 20)
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)

    class Repeat:
        def compress(self, data: bytes) -> bytes:
            return block

        def flush(self) -> bytes:
            return zlib.compressobj(6, zlib.DEFLATED, -15).flush()

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as entry:
            entry._compressor = Repeat()
            for _ in range(1024):
                entry.write(chunk)
    return buffer.getvalue()


def test_a_docx_zip_bomb_is_refused_as_an_attachment(api_client, open_round):
    applicant = UserFactory(username="bomber")
    api_client.force_authenticate(applicant)
    draft = make_application(open_round, applicant=applicant)
    bomb = _docx_bomb()
    assert len(bomb) < 2 * 1024 * 1024
    assert zipfile.ZipFile(io.BytesIO(bomb)).getinfo("word/document.xml").file_size == (
        1 << 30
    )
    response = api_client.post(
        f"{URL}{draft.pk}/attachments/",
        {"file": SimpleUploadedFile("plan.docx", bomb)},
        format="multipart",
    )
    body = assert_problem(response, 415)
    assert body["errors"]["file"][0]["code"] == "unsafe_archive"
    assert not ApplicationAttachment.objects.exists()
