"""``firsttouch serve``: a production server (gunicorn), static files served by the app."""

from __future__ import annotations

import gc
import os
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# gthread's threads per worker when none are asked for, and workers per core: chosen by
# measurement (bench/ceiling.py, bench/README.md "Issue 10: creates against the ceiling").
DEFAULT_THREADS = 4
WORKERS_PER_CORE = 1
# A Unix socket path is limited to 108 bytes (104 on macOS); past that, bind() fails.
MAX_SOCKET_PATH = 100


def thread_count(worker_class: str, threads: int | None) -> int:
    """The threads each worker runs: sync means one, and asking for more with it is refused.

    gunicorn quietly switches a sync worker to gthread when threads > 1, so ``--worker-class
    sync`` with the default 4 threads used to run gthread: the option was ignored.
    """
    if worker_class == "sync":
        if threads is not None and threads != 1:
            raise CommandError(
                f"--worker-class sync serves one request at a time per worker, so it cannot "
                f"run {threads} threads. Drop --threads (or THREADS), or use "
                "--worker-class gthread."
            )
        return 1
    if threads is not None and threads < 1:
        raise CommandError("--threads must be at least 1.")
    return threads or DEFAULT_THREADS


def default_workers() -> int:
    """One process per core, at least two (one can restart while the other serves).

    Measured on two cores, four gthread processes served no more than two and cost about a
    fifth more memory; the threads in each cover the waits (the database, a slow client).
    """
    return max(2, WORKERS_PER_CORE * (os.cpu_count() or 1))


def control_socket(data_dir: Path) -> str | None:
    """gunicorn's control socket for this data directory, or None to run without one.

    gunicorn's default (``~/.gunicorn/gunicorn.ctl``) is one per user, so two servers on one
    machine (two households, a test beside production) take it from each other. One per data
    directory keeps them apart; a directory too deep for a socket path gets none (nothing in
    firsttouch uses it; it is only for gunicorn's ``gunicornc`` tool).
    """
    path = str(data_dir / "gunicorn.ctl")
    if len(path.encode()) > MAX_SOCKET_PATH:
        return None
    return path


def gunicorn_settings(opts: dict[str, Any], data_dir: Path) -> dict[str, Any]:
    """What gunicorn is told, from the command's options (tested without starting it)."""
    socket = control_socket(data_dir)
    return {
        "bind": f"{opts['host']}:{opts['port']}",
        "workers": opts["workers"] or default_workers(),
        "threads": thread_count(opts["worker_class"], opts["threads"]),
        "worker_class": opts["worker_class"],
        "accesslog": os.environ.get("ACCESS_LOG") or None,
        "graceful_timeout": 10,
        "control_socket": socket or "",
        "control_socket_disable": socket is None,
        # The master loads the app (see preload) and forks: said explicitly, since gunicorn
        # would otherwise call load() again in each worker.
        "preload_app": True,
    }


def preload() -> None:
    """Load everything a request needs in the master, before gunicorn forks the workers.

    Django imports the URLconf (every view, the API and its schemas) only on the first
    request, so each worker used to import and build it on its own: the same tens of MB in
    every process. Loaded once here, the workers share those pages copy-on-write. (Django's
    system checks, run before ``handle``, happen to load the URLconf too; this does not rely
    on them.) ``gc.freeze()`` is what the Python documentation advises before a fork without
    exec: it moves what is loaded out of the collector's reach, so a collection in a worker
    does not write to (and so copy) the shared pages. Database connections opened
    while loading are closed: a connection must never be shared across a fork, and each
    worker opens its own on its first query. The price: new code needs a full restart (a HUP
    re-forks workers from the master's already-loaded code).
    """
    from django.db import connections
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018  (the property imports and caches the URLconf)
    connections.close_all()
    gc.freeze()


def env_threads() -> int | None:
    value = os.environ.get("THREADS", "").strip()
    return int(value) if value else None


class Command(BaseCommand):
    help = "Serve firsttouch with gunicorn (not Django's development server)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "0")) or None,
            help="Worker processes (default: one per core, at least 2).",
        )
        parser.add_argument(
            "--threads",
            type=int,
            default=env_threads(),
            help=f"Threads per gthread worker (default {DEFAULT_THREADS}); sync runs one.",
        )
        parser.add_argument(
            "--worker-class",
            choices=["gthread", "sync"],
            default=os.environ.get("WORKER_CLASS", "gthread"),
            help="gthread (threads in each worker, keep-alive) or sync (one "
            "request at a time per process). See bench/README.md.",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        from gunicorn.app.base import BaseApplication

        config = gunicorn_settings(opts, Path(settings.DATA_DIR))
        from firsttouch.wsgi import application

        preload()

        class Server(BaseApplication):
            def load_config(self) -> None:
                for name, value in config.items():
                    self.cfg.set(name, value)

            def load(self) -> Any:
                return application

        self.stdout.write(f"firsttouch is serving on http://{config['bind']}  (Ctrl+C to stop)")
        Server().run()
