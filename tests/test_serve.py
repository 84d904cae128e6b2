"""`firsttouch serve` starts a real server that answers pages, the API and static files."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

FIRSTTOUCH = str(Path(sys.executable).parent / "firsttouch")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_serve_answers_login_health_and_static(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["FIRSTTOUCH_DATA_DIR"] = str(tmp_path)
    subprocess.run([FIRSTTOUCH, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    port = _port()
    server = subprocess.Popen(
        [FIRSTTOUCH, "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # Start-up takes a second on a quiet machine; allow a busy one (parallel tests) a minute.
        deadline = time.monotonic() + 60
        status = 0
        while status == 0:
            try:
                status, body = _get(f"{base}/api/v1/health")
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.1)
        assert status == 200
        status, body = _get(f"{base}/login/")
        assert status == 200
        assert "Log in" in body
        status, css = _get(f"{base}/static/firsttouch/app.css")
        assert status == 200
        assert "--accent" in css
    finally:
        server.terminate()
        server.wait(timeout=20)
