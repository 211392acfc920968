"""A real HTTP receiver on 127.0.0.1 for webhook tests (http.server in a thread)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    method: str
    path: str
    headers: dict[str, str]
    body: str


@dataclass
class Receiver:
    """Answers each request with the next of `responses` (then the last one)."""

    url: str = ""
    responses: list[tuple[int, dict[str, str]]] = field(
        default_factory=lambda: [(200, {})]
    )
    requests: list[Received] = field(default_factory=list)
    # Set to make the first request hang until released (a worker killed mid-send).
    hang_first: threading.Event | None = None

    def answer(self) -> tuple[int, dict[str, str]]:
        index = min(len(self.requests) - 1, len(self.responses) - 1)
        return self.responses[index]


@contextmanager
def receiver(**kwargs) -> Iterator[Receiver]:
    state = Receiver(**kwargs)

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            body = self.rfile.read(length).decode()
            state.requests.append(
                Received(
                    method=self.command,
                    path=self.path,
                    headers={k.lower(): v for k, v in self.headers.items()},
                    body=body,
                )
            )
            if state.hang_first is not None and len(state.requests) == 1:
                state.hang_first.wait(60)
            status, headers = state.answer()
            payload = f"status {status}".encode()
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        # CDN purges (Varnish xkey) arrive as PURGE with no body.
        do_PURGE = do_POST

        def log_message(self, format: str, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    state.url = f"http://127.0.0.1:{server.server_address[1]}/hooks"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        if state.hang_first is not None:
            state.hang_first.set()
        server.shutdown()
        server.server_close()
