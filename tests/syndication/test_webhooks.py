import itertools
import json
import socket
from datetime import timedelta
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from standardwebhooks import Webhook
from wagtail.models import Page, PageViewRestriction

from content.models import StandardPage
from grants import services as grants_services
from syndication import webhooks
from syndication.models import (
    DeliveryStatus,
    WebhookAttempt,
    WebhookDelivery,
    WebhookEndpoint,
)
from tests.factories.grants import make_application, make_round, make_scheme
from tests.factories.users import UserFactory

from .receiver import receiver

pytestmark = pytest.mark.django_db

ALL_EVENTS = [
    "page.published",
    "page.updated",
    "page.unpublished",
    "page.deleted",
    "page.moved",
    "grant.awarded",
]


def make_endpoint(url, events=ALL_EVENTS, **kwargs):
    endpoint, secret = webhooks.endpoint_create(
        name="Frontend", owner_email="frontend@example.org", url=url, events=events
    )
    for name, value in kwargs.items():
        setattr(endpoint, name, value)
    endpoint.save()
    return endpoint, secret


def draft(parent, title, slug):
    return parent.add_child(instance=StandardPage(title=title, slug=slug, live=False))


def publish(page):
    page.refresh_from_db()
    page.save_revision().publish()


def run_due(now):
    """Execute the deliveries due at `now`, as the scheduled sweep would."""
    for delivery_id in webhooks.due_deliveries(now=now):
        webhooks.send(delivery_id=delivery_id, now=now)


def events(hook):
    return [json.loads(request.body)["type"] for request in hook.requests]


def test_signature_verifies_with_the_standard_webhooks_library(
    home, django_capture_on_commit_callbacks
):
    with receiver() as hook:
        _endpoint, secret = make_endpoint(hook.url)
        page = draft(home, "About", "about")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
    [request] = hook.requests
    payload = Webhook(secret).verify(request.body, request.headers)
    assert request.headers["webhook-id"].startswith("msg_")
    assert request.headers["webhook-signature"].startswith("v1,")
    assert payload["type"] == "page.published"
    data = payload["data"]
    assert data["page"] == {
        "id": page.pk,
        "type": "standard",
        "path": "/about/",
        "url": "https://front.example/about/",
    }
    assert data["revalidate"]["paths"] == ["/about/", "/"]
    assert f"/api/v1/pages/{page.pk}/" in data["revalidate"]["api"]
    assert "/api/v1/pages/?type=standard" in data["revalidate"]["api"]
    assert data["change_id"] == WebhookDelivery.objects.get().change_id
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts, delivery.response_code) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
    )


def test_each_page_change_maps_to_its_event(home, django_capture_on_commit_callbacks):
    with receiver() as hook:
        make_endpoint(hook.url)
        section = draft(home, "Section", "section")
        with django_capture_on_commit_callbacks(execute=True):
            publish(section)
            page = draft(home, "Page", "page")
            publish(page)
            publish(page)
            Page.objects.get(pk=page.pk).unpublish()
            publish(page)
            Page.objects.get(pk=page.pk).move(section, pos="last-child")
            Page.objects.get(pk=page.pk).delete()
            draft(home, "Never public", "never").delete()
    assert events(hook) == [
        "page.published",
        "page.published",
        "page.updated",
        "page.unpublished",
        "page.published",
        "page.moved",
        "page.deleted",
    ]
    moved = json.loads(hook.requests[5].body)["data"]
    assert moved["page"]["path"] == "/section/page/"
    assert moved["page"]["previous_path"] == "/page/"
    assert set(moved["revalidate"]["paths"]) == {
        "/section/page/",
        "/page/",
        "/section/",
        "/",
    }
    deleted = json.loads(hook.requests[6].body)["data"]
    assert deleted["page"]["path"] == "/section/page/"


def test_a_restriction_unpublishes_the_page_for_frontends_until_lifted(
    home, django_capture_on_commit_callbacks
):
    with receiver() as hook:
        make_endpoint(hook.url)
        page = draft(home, "Board", "board")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
            restriction = PageViewRestriction.objects.create(
                page=page, restriction_type=PageViewRestriction.LOGIN
            )
            restriction.delete()
    assert events(hook) == ["page.published", "page.unpublished", "page.published"]
    gone = json.loads(hook.requests[1].body)["data"]
    assert gone["page"]["path"] == "/board/"


