"""``firsttouch serve``: the worker class asked for is the one that runs, and two servers on
one machine each keep their own gunicorn control socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from gunicorn.app.base import BaseApplication

from firsttouch.ops.management.commands import serve
from firsttouch.ops.management.commands.serve import (
    DEFAULT_THREADS,
    control_socket,
    gunicorn_settings,
)

SYNC_ONE = ["--workers", "1", "--worker-class", "sync"]
OPTIONS = {"host": "127.0.0.1", "port": 8000, "workers": 2}


def gunicorn_config(**opts: Any) -> Any:
    """gunicorn's own reading of what serve tells it (its cfg), without starting a server."""
    config = gunicorn_settings({**OPTIONS, **opts}, Path("/srv/ft"))

    class Probe(BaseApplication):
        def load_config(self) -> None:
            for name, value in config.items():
                self.cfg.set(name, value)

        def load(self) -> Any:
            return None

    return Probe().cfg


def test_worker_class_sync_runs_sync_with_one_thread() -> None:
    cfg = gunicorn_config(worker_class="sync", threads=None)
    assert cfg.threads == 1
    assert cfg.worker_class_str == "sync"


def test_gthread_keeps_its_default_threads() -> None:
    cfg = gunicorn_config(worker_class="gthread", threads=None)
    assert cfg.threads == DEFAULT_THREADS
    assert cfg.worker_class_str == "gthread"


def test_sync_with_several_threads_is_refused_with_a_clear_message() -> None:
    with pytest.raises(CommandError, match="sync serves one request at a time"):
        call_command("serve", "--worker-class", "sync", "--threads", "4")


def test_sync_with_threads_from_the_environment_is_refused_too(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("THREADS", "8")
    with pytest.raises(CommandError, match="cannot run 8 threads"):
        call_command("serve", "--worker-class", "sync")


def test_the_control_socket_lives_in_the_data_dir() -> None:
    cfg = gunicorn_config(worker_class="gthread", threads=None)
    assert cfg.control_socket == "/srv/ft/gunicorn.ctl"
    assert not cfg.control_socket_disable


def test_a_data_dir_too_deep_for_a_socket_path_runs_without_one() -> None:
    deep = Path("/srv") / ("d" * 120)
    assert control_socket(deep) is None
    config = gunicorn_settings({**OPTIONS, "worker_class": "sync", "threads": None}, deep)
    assert config["control_socket_disable"] is True


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(url: str, process: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert process.poll() is None, process.communicate()
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                return int(response.status)
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"{url} did not answer")


def test_two_servers_on_one_machine_each_have_their_own_control_socket(tmp_path: Path) -> None:
    home = tmp_path / "home"  # shared, as one user's home is: gunicorn's default lives here
    home.mkdir()
    servers = []
    try:
        for name in ("a", "b"):
            data = tmp_path / name
            port = free_port()
            env = {
                **os.environ,
                "HOME": str(home),
                "FIRSTTOUCH_DATA_DIR": str(data),
                "XDG_RUNTIME_DIR": "",
            }
            env.pop("DATABASE_URL", None)
            process = subprocess.Popen(
                [sys.executable, "-m", "firsttouch", "serve", "--port", str(port), *SYNC_ONE],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            servers.append((process, data, port))
        for process, data, port in servers:
            url = f"http://127.0.0.1:{port}/static/firsttouch/icon.svg"
            assert wait_for(url, process) == 200
            # gunicorn opens its control socket just after the first worker boots.
            deadline = time.monotonic() + 30
            while not (data / "gunicorn.ctl").exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            assert (data / "gunicorn.ctl").is_socket()
            assert oct((data / "gunicorn.ctl").stat().st_mode & 0o777) == oct(0o600)
        assert not (home / ".gunicorn" / "gunicorn.ctl").exists()
    finally:
        for process, _, _ in servers:
            process.terminate()
            process.wait(timeout=30)


def test_the_default_is_one_worker_per_core_and_at_least_two(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The measured best on two cores (bench/README.md): not gunicorn's 2 x cores + 1."""
    for cores, workers in [(1, 2), (2, 2), (8, 8)]:
        monkeypatch.setattr(serve.os, "cpu_count", lambda cores=cores: cores)
        config = serve.gunicorn_settings(
            {**OPTIONS, "workers": None, "threads": None, "worker_class": "gthread"}, tmp_path
        )
        assert (config["workers"], config["threads"]) == (workers, DEFAULT_THREADS)
