"""Revoking a partner key needs the permission that managing keys needs."""

import pytest
from django.contrib.auth.models import Group, Permission

from syndication.models import PartnerKey
from syndication.services import partner_key_check, partner_key_create
from tests.factories.users import UserFactory


def _staff(*codenames: str):
    user = UserFactory()
    group = Group.objects.create(name=f"group of {user.username}")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["access_admin", *codenames])
    )
    user.groups.add(group)
    return user


@pytest.mark.django_db
def test_editor_without_key_permissions_cannot_list_or_revoke(client):
    key, raw = partner_key_create(name="Feed", scopes=["content"], rate="100/min")
    client.force_login(_staff())
    assert client.get("/admin/partner_keys/").status_code in (302, 403)
    response = client.post(f"/admin/partner_keys/{key.pk}/revoke/")
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/" in response["Location"]
    key.refresh_from_db()
    assert partner_key_check(raw=raw) is not None


@pytest.mark.django_db
def test_key_manager_revokes(client):
    key, raw = partner_key_create(name="Feed", scopes=["content"], rate="100/min")
    client.force_login(_staff("change_partnerkey"))
    assert client.get("/admin/partner_keys/").status_code == 200
    response = client.post(f"/admin/partner_keys/{key.pk}/revoke/")
    assert response.status_code == 302
    assert partner_key_check(raw=raw) is None
    assert PartnerKey.objects.get().is_active is False
