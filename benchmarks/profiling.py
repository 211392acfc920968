"""Where one request's time goes: cProfile over REPEAT in-process requests.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a bench copy> \\
        .venv/bin/python benchmarks/profiling.py '/api/v1/pages/?type=strategy_update&limit=20'

Runs under `config.settings.bench` (the settings `make bench` serves with),
makes two warming requests, then REPEAT (default 300) profiled ones through
Django's full handler and middleware, as gunicorn's worker calls it, and
prints the microseconds per request and the functions that take the most of
it, by their own time and with what they call. `--conditional` sends the
first response's ETag, so every profiled request is a 304. What it cannot
show is the server around the application (gunicorn's parsing and writing):
compare its figure with the trivial-WSGI ceiling of `make bench` for that.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url")
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--conditional", action="store_true")
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument(
        "--time-only", action="store_true", help="time the requests, no profile"
    )
    parser.add_argument(
        "--callees", metavar="NAME", help="also list what functions matching NAME call"
    )
    parser.add_argument(
        "--callers", metavar="NAME", help="also list what calls functions matching NAME"
    )
    args = parser.parse_args()

    sys.path[:0] = [str(ROOT / "backend"), str(ROOT)]
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.bench")
    os.environ.setdefault("LOG_LEVEL", "WARNING")  # no log line per request
    import django

    django.setup()
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    first = client.get(args.url)
    headers = {}
    if args.conditional:
        headers["HTTP_IF_NONE_MATCH"] = first["ETag"]
    expected = 304 if args.conditional else first.status_code
    assert client.get(args.url, **headers).status_code == expected

    profile = cProfile.Profile()
    started = time.perf_counter()
    if not args.time_only:
        profile.enable()
    for _ in range(args.repeat):
        response = client.get(args.url, **headers)
    profile.disable()
    elapsed = time.perf_counter() - started
    assert response.status_code == expected, response.status_code
    print(
        f"{args.url}: {response.status_code}, {len(response.content)} bytes, "
        f"{elapsed / args.repeat * 1e6:.0f} us per request in-process "
        f"({'timed' if args.time_only else 'profiled'}; {args.repeat} requests)"
    )
    if args.time_only:
        return
    stats = pstats.Stats(profile).strip_dirs()
    for order in ("tottime", "cumulative"):
        print(f"\n-- by {order}")
        stats.sort_stats(order).print_stats(args.top)
    if args.callees:
        stats.sort_stats("cumulative").print_callees(args.callees)
    if args.callers:
        stats.sort_stats("cumulative").print_callers(args.callers)


if __name__ == "__main__":
    main()
