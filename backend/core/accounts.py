"""The account as a whole: what is held about a person, and erasing it.

An account belongs to no one app: membership, grants and any app that keeps
personal data register an exporter and an eraser with `core.personal_data`,
and these two services call every one of them.
"""

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractUser
from django.db import transaction

from core import personal_data


def account_export(*, user: AbstractUser) -> dict[str, Any]:
    """Everything held about the person: the account, then every app's section."""
    from allauth.account.models import EmailAddress

    return {
        "account": {
            "id": user.pk,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in EmailAddress.objects.filter(user=user).order_by("pk")
            ],
        },
        **personal_data.export_for(user),
    }


@transaction.atomic
def account_erase(*, user: AbstractUser, now: datetime) -> None:
    """Deactivate the account and anonymise what is held about the person.

    Each app's eraser runs first (records that must be kept, such as awarded
    grants and membership fees, keep their non-personal fields); then the
    account itself loses its name, email, password and sessions' power.
    """
    from allauth.account.models import EmailAddress

    personal_data.erase_for(user)
    EmailAddress.objects.filter(user=user).delete()
    user.groups.clear()
    user.user_permissions.clear()
    user.username = f"erased-{user.pk}"
    user.email = ""
    user.first_name = ""
    user.last_name = ""
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.set_unusable_password()
    user.save()
