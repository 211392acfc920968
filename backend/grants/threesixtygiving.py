"""Awarded grants as a 360Giving Data Standard (1.4) package."""

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils.text import slugify

from .models import Application
from .paths import frontend_url
from .workflow import ApplicationStatus

STANDARD_VERSION = "1.4"
LICENSE = "https://creativecommons.org/licenses/by/4.0/"


def _prefix() -> str:
    return slugify(settings.GRANTS_360G_PREFIX).replace("_", "-")


def grant_identifier(application: Application) -> str:
    return f"360G-{_prefix()}-{application.pk}"


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _recipient(application: Application) -> dict[str, Any]:
    # Without a registered identifier, fall back to one in our own namespace.
    identifier = application.organisation_identifier or (
        f"360G-{_prefix()}-org-{application.pk}"
    )
    recipient: dict[str, Any] = {
        "id": identifier,
        "name": application.organisation_name,
    }
    if application.organisation_country:
        recipient["addressCountry"] = application.organisation_country.name
    if identifier.startswith("GB-CHC-"):
        recipient["charityNumber"] = identifier.removeprefix("GB-CHC-")
    elif identifier.startswith("GB-COH-"):
        recipient["companyNumber"] = identifier.removeprefix("GB-COH-")
    return recipient


def _funder(application: Application) -> dict[str, Any]:
    funder = application.round.scheme.funder
    if funder is not None:
        return {
            "id": funder.org_identifier
            or f"360G-{_prefix()}-org-{slugify(funder.name)}",
            "name": funder.name,
        }
    return {
        "id": settings.GRANTS_PUBLISHER_ID or f"360G-{_prefix()}",
        "name": settings.GRANTS_PUBLISHER_NAME,
    }


def grant_record(application: Application) -> dict[str, Any]:
    scheme = application.round.scheme
    description = application.summary.strip() or application.project_title
    if description == application.project_title:
        description = f"{scheme.title}: {application.project_title}"
    grant: dict[str, Any] = {
        "id": grant_identifier(application),
        "title": application.project_title,
        "description": description,
        "currency": scheme.currency,
        "amountAwarded": _number(application.amount_awarded or Decimal("0")),
        "awardDate": application.decided_at.date().isoformat()
        if application.decided_at
        else "",
        "recipientOrganization": [_recipient(application)],
        "fundingOrganization": [_funder(application)],
        "grantProgramme": [
            {
                "code": scheme.slug,
                "title": scheme.title,
                "url": frontend_url(scheme),
            }
        ],
        "fromOpenCall": "Yes",
        "dateModified": application.updated_at.isoformat(),
    }
    if application.amount_requested is not None:
        grant["amountAppliedFor"] = _number(application.amount_requested)
    locations = [
        {"name": partner.get("name", ""), "countryCode": partner["country"]}
        for partner in application.partners
        if isinstance(partner, dict) and partner.get("country")
    ]
    if locations:
        grant["beneficiaryLocation"] = locations
    return grant


def build_package(*, applications: Any, now: datetime) -> dict[str, Any]:
    """The package of every awarded grant in `applications`."""
    grants = [
        grant_record(application)
        for application in applications
        if application.status == ApplicationStatus.AWARDED
    ]
    publisher: dict[str, Any] = {"name": settings.GRANTS_PUBLISHER_NAME}
    if settings.GRANTS_PUBLISHER_ID:
        publisher["identifier"] = settings.GRANTS_PUBLISHER_ID
    return {
        "version": STANDARD_VERSION,
        "title": f"Grants awarded by {settings.GRANTS_PUBLISHER_NAME}",
        "description": (
            "Every grant awarded through the international grants programme: "
            "project grants, travel bursaries and conference support."
        ),
        "identifier": f"360G-{_prefix()}-awards",
        "issued": now.date().isoformat(),
        "modified": now.isoformat(),
        "publisher": publisher,
        "license": LICENSE,
        "grants": grants,
    }
