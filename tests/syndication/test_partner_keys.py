"""Partner API keys: stored hashed, scoped, revocable, with their own rate."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone

from syndication.models import PartnerKey
from syndication.services import (
    partner_key_check,
    partner_key_create,
    partner_key_revoke,
)

pytestmark = pytest.mark.django_db


def _auth(raw):
    return {"HTTP_AUTHORIZATION": f"Api-Key {raw}"}


def test_only_a_digest_of_the_key_is_stored():
    key, raw = partner_key_create(name="IFLA feed", scopes=["content"])
    assert raw.startswith(f"pk_{key.prefix}_")
    secret = raw.split("_", 2)[2]
    assert secret not in str(PartnerKey.objects.filter(pk=key.pk).values().get())
    assert partner_key_check(raw=raw) == key
    assert partner_key_check(raw=raw[:-1] + ("A" if raw[-1] != "A" else "B")) is None


def test_a_key_reads_public_content_with_public_caching(client, home):
    _, raw = partner_key_create(name="Partner", scopes=["content"])
    response = client.get("/api/v1/pages/", **_auth(raw))
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("public")


def test_unknown_revoked_or_expired_keys_are_401(client, home):
    key, raw = partner_key_create(name="Partner", scopes=["content"])
    assert client.get("/api/v1/pages/", **_auth("pk_nope_nope")).status_code == 401
    partner_key_revoke(key=key)
    response = client.get("/api/v1/pages/", **_auth(raw))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] in ("X-Session-Token", "Api-Key")
    assert response["Content-Type"] == "application/problem+json"
    _, expiring = partner_key_create(
        name="Old",
        scopes=["content"],
        expires_at=timezone.now() - timezone.timedelta(days=1),
    )
    assert client.get("/api/v1/pages/", **_auth(expiring)).status_code == 401


def test_a_key_is_limited_to_its_scopes(client, home):
    _, raw = partner_key_create(name="Content only", scopes=["content"])
    assert client.get("/api/v1/grants/schemes/", **_auth(raw)).status_code == 403
    assert client.get("/api/v1/me/", **_auth(raw)).status_code in (401, 403)
    _, both = partner_key_create(name="Both", scopes=["content", "grants"])
    assert client.get("/api/v1/grants/schemes/", **_auth(both)).status_code == 200


def test_each_key_has_its_own_rate(client, home):
    _, slow = partner_key_create(name="Slow", scopes=["content"], rate="2/min")
    _, other = partner_key_create(name="Other", scopes=["content"], rate="2/min")
    statuses = [
        client.get("/api/v1/site/", **_auth(slow)).status_code for _ in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert client.get("/api/v1/site/", **_auth(other)).status_code == 200


def test_bad_scopes_or_rates_are_refused():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        partner_key_create(name="x", scopes=["everything"])
    with pytest.raises(ValidationError):
        partner_key_create(name="x", scopes=["content"], rate="lots")


def test_command_creates_lists_and_revokes():
    out = StringIO()
    call_command(
        "partner_key",
        "create",
        "--name",
        "Blue Shield",
        "--scopes",
        "content,grants",
        stdout=out,
    )
    raw = out.getvalue().split(": ", 1)[1].split()[0]
    key = partner_key_check(raw=raw)
    assert key.scopes == ["content", "grants"]
    call_command("partner_key", "revoke", key.prefix, stdout=StringIO())
    assert partner_key_check(raw=raw) is None
    listing = StringIO()
    call_command("partner_key", "list", stdout=listing)
    assert "revoked" in listing.getvalue()


def test_admin_creates_a_key_and_shows_it_once(client):
    admin = get_user_model().objects.create_superuser("admin", "a@example.org", "pw")
    client.force_login(admin)
    response = client.post(
        "/admin/partner_keys/new/",
        {
            "name": "British Council feed",
            "scopes": ["content"],
            "rate": "100/min",
            "expires_at": "",
        },
        follow=True,
    )
    assert response.status_code == 200
    shown = [str(m) for m in response.context["messages"]]
    raw = next(m for m in shown if "pk_" in m).rsplit(" ", 1)[-1]
    assert partner_key_check(raw=raw).name == "British Council feed"
    listing = client.get("/admin/partner_keys/")
    assert raw not in listing.content.decode()
    key = PartnerKey.objects.get()
    client.post(f"/admin/partner_keys/{key.pk}/revoke/")
    assert partner_key_check(raw=raw) is None
