"""The contract says which operations anyone may call: `{}` among their security.

A public operation that listed only credentials told clients (and
generators and fuzzers) that it needs them; it needs none, and signing in
only changes what it shows.
"""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
# Operations that answer 401/403 without a signed-in person.
PERSONAL = {
    "grants_applications_list",
    "grants_applications_create",
    "grants_applications_retrieve",
    "grants_applications_partial_update",
    "grants_applications_attachments_create",
    "grants_applications_attachments_retrieve",
    "grants_applications_attachments_destroy",
    "grants_applications_submit",
    "grants_applications_withdraw",
    "me_retrieve",
    "me_partial_update",
    "me_destroy",
    "me_export_retrieve",
    "me_membership_retrieve",
    "membership_applications_create",
}


def _operations():
    spec = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    for path, item in spec["paths"].items():
        if path.startswith("/api/v1/auth/"):
            continue  # allauth's document, with its own security
        for method, operation in item.items():
            if isinstance(operation, dict) and "operationId" in operation:
                yield operation["operationId"], operation.get("security", [])


def test_public_operations_need_no_credentials():
    public = {op: sec for op, sec in _operations() if op not in PERSONAL}
    assert public, "no public operations found"
    needing = sorted(op for op, sec in public.items() if sec and {} not in sec)
    assert needing == []


def test_personal_operations_need_credentials():
    personal = {op: sec for op, sec in _operations() if op in PERSONAL}
    assert set(personal) == PERSONAL
    assert all(sec and {} not in sec for sec in personal.values())
