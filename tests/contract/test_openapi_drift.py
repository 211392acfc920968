"""openapi.yaml is generated from the code; it must match what the code generates now."""

import difflib
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_openapi_yaml_matches_the_generated_schema():
    out = StringIO()
    call_command("spectacular", "--validate", "--fail-on-warn", stdout=out)
    generated = out.getvalue()
    committed = (ROOT / "openapi.yaml").read_text()
    if generated != committed:
        diff = "".join(
            difflib.unified_diff(
                committed.splitlines(keepends=True),
                generated.splitlines(keepends=True),
                "openapi.yaml (committed)",
                "generated",
                n=2,
            )
        )
        pytest.fail("openapi.yaml is out of date; run `make openapi`.\n" + diff[:6000])
