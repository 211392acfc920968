"""Schemathesis (property-based) against a live server: zero failures.

Every operation of our API, allauth's `/api/v1/auth/` included, first
anonymously, then signed in through allauth's app flow (`X-Session-Token`)
for the operations that need a user and for every allauth operation.
Left out of the signed-in run, because each ends the identity the rest of
the run signs in as: `DELETE /me/` (erases the user) and allauth's
`DELETE .../auth/session` (signs out: every later request would be a 410
"session gone"). Both are in the anonymous run; tests/api/membership covers
them signed in.

Fixed seed, bounded examples per operation and a bounded time per run, so
CI spends about three minutes here.
"""

import subprocess
import sys
import time
import urllib.error
from pathlib import Path

import pytest
import yaml

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"
CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_schema_conformance",
        "response_headers_conformance",
        "negative_data_rejection",
        "missing_required_header",
        "unsupported_method",
    ]
)
SEED = "20261130"
# Operations only a signed-in user reaches past the 403.
SIGNED_IN = [
    "grants_applications_list",
    "grants_applications_create",
    "grants_applications_retrieve",
    "grants_applications_partial_update",
    "grants_applications_submit",
    "grants_applications_withdraw",
    "grants_applications_attachments_create",
    "grants_applications_attachments_retrieve",
    "grants_applications_attachments_destroy",
    "membership_applications_create",
    "me_retrieve",
    "me_partial_update",
    "me_membership_retrieve",
    "me_export_retrieve",
]
# Signing out would end the run's session (see above).
SIGNED_IN_EXCLUDED = {"auth_session_delete"}


def _allauth_operation_ids() -> list[str]:
    schema = yaml.safe_load((ROOT / "openapi.yaml").read_text())
    return sorted(
        operation["operationId"]
        for path, item in schema["paths"].items()
        if path.startswith("/api/v1/auth/")
        for operation in item.values()
        if isinstance(operation, dict) and "operationId" in operation
        if operation["operationId"] not in SIGNED_IN_EXCLUDED
    )


def _session_token(live_api) -> str:
    """Sign in, waiting out allauth's per-IP `login` limit if the anonymous
    run (which fuzzes the login endpoint) has just used it up."""
    for _ in range(3):
        try:
            return live_api.session_token()
        except urllib.error.HTTPError as error:
            if error.code != 429:
                raise
            time.sleep(int(error.headers.get("Retry-After") or 60) + 1)
    raise AssertionError("allauth still rate-limits the sign-in after three waits")


def _run(
    url: str, tmp_path: Path, name: str, *args: str, max_time: int, workers: int
) -> None:
    command = [
        str(SCHEMATHESIS),
        "run",
        str(ROOT / "openapi.yaml"),
        "--url",
        url,
        "--checks",
        CHECKS,
        "--seed",
        SEED,
        "--max-examples",
        "10",
        "--max-time",
        str(max_time),
        "--phases",
        "examples,coverage,fuzzing",
        "--workers",
        str(workers),
        "--request-timeout",
        "30",
        "--no-color",
        "--continue-on-failure",
        "--suppress-health-check",
        "all",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path / name),
        *args,
    ]
    result = subprocess.run(
        command,
        # Its example database (.schemathesis/) stays out of the repository.
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=max_time + 240,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"schemathesis ({name}) failed:\n{output[-15000:]}"


def test_schemathesis_finds_no_failures_anonymously(live_api, tmp_path):
    # One worker, as below: with allauth's operations in, two workers hit
    # hypothesis' thread-unsafe lambda-description cache in this run too.
    _run(live_api.url, tmp_path, "anonymous", max_time=120, workers=1)


def test_schemathesis_finds_no_failures_signed_in(live_api, tmp_path):
    token = _session_token(live_api)
    operations = [*SIGNED_IN, *_allauth_operation_ids()]
    include = [arg for op in operations for arg in ("--include-operation-id", op)]
    _run(
        live_api.url,
        tmp_path,
        "signed-in",
        "--header",
        f"X-Session-Token: {token}",
        *include,
        max_time=120,
        # One worker: hypothesis' lambda-description cache is not thread-safe
        # ("AST constructor recursion depth mismatch" with two).
        workers=1,
    )
