"""frontend-contract/src/schema.d.ts is what openapi-typescript makes of openapi.yaml."""

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "frontend-contract"
GENERATOR = PACKAGE / "node_modules" / ".bin" / "openapi-typescript"


@pytest.mark.skipif(
    not GENERATOR.exists() or shutil.which("node") is None,
    reason="npm packages not installed (`make node-deps`)",
)
def test_typescript_types_match_openapi_yaml(tmp_path):
    out = tmp_path / "schema.d.ts"
    subprocess.run(
        [str(GENERATOR), "../openapi.yaml", "-o", str(out)],
        cwd=PACKAGE,
        check=True,
        capture_output=True,
        timeout=120,
    )
    committed = (PACKAGE / "src" / "schema.d.ts").read_text()
    assert out.read_text() == committed, (
        "frontend-contract/src/schema.d.ts is out of date; run `make contract-types`"
    )