def test_only_subscribed_events_are_sent(home, django_capture_on_commit_callbacks):
    with receiver() as hook:
        make_endpoint(hook.url, events=["page.unpublished"])
        page = draft(home, "Page", "page")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
            Page.objects.get(pk=page.pk).unpublish()
    assert events(hook) == ["page.unpublished"]


def test_500_500_200_gives_exactly_three_attempts_with_growing_delays(
    home, django_capture_on_commit_callbacks
):
    with receiver(responses=[(500, {}), (500, {}), (200, {})]) as hook:
        make_endpoint(hook.url)
        page = draft(home, "Page", "page")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
        delivery = WebhookDelivery.objects.get()
        scheduled = [delivery.created_at]
        while delivery.status == DeliveryStatus.PENDING:
            # Nothing is sent before it is due.
            run_due(delivery.next_attempt_at - timedelta(seconds=1))
            scheduled.append(delivery.next_attempt_at)
            run_due(delivery.next_attempt_at)
            delivery.refresh_from_db()
        run_due(delivery.created_at + timedelta(days=2))
    assert len(hook.requests) == 3
    assert len({request.headers["webhook-id"] for request in hook.requests}) == 1
    assert delivery.status == DeliveryStatus.DELIVERED
    assert list(
        WebhookAttempt.objects.values_list("number", "response_code", "succeeded")
    ) == [(1, 500, False), (2, 500, False), (3, 200, True)]
    gaps = [later - earlier for earlier, later in itertools.pairwise(scheduled)]
    assert len(gaps) == 2
    assert timedelta(seconds=20) < gaps[0] < gaps[1]
    timestamps = [int(r.headers["webhook-timestamp"]) for r in hook.requests]
    assert timestamps == sorted(timestamps)


def test_a_rolled_back_change_sends_nothing(home, django_capture_on_commit_callbacks):
    with receiver() as hook:
        make_endpoint(hook.url)
        page = draft(home, "Page", "page")
        with (
            django_capture_on_commit_callbacks(execute=True),
            pytest.raises(RuntimeError),
            transaction.atomic(),
        ):
            publish(page)
            assert WebhookDelivery.objects.count() == 1
            raise RuntimeError("the publish fails after the log row")
        run_due(timezone.now() + timedelta(days=2))
    assert hook.requests == []
    assert not WebhookDelivery.objects.exists()


def test_a_disabled_endpoint_receives_nothing(home, django_capture_on_commit_callbacks):
    with receiver() as hook:
        make_endpoint(hook.url, enabled=False)
        live, _ = make_endpoint(hook.url)
        page = draft(home, "Page", "page")
        # Disabled after its message was written but before it was sent.
        with django_capture_on_commit_callbacks(execute=False):
            publish(page)
        live.enabled = False
        live.save()
        run_due(timezone.now() + timedelta(days=2))
    assert hook.requests == []
    assert list(WebhookDelivery.objects.values_list("status", flat=True)) == [
        DeliveryStatus.CANCELLED
    ]


def test_a_delivery_whose_sender_died_is_sent_again_with_the_same_id(
    home, django_capture_on_commit_callbacks
):
    with receiver() as hook:
        make_endpoint(hook.url)
        page = draft(home, "Page", "page")
        with django_capture_on_commit_callbacks(execute=False):
            publish(page)
        delivery = WebhookDelivery.objects.get()
        now = timezone.now()
        # A worker claims it and dies before recording anything.
        assert webhooks.claim(delivery_id=delivery.pk, now=now) is not None
        assert webhooks.send(delivery_id=delivery.pk, now=now) is None  # leased
        run_due(now + timedelta(seconds=30))
        assert hook.requests == []
        run_due(now + timedelta(minutes=3))  # the lease ran out
    [request] = hook.requests
    assert request.headers["webhook-id"] == delivery.message_id
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)


@override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=False)
@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/hooks",
        "http://localhost/hooks",
        "http://10.1.2.3/hooks",
        "http://169.254.169.254/latest/meta-data",
        "http://[::1]/hooks",
        "http://[::ffff:192.168.0.1]/hooks",
        "http://0.0.0.0/hooks",
    ],
)
def test_private_addresses_are_refused_when_saving(url):
    with pytest.raises(ValidationError) as error:
        webhooks.validate_url(url)
    assert "url" in error.value.message_dict


