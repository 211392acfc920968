import datetime
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape, linebreaks, urlize
from django_tasks import task

logger = logging.getLogger(__name__)


def html_from_text(body: str) -> str:
    """The HTML part of a plain-text message: paragraphs and clickable links."""
    return (
        '<!doctype html><html><body style="font-family: sans-serif">'
        + urlize(linebreaks(escape(body)), autoescape=False)
        + "</body></html>"
    )


def queue_email(*, to: list[str], subject: str, body: str, html: str = "") -> None:
    """Send after the current transaction commits, by the task worker.

    The request's id goes with it, so the worker's log lines about this
    message carry the id of the request that caused it.
    """
    from .observability import current_request_id

    request_id = current_request_id()
    transaction.on_commit(
        lambda: send_email.enqueue(
            to=to, subject=subject, body=body, html=html, request_id=request_id
        )
    )


@task()
def send_email(
    *,
    to: list[str],
    subject: str,
    body: str,
    html: str = "",
    request_id: str = "",
    attempt: int = 1,
) -> int:
    """Send one message (text and HTML parts); on failure, try again later.

    An SMTP outage delays mail, it does not lose it: the task enqueues itself
    again EMAIL_RETRIES times, waiting EMAIL_RETRY_BASE_SECONDS * 2**n, and
    only the last failure is raised (and so recorded as the task's failure).
    """
    from .observability import request_id_var

    token = request_id_var.set(request_id)
    try:
        message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
        message.attach_alternative(html or html_from_text(body), "text/html")
        try:
            sent = message.send(fail_silently=False)
        except Exception as exc:
            if attempt > settings.EMAIL_RETRIES:
                logger.error("email to %s failed for good: %s", to, exc)
                raise
            delay = settings.EMAIL_RETRY_BASE_SECONDS * 2 ** (attempt - 1)
            logger.warning(
                "email to %s failed (attempt %s), retrying in %s s: %s",
                to,
                attempt,
                delay,
                exc,
            )
            retry = send_email
            if retry.get_backend().supports_defer:
                retry = retry.using(
                    run_after=timezone.now() + datetime.timedelta(seconds=delay)
                )
            retry.enqueue(
                to=to,
                subject=subject,
                body=body,
                html=html,
                request_id=request_id,
                attempt=attempt + 1,
            )
            return 0
        logger.info("email sent to %s: %s", to, subject)
        return sent
    finally:
        request_id_var.reset(token)
