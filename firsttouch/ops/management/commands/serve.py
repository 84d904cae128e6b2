"""``firsttouch serve``: a production server (gunicorn), static files served by the app."""

from __future__ import annotations

import os
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve firsttouch with gunicorn (not Django's development server)."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--host", default=os.environ.get("HOST", "127.0.0.1"))
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers",
            type=int,
            default=int(os.environ.get("WEB_CONCURRENCY", "0")) or None,
            help="Worker processes (default: 2 per core, at least 2).",
        )
        parser.add_argument("--threads", type=int, default=int(os.environ.get("THREADS", "4")))
        parser.add_argument(
            "--worker-class",
            choices=["gthread", "sync"],
            default=os.environ.get("WORKER_CLASS", "gthread"),
            help="gthread (threads in each worker, keep-alive) or sync (one "
            "request at a time per process). See bench/README.md.",
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        from gunicorn.app.base import BaseApplication

        workers = opts["workers"] or max(2, 2 * (os.cpu_count() or 1))
        bind = f"{opts['host']}:{opts['port']}"
        from firsttouch.wsgi import application

        class Server(BaseApplication):
            def load_config(self) -> None:
                self.cfg.set("bind", bind)
                self.cfg.set("workers", workers)
                self.cfg.set("threads", opts["threads"])
                self.cfg.set("worker_class", opts["worker_class"])
                self.cfg.set("accesslog", os.environ.get("ACCESS_LOG") or None)
                self.cfg.set("graceful_timeout", 10)

            def load(self) -> Any:
                return application

        self.stdout.write(f"firsttouch is serving on http://{bind}  (Ctrl+C to stop)")
        Server().run()
