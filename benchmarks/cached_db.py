"""The benchmark database for N pages, built once and kept as a template.

A PostgreSQL template database `<name>_<size>_tpl` holds the migrated schema,
the demo content, N bulk-loaded pages and their stored representations. Its
comment is a digest of everything that decides its content (the loaders, the
demo content and every migration, and N); a run whose digest matches clones
it with `CREATE DATABASE ... TEMPLATE` in seconds, any other run rebuilds it.
The media files (images and renditions) are kept beside it under
`var/bench/`, keyed by the same digest.

`python benchmarks/cached_db.py --build N` (run by `benchmarks/run.py` in a
child process, with DATABASE_URL and MEDIA_ROOT set) fills a database.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
CACHE = Path(os.environ.get("BENCH_CACHE_DIR", ROOT / "var" / "bench"))


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def digest(size: int) -> str:
    files = sorted(
        [
            ROOT / "benchmarks" / "bulk.py",
            ROOT / "benchmarks" / "cached_db.py",
            *BACKEND.glob("*/migrations/*.py"),
            *BACKEND.glob("*/demo*.py"),
        ]
    )
    h = hashlib.sha256(f"pages={size}".encode())
    for path in files:
        h.update(str(path.relative_to(ROOT)).encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:16]


def _admin(url: str) -> tuple[dict[str, Any], str]:
    parts = urllib.parse.urlsplit(url)
    return (
        {
            "host": parts.hostname or "127.0.0.1",
            "port": parts.port or 5432,
            "user": urllib.parse.unquote(parts.username or "postgres"),
            "password": urllib.parse.unquote(parts.password or "") or None,
            "dbname": "postgres",
        },
        parts.path.lstrip("/"),
    )


def _url_for(url: str, name: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


def database_for(
    url: str, size: int, *, env: dict[str, str], log: Any
) -> tuple[str, str, Path]:
    """(database URL, database name, media root) of a fresh copy for `size` pages."""
    import psycopg

    admin, base = _admin(url)
    name, template = f"{base}_{label(size)}", f"{base}_{label(size)}_tpl"
    key = digest(size)
    media = CACHE / f"{template}-{key}-media"
    with psycopg.connect(**admin, autocommit=True) as conn:
        row = conn.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database "
            "WHERE datname = %s",
            [template],
        ).fetchone()
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if row is not None and row[0] == key and media.is_dir():
            started = time.monotonic()
            conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
            log(
                f"{size} pages: cloned {template} (digest {key}) in "
                f"{time.monotonic() - started:.1f}s"
            )
            return _url_for(url, name), name, media
        conn.execute(f'DROP DATABASE IF EXISTS "{template}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{template}"')
    media.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    subprocess.run(  # noqa: S603 (our own command)
        [sys.executable, __file__, "--build", str(size)],
        env={**env, "DATABASE_URL": _url_for(url, template), "MEDIA_ROOT": str(media)},
        check=True,
    )
    log(f"{size} pages: built {template} in {time.monotonic() - started:.1f}s")
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(f"COMMENT ON DATABASE \"{template}\" IS '{key}'")
        conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
    return _url_for(url, name), name, media


def build(size: int) -> None:
    sys.path[:0] = [str(BACKEND), str(ROOT)]
    import django

    django.setup()
    from django.core.management import call_command

    from benchmarks import bulk

    def log(message: str) -> None:
        print(f"bench: build: {message}", file=sys.stderr, flush=True)

    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("load_demo_content", stdout=open(os.devnull, "w"))  # noqa: SIM115
    log(f"demo content in {time.monotonic() - started:.1f}s")
    ctx = bulk.context()
    ids = bulk.bulk_publish(bulk.page_specs(ctx, count=size), log=log)
    log(f"{size} pages in {time.monotonic() - started:.1f}s")
    bulk.build_stored(ids, log=log)
    log(f"stored pages in {time.monotonic() - started:.1f}s")
    from django.db import connection

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # A site's tables as autovacuum keeps them: statistics, and the
            # visibility map without which a bitmap scan rechecks every row
            # the bulk build left behind (a 10,000-page search, 64 -> 53 ms).
            cursor.execute("VACUUM ANALYZE")
        else:
            cursor.execute("ANALYZE")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--build"]:
        build(int(sys.argv[2]))
