"""Writes for the membership app, one module per job.

Every service is keyword-only and atomic; emails are enqueued on commit.
Refusals are `core.errors` (the API maps them to statuses). Account export
and erasure are not membership's: they live in `core.accounts`.
"""

from .decisions import (
    APPROVE_ACTION,
    REJECT_ACTION,
    membership_approve,
    membership_reject,
)
from .groups import members_group_sync, memberships_refresh_all
from .joining import membership_apply
from .periods import membership_refresh, membership_renew
from .personal_data import register_personal_data
from .profiles import profile_update, profile_values

__all__ = [
    "APPROVE_ACTION",
    "REJECT_ACTION",
    "members_group_sync",
    "membership_apply",
    "membership_approve",
    "membership_refresh",
    "membership_reject",
    "membership_renew",
    "memberships_refresh_all",
    "profile_update",
    "profile_values",
    "register_personal_data",
]
