"""Mail leaves through real SMTP: account, grant and membership emails, and retries.

A local aiosmtpd server on 127.0.0.1 receives every message, so what is
checked is what a mail server got: envelope recipient, headers, and the
text and HTML parts of the MIME message.
"""

import email
import email.policy
import re
import socket
import subprocess
import sys
from email.message import EmailMessage
from io import StringIO
from urllib.parse import unquote

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.mail.utils import DNS_NAME
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from grants import services as grant_services
from membership import services as membership_services
from membership.models import Membership
from tests.api.membership.conftest import AUTH, FRONTEND, PASSWORD, BrowserClient
from tests.factories.grants import make_application, make_round, make_scheme
from tests.factories.membership import MembershipTypeFactory, with_fees
from tests.factories.users import UserFactory

pytestmark = pytest.mark.django_db


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.SMTP)
        self.messages.append((list(envelope.rcpt_tos), message))
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    inbox = Inbox()
    # Names given: looking up this machine's FQDN can take minutes offline.
    controller = Controller(
        inbox, hostname="127.0.0.1", port=_free_port(), server_hostname="localhost"
    )
    DNS_NAME._fqdn = "localhost"
    controller.start()
    try:
        with override_settings(
            EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
            EMAIL_HOST="127.0.0.1",
            EMAIL_PORT=controller.port,
            EMAIL_USE_TLS=False,
            EMAIL_USE_SSL=False,
            EMAIL_HOST_USER="",
            EMAIL_HOST_PASSWORD="",
        ):
            yield inbox
    finally:
        controller.stop()


def parts(message: EmailMessage) -> tuple[str, str]:
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    return text, html


def only(inbox: Inbox) -> tuple[list[str], EmailMessage]:
    assert len(inbox.messages) == 1, [m["Subject"] for _, m in inbox.messages]
    return inbox.messages.pop()


def test_account_verification_email_arrives_with_its_frontend_link(
    smtp, django_capture_on_commit_callbacks
):
    browser = BrowserClient()
    browser.get(f"{AUTH}/session")
    with django_capture_on_commit_callbacks(execute=True):
        response = browser.post(
            f"{AUTH}/signup", {"email": "amara@example.org", "password": PASSWORD}
        )
    assert response.status_code == 401, response.content
    recipients, message = only(smtp)
    assert recipients == ["amara@example.org"]
    assert message["To"] == "amara@example.org"
    assert "confirm" in message["Subject"].lower()
    text, html = parts(message)
    link = re.search(re.escape(FRONTEND) + r"/account/verify-email/\S+", text)
    assert link, text
    hrefs = [unquote(h) for h in re.findall(r'href="([^"]+)"', html)]
    assert unquote(link.group(0)) in hrefs, html
    assert not mail.outbox  # it went through SMTP, not the test outbox


def test_grant_submission_and_decision_emails_link_to_the_application(
    smtp, home, django_capture_on_commit_callbacks
):
    applicant = UserFactory(username="ama")
    application = make_application(
        make_round(make_scheme(home), status="open"), applicant=applicant
    )
    with django_capture_on_commit_callbacks(execute=True):
        grant_services.application_submit(
            application=application, user=applicant, now=timezone.now()
        )
    recipients, message = only(smtp)
    assert recipients == [applicant.email]
    assert message["Subject"] == f"Application received: {application.project_title}"
    text, html = parts(message)
    url = f"{FRONTEND}/grants/applications/{application.pk}"
    assert url in text
    assert f'href="{url}"' in html
    assert application.project_title in html


def test_membership_application_and_approval_emails_link_to_the_membership(
    smtp, django_capture_on_commit_callbacks
):
    user = get_user_model().objects.create_user(
        "kofi", "kofi@example.org", "x", first_name="Kofi"
    )
    mtype = with_fees(MembershipTypeFactory(name="Individual membership"))
    with django_capture_on_commit_callbacks(execute=True):
        membership_services.membership_apply(
            user=user, membership_type=mtype, country="GH", today=timezone.localdate()
        )
    recipients, message = only(smtp)
    assert recipients == ["kofi@example.org"]
    assert message["Subject"] == "We have your application: Individual membership"
    text, html = parts(message)
    assert f"{FRONTEND}/account/membership" in text
    assert f'href="{FRONTEND}/account/membership"' in html

    staff = get_user_model().objects.create_superuser("staff", "s@example.org", "x")
    with django_capture_on_commit_callbacks(execute=True):
        membership_services.membership_approve(
            membership=Membership.objects.get(member=user), by=staff, now=timezone.now()
        )
    _, message = only(smtp)
    assert message["Subject"] == "Welcome: your Individual membership is approved"
    assert f"{FRONTEND}/account/membership" in parts(message)[0]


@pytest.mark.skipif(
    "sqlite" not in settings.DATABASES["default"]["ENGINE"],
    reason="db_worker closes the connection when it stops, which on PostgreSQL "
    "ends the test's transaction (and breaks the next test)",
)
@override_settings(
    TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
    EMAIL_RETRIES=2,
    EMAIL_RETRY_BASE_SECONDS=0,
)
def test_the_worker_retries_a_refused_connection_then_gives_up(smtp):
    from django_tasks_db.models import DBTaskResult

    from core.tasks import send_email

    def work() -> None:
        call_command("db_worker", "--batch", "--no-startup-delay", stdout=StringIO())

    with override_settings(EMAIL_PORT=_free_port()):  # nothing listens there
        send_email.enqueue(to=["x@example.org"], subject="Hi", body="Hello")
        work()
    attempts = DBTaskResult.objects.order_by("enqueued_at")
    assert [
        (
            r.args_kwargs["kwargs"].get("attempt", 1),
            r.status,
        )
        for r in attempts
    ] == [
        (1, "SUCCESSFUL"),
        (2, "SUCCESSFUL"),
        (3, "FAILED"),
    ]
    assert attempts.last().exception_class_path == "builtins.ConnectionRefusedError"
    assert not smtp.messages

    # A transient failure: the retry reaches the server once it is back.
    DBTaskResult.objects.all().delete()
    with override_settings(EMAIL_PORT=_free_port()):
        send_email.enqueue(to=["x@example.org"], subject="Hi again", body="Hello")
        call_command(
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--max-tasks",
            "1",
            stdout=StringIO(),
        )
    work()
    recipients, message = only(smtp)
    assert recipients == ["x@example.org"]
    assert message["Subject"] == "Hi again"


def test_email_url_configures_smtp_with_starttls():
    code = (
        "from django.conf import settings as s; "
        "print(s.EMAIL_BACKEND, s.EMAIL_HOST, s.EMAIL_PORT, s.EMAIL_HOST_USER, "
        "s.EMAIL_HOST_PASSWORD, s.EMAIL_USE_TLS, s.EMAIL_USE_SSL)"
    )
    env = {
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DJANGO_SECRET_KEY": "s" * 50,
        "DATABASE_URL": "sqlite:////tmp/intl-email-url.sqlite3",
        "DJANGO_ALLOWED_HOSTS": "cms.example.org",
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd="backend",
        env={**env, "EMAIL_URL": "smtp+tls://mailer:p%40ss@smtp.example.org:587"},
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    assert result.stdout.split() == [
        "django.core.mail.backends.smtp.EmailBackend",
        "smtp.example.org",
        "587",
        "mailer",
        "p@ss",
        "True",
        "False",
    ]
