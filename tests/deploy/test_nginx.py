"""Slow clients meet nginx (backend/config/nginx.conf), not gunicorn's workers.

The image's command on PostgreSQL with 2 workers x 2 threads behind the
repository's nginx config; 30 connections that send headers a byte at a time
must not make normal requests through nginx time out.
"""

import re
import shutil
import socket
import time
from pathlib import Path

import pytest

from tests.deploy import live

pytestmark = pytest.mark.live

DB_NAME = live.throwaway_db("intl_nginx_test")
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SLOW_CLIENTS = 30


def _nginx_conf(tmp_path, *, listen: int, upstream: int) -> str:
    text = (live.ROOT / "backend/config/nginx.conf").read_text()
    text = text.replace("listen 8080;", f"listen 127.0.0.1:{listen};")
    text = text.replace("server 127.0.0.1:8000;", f"server 127.0.0.1:{upstream};")
    text = re.sub(r"worker_processes auto;", "worker_processes 1;", text)
    # Run as this user, everything in tmp_path.
    prefix = (
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/nginx-error.log;\n"
        "daemon off;\n"
    )
    text = text.replace(
        "http {",
        "http {\n"
        f"    access_log off;\n"
        f"    client_body_temp_path {tmp_path}/body;\n"
        f"    proxy_temp_path {tmp_path}/proxy;\n"
        f"    fastcgi_temp_path {tmp_path}/fastcgi;\n"
        f"    uwsgi_temp_path {tmp_path}/uwsgi;\n"
        f"    scgi_temp_path {tmp_path}/scgi;\n",
    )
    path = tmp_path / "nginx.conf"
    path.write_text(prefix + text)
    return str(path)


def _slow_client(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"GET /api/v1/ HTTP/1.1\r\nHost: cms.example.org\r\n")
    return sock


@pytest.mark.skipif(
    not Path(NGINX).exists(),
    reason="make proxy-deps installs nginx",
)
def test_slow_header_clients_do_not_starve_requests_through_nginx(tmp_path):
    app_port, proxy_port = live.free_port(), live.free_port()
    with live.postgres_database(DB_NAME) as url:
        env = live.image_env(
            tmp_path,
            database_url=url,
            port=app_port,
            DJANGO_ALLOWED_HOSTS="cms.example.org,127.0.0.1",
            DJANGO_SECURE_SSL_REDIRECT="false",
            GUNICORN_THREADS="2",
            TRUSTED_PROXIES="127.0.0.1/32",
        )
        live.manage(env, "migrate", "--no-input", "-v0")
        live.manage(env, "collectstatic", "--no-input", "-v0")
        app = live.start(
            live.dockerfile_cmd(), env=env, cwd=live.BACKEND, log=tmp_path / "app.log"
        )
        proxy = live.start(
            [NGINX, "-c", _nginx_conf(tmp_path, listen=proxy_port, upstream=app_port)],
            env=env,
            cwd=tmp_path,
            log=tmp_path / "nginx.log",
        )
        slow: list[socket.socket] = []
        try:
            live.wait_healthy(f"http://127.0.0.1:{app_port}", app)
            base = f"http://127.0.0.1:{proxy_port}"
            live.wait_healthy(base, proxy)
            slow = [_slow_client(proxy_port) for _ in range(SLOW_CLIENTS)]
            statuses = []
            for _ in range(8):
                for sock in slow:  # a byte each, never finishing
                    sock.sendall(b"X")
                status, _, _ = live.get(
                    base + "/api/v1/", headers={"Host": "cms.example.org"}, timeout=5
                )
                statuses.append(status)
                time.sleep(0.2)
            assert statuses == [200] * 8
        finally:
            for sock in slow:
                sock.close()
            live.stop(proxy)
            live.stop(app)
