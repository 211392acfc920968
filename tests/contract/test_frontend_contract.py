"""The frontend contract's TypeScript: it compiles, and its node tests pass live.

`npm test` in frontend-contract/ resolves every demo page, walks every block,
follows every rendition and starts a grant draft, against a real server.
"""

import os
import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.live

PACKAGE = Path(__file__).resolve().parents[2] / "frontend-contract"


def _npm(*args: str, env: dict[str, str] | None = None) -> None:
    if shutil.which("npm") is None or not (PACKAGE / "node_modules").exists():
        pytest.fail("npm packages not installed: run `make node-deps`")
    result = subprocess.run(
        ["npm", "run", "--silent", *args],
        cwd=PACKAGE,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, (result.stdout + result.stderr)[-8000:]


def test_typescript_types_are_current_and_typecheck():
    _npm("check:types")
    _npm("typecheck")


def test_node_contract_tests_pass_against_a_live_server(live_api):
    _npm(
        "test",
        env={
            "API_BASE_URL": live_api.url,
            "CONTRACT_EMAIL": live_api.email,
            "CONTRACT_PASSWORD": live_api.password,
        },
    )
