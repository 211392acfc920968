"""Instructions per request, counted by valgrind's callgrind: a noise-proof figure.

`counts(env, scenarios)` runs this file under
`valgrind --tool=callgrind --dump-before=binascii_crc_hqx`: one Python
process sets Django up, and for each scenario makes two warming requests,
calls the marker (`binascii.crc_hqx`: nothing in CPython's startup or Django
calls it, so each call is a dump boundary), makes REPEAT requests and calls
the marker again. The dump that ends after those requests holds exactly their
instructions (Ir); divided by REPEAT it is the cost of one request in this
process, whatever else the machine is doing.

Each scenario is `(key, url, settings overrides, expected status)`.
"""

from __future__ import annotations

import binascii
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
REPEAT = int(os.environ.get("BENCH_CALLGRIND_REPEAT", "2"))
MARKER = "binascii_crc_hqx"


def available() -> bool:
    return shutil.which("valgrind") is not None and os.environ.get(
        "BENCH_CALLGRIND", "1"
    ) not in ("0", "false")


def counts(env: dict[str, str], scenarios: list[tuple[Any, ...]]) -> dict[str, int]:
    """Instructions per request for each scenario key."""
    out = Path(tempfile.mkdtemp(prefix="intl-callgrind-"))
    try:
        spec = out / "scenarios.json"
        spec.write_text(json.dumps(scenarios))
        result = subprocess.run(  # noqa: S603 (our own command)
            [
                shutil.which("valgrind") or "valgrind",
                "--tool=callgrind",
                f"--dump-before={MARKER}",
                f"--callgrind-out-file={out}/cg.out",
                sys.executable,
                __file__,
                str(spec),
            ],
            env={**env, "PYTHONHASHSEED": "0"},
            check=False,
            capture_output=True,
        )
        if result.returncode != 0:
            raise SystemExit(
                "callgrind's run failed:\n"
                + result.stderr.decode(errors="replace")[-3000:]
            )
        dumps = sorted(
            out.glob("cg.out.*"), key=lambda p: int(p.name.rsplit(".", 1)[1])
        )
        totals = [_total(path) for path in dumps]
        # Dumps 1, 2: before the first marker (setup, warm-up), then scenario 1's
        # requests; 3: the next warm-up; 4: scenario 2; and so on.
        return {
            scenario[0]: totals[2 * i + 1] // REPEAT
            for i, scenario in enumerate(scenarios)
        }
    finally:
        shutil.rmtree(out, ignore_errors=True)


def _total(path: Path) -> int:
    match = re.search(r"^(?:summary|totals):\s*(\d+)", path.read_text(), re.MULTILINE)
    return int(match.group(1)) if match else 0


def _setting(value: str) -> Any:
    """A server's environment value as the setting it becomes (run.SERVERS
    holds them as gunicorn's environment: "0", "false")."""
    if value.lower() in ("true", "false"):
        return value.lower() == "true"
    return int(value) if value.isdigit() else value


def _inner(spec: Path) -> None:
    sys.path[:0] = [str(BACKEND), str(ROOT)]
    import django

    django.setup()
    from django.test import Client, override_settings

    def marker() -> None:
        binascii.crc_hqx(b"", 0)

    client = Client(HTTP_HOST="127.0.0.1")
    for key, url, overrides, expect in json.loads(spec.read_text()):
        with override_settings(**{k: _setting(v) for k, v in overrides.items()}):
            client.get(url)
            client.get(url)
            marker()
            for _ in range(REPEAT):
                response = client.get(url)
            marker()
        assert response.status_code == expect, (key, response.status_code)


if __name__ == "__main__":
    _inner(Path(sys.argv[1]))
