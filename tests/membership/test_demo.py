from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from wagtail.models import PageViewRestriction

from membership.models import MembershipFee, MembershipType


def _load() -> str:
    out = StringIO()
    call_command("load_demo_content", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_demo_has_the_international_type_with_fees_in_three_currencies():
    _load()
    _load()  # idempotent
    membership_type = MembershipType.objects.get(slug="international")
    assert membership_type.is_international
    fees = MembershipFee.objects.filter(membership_type=membership_type)
    assert {fee.currency for fee in fees} == {"GBP", "EUR", "USD"}
    assert {fee.region for fee in fees} == {"uk", "europe", "international"}
    assert fees.count() == 6


@pytest.mark.django_db
def test_demo_restricts_the_members_page_to_the_members_group_when_pages_exist():
    output = _load()
    try:
        apps.get_model("content", "StandardPage")
    except LookupError:
        assert "members-only page skipped" in output
        return
    restriction = PageViewRestriction.objects.get(page__slug="members-area")
    assert list(restriction.groups.values_list("name", flat=True)) == ["Members"]