@override_settings(WEBHOOKS_ALLOW_HTTP=False)
def test_plain_http_is_refused_when_not_allowed():
    with pytest.raises(ValidationError):
        webhooks.validate_url("http://hooks.example.org/")


def test_private_addresses_are_refused_at_send_time_from_the_dns_answer(
    home, django_capture_on_commit_callbacks, monkeypatch
):
    with receiver() as hook:
        port = int(hook.url.rsplit(":", 1)[1].split("/")[0])
        # The name resolves to a public address and a loopback one.
        monkeypatch.setattr(
            socket,
            "getaddrinfo",
            lambda host, port, **kw: [
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.215.14", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port)),
            ],
        )
        make_endpoint(f"http://hooks.example.org:{port}/hooks")
        page = draft(home, "Page", "page")
        with (
            override_settings(WEBHOOKS_ALLOW_PRIVATE_ADDRESSES=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            publish(page)
    assert hook.requests == []
    delivery = WebhookDelivery.objects.get()
    assert "private or reserved address (127.0.0.1)" in delivery.error
    assert delivery.status == DeliveryStatus.PENDING  # retried later


def test_connects_to_the_checked_address_with_the_name_as_host(
    home, django_capture_on_commit_callbacks, monkeypatch
):
    with receiver() as hook:
        port = int(hook.url.rsplit(":", 1)[1].split("/")[0])
        lookups = []
        real = socket.getaddrinfo

        def getaddrinfo(host, port, *args, **kw):
            if host != "hooks.example.org":
                return real(host, port, *args, **kw)
            lookups.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port))]

        monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
        make_endpoint(f"http://hooks.example.org:{port}/hooks?site=1")
        page = draft(home, "Page", "page")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
    # Resolved when saved and again when sent; the connection went to that answer.
    assert lookups == ["hooks.example.org", "hooks.example.org"]
    [request] = hook.requests
    assert request.headers["host"] == f"hooks.example.org:{port}"
    assert request.path == "/hooks?site=1"


def test_redirects_are_not_followed(home, django_capture_on_commit_callbacks):
    with receiver(responses=[(302, {"Location": "/elsewhere"})]) as hook:
        make_endpoint(hook.url)
        page = draft(home, "Page", "page")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
    assert [request.path for request in hook.requests] == ["/hooks"]
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.response_code) == (DeliveryStatus.PENDING, 302)
    assert "redirects are not followed" in delivery.error


def test_a_rotated_secret_sends_both_signatures_during_the_grace_period(
    home, django_capture_on_commit_callbacks
):
    with receiver() as hook:
        endpoint, old = make_endpoint(hook.url)
        new = webhooks.endpoint_rotate_secret(endpoint=endpoint)
        assert new != old and new.startswith("whsec_")
        page = draft(home, "Page", "page")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
        endpoint.previous_secret_expires_at = timezone.now() - timedelta(seconds=1)
        endpoint.save()
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
    during, after = hook.requests
    assert len(during.headers["webhook-signature"].split(" ")) == 2
    Webhook(old).verify(during.body, during.headers)
    Webhook(new).verify(during.body, during.headers)
    assert len(after.headers["webhook-signature"].split(" ")) == 1
    Webhook(new).verify(after.body, after.headers)
    with pytest.raises(Exception, match="signature"):
        Webhook(old).verify(after.body, after.headers)


@override_settings(
    WEBHOOKS_DISABLE_AFTER_FAILED_DELIVERIES=2,
    WEBHOOKS_DISABLE_AFTER_FAILING_SECONDS=30 * 24 * 3600,
)
def test_an_endpoint_that_keeps_failing_is_disabled_and_its_owner_emailed(
    home, django_capture_on_commit_callbacks
):
    with receiver(responses=[(503, {})]) as hook:
        endpoint, _ = make_endpoint(hook.url)
        page = draft(home, "Page", "page")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
            publish(page)
            publish(page)
            # Each step is past the longest retry delay with its jitter, so
            # every delivery makes one attempt per step, the three in step.
            step = webhooks.RETRY_DELAYS[-1] * (1 + webhooks.JITTER) + timedelta(
                minutes=1
            )
            now = timezone.now()
            for _ in range(webhooks.MAX_ATTEMPTS):
                now += step
                run_due(now)
    endpoint.refresh_from_db()
    assert not endpoint.enabled
    assert "2 deliveries in a row failed every attempt" in endpoint.disabled_reason
    statuses = sorted(WebhookDelivery.objects.values_list("status", flat=True))
    assert statuses == ["cancelled", "failed", "failed"]
    # The three were retried in step: the third was cancelled before its last.
    assert len(hook.requests) == 3 * webhooks.MAX_ATTEMPTS - 1
    [email] = mail.outbox
    assert email.to == ["frontend@example.org"]
    assert endpoint.url in email.body


