"""CPU time per request of the hot routes and pages, in-process (no server, no wrk).

Loads the demo family into a fresh SQLite database in a temporary directory, then sends
requests through Django's test Client (every middleware, the view, the template) and reads
the process's own CPU time (``time.process_time``) around each batch: other people's work on
a shared machine slows the wall clock but adds little to it. Rounds are interleaved (list,
by-id, page, list, ...) and the median and best batch are printed per route, in CPU ms per
request.

    .venv/bin/python bench/hot_paths.py [--rounds 7] [--batch 30] [--root <checkout>]

``--root`` measures another checkout (its own venv's python, this script): before and
after, interleaved by the caller. A measurement, never a test; figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--batch", type=int, default=30)
    parser.add_argument("--root", type=Path, default=Path(__file__).resolve().parents[1])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ft-bench-hot-") as data_dir:
        os.environ["FIRSTTOUCH_DATA_DIR"] = data_dir
        os.environ.pop("DATABASE_URL", None)
        os.environ["ALLOWED_HOSTS"] = "testserver"
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firsttouch.settings")
        sys.path.insert(0, str(args.root.resolve()))
        import django

        django.setup()
        from datetime import timedelta

        from django.core.management import call_command
        from django.test import Client
        from django.utils import timezone

        import firsttouch
        from firsttouch.accounts.models import ApiToken, User
        from firsttouch.babies.models import Baby
        from firsttouch.tracking.models import Sleep

        call_command("migrate", verbosity=0)
        call_command("demo", verbosity=0)
        user = User.objects.get(username="demo@example.com")
        baby = Baby.objects.filter(family=user.membership.family).first()
        assert baby is not None
        _, key = ApiToken.issue(user, "bench")
        api = Client(HTTP_AUTHORIZATION=f"Bearer {key}")
        page = Client()
        page.force_login(user)
        since = (timezone.now() - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
        entry = Sleep.objects.filter(baby=baby).latest("start")
        routes: dict[str, tuple[Client, str, dict[str, Any]]] = {
            "API: list a week of sleep": (
                api,
                "/api/v1/sleep",
                {"baby": baby.pk, "since": since, "limit": 100},
            ),
            "API: one sleep entry by id": (api, f"/api/v1/sleep/{entry.pk}", {}),
            "the baby's home page": (page, f"/baby/{baby.pk}/", {}),
        }
        print(f"== {firsttouch.__file__}")
        for client, path, query in routes.values():  # warm-up, and every route answers
            assert client.get(path, query).status_code == 200, path
        cpu: dict[str, list[float]] = {name: [] for name in routes}
        for _ in range(args.rounds):
            for name, (client, path, query) in routes.items():
                start = time.process_time()
                for _ in range(args.batch):
                    client.get(path, query)
                cpu[name].append(1000 * (time.process_time() - start) / args.batch)
        for name, times in cpu.items():
            print(
                f"{name:30} CPU ms/req: median {statistics.median(times):6.2f}"
                f"  best {min(times):6.2f}"
            )


if __name__ == "__main__":
    main()