def test_an_endpoint_failing_for_over_a_day_is_disabled(
    home, django_capture_on_commit_callbacks
):
    with receiver(responses=[(500, {})]) as hook:
        endpoint, _ = make_endpoint(hook.url)
        page = draft(home, "Page", "page")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
        with django_capture_on_commit_callbacks(execute=True):
            run_due(timezone.now() + timedelta(hours=25))
    endpoint.refresh_from_db()
    assert not endpoint.enabled
    assert "every attempt has failed since" in endpoint.disabled_reason
    assert len(hook.requests) == 2
    assert [email.to for email in mail.outbox] == [["frontend@example.org"]]


def test_grant_award_sends_grant_awarded(home, django_capture_on_commit_callbacks):
    round_ = make_round(make_scheme(home), status="open")
    application = make_application(
        round_, applicant=UserFactory(), status="under_review"
    )
    with receiver() as hook:
        make_endpoint(hook.url, events=["grant.awarded"])
        with django_capture_on_commit_callbacks(execute=True):
            grants_services.application_award(
                application=application,
                staff=UserFactory(is_staff=True),
                amount=Decimal("1000"),
                now=timezone.now(),
            )
    [request] = hook.requests
    payload = json.loads(request.body)
    assert payload["type"] == "grant.awarded"
    assert payload["data"]["award"]["amount"] == "1000"
    assert "/api/v1/grants/awards/" in payload["data"]["revalidate"]["api"]


def test_admin_creates_an_endpoint_showing_the_secret_once_and_redelivers(
    home, client, django_capture_on_commit_callbacks
):
    admin = UserFactory(is_staff=True)
    admin.is_superuser = True
    admin.save()
    client.force_login(admin)
    with receiver() as hook:
        response = client.post(
            "/admin/webhook_endpoints/new/",
            {
                "name": "CDN",
                "owner_email": "cdn@example.org",
                "url": hook.url,
                "events": ["page.published"],
                "enabled": "on",
            },
            follow=True,
        )
        assert response.status_code == 200
        [message] = [str(m) for m in response.context["messages"]]
        assert "whsec_" in message
        endpoint = WebhookEndpoint.objects.get()
        assert endpoint.secret in message
        edit = client.get(f"/admin/webhook_endpoints/edit/{endpoint.pk}/")
        assert endpoint.secret not in edit.content.decode()
        page = draft(home, "Page", "page")
        with django_capture_on_commit_callbacks(execute=True):
            publish(page)
        delivery = WebhookDelivery.objects.get()
        assert client.get("/admin/webhook_deliveries/").status_code == 200
        assert (
            client.get(f"/admin/webhook_deliveries/inspect/{delivery.pk}/").status_code
            == 200
        )
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                f"/admin/webhook_deliveries/{delivery.pk}/redeliver/"
            )
        assert response.status_code == 302
        # The log is read-only: no hand-made or edited deliveries.
        assert client.get("/admin/webhook_deliveries/new/").status_code == 302
        assert (
            client.get(f"/admin/webhook_deliveries/edit/{delivery.pk}/").status_code
            == 302
        )
    first, again = hook.requests
    assert first.headers["webhook-id"] == again.headers["webhook-id"]


def test_only_those_allowed_to_change_endpoints_rotate_secrets(home, client):
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(editor)
    endpoint, secret = make_endpoint("http://127.0.0.1:9/hooks")
    response = client.post(f"/admin/webhook_endpoints/{endpoint.pk}/rotate/")
    assert response.status_code in (302, 403)
    endpoint.refresh_from_db()
    assert endpoint.secret == secret
