"""Run by test_import_contention.py in a subprocess, on a real SQLite file (the test suite's
in-memory database has one connection, so it cannot show one writer waiting for another).

Alice's family imports a few thousand rows, a step after another, in one process (as one
server worker would); meanwhile Bob's family logs nappies in this one. Prints, as JSON, how
long each of Bob's writes took and how the import's steps went.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta

import django

django.setup()

from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from firsttouch.babies.models import Baby  # noqa: E402
from firsttouch.portability import importing  # noqa: E402
from firsttouch.portability.models import ImportJob  # noqa: E402
from firsttouch.tracking.models import Nappy  # noqa: E402
from firsttouch.tracking.services import save_entry  # noqa: E402
from tests.cast import make_member  # noqa: E402
from tests.concurrency import migrate_if_needed  # noqa: E402

ROWS = 1500
WRITES = 40


def _step_until_done(job_id: int) -> None:
    """The import's side, in a process of its own (as a second server worker would be)."""
    job = ImportJob.objects.get(pk=job_id)
    steps: list[float] = []
    while job.is_running:
        started = time.perf_counter()
        job = importing.step(job)
        steps.append(time.perf_counter() - started)
        if len(steps) == 1:
            print("importing", flush=True)
    print(json.dumps({"state": job.state, "processed": job.processed, "steps": steps}))


def main() -> None:
    migrate_if_needed()  # the test copied a migrated database in; bench/ starts empty
    alice = make_member("alice@example.com", "Alice")
    bob = make_member("bob@example.com", "Bob")
    ada = Baby.objects.create(family=alice.family, name="Ada", birth_date=date(2025, 3, 1))
    noor = Baby.objects.create(
        family=bob.family, name="Noor", birth_date=timezone.localdate() - timedelta(days=30)
    )
    lines = ["id,child_id,note,time"] + [
        f"{i},1,Note {i},2025-06-{1 + i // 1440:02d} {i // 60 % 24:02d}:{i % 60:02d}:00"
        for i in range(ROWS)
    ]
    job = importing.start_csv_import(
        alice.family,
        alice.user,
        [("note.csv", ("\n".join(lines) + "\n").encode())],
        fallback_baby=ada,
    )
    connection.close()
    worker = subprocess.Popen(
        [sys.executable, "-m", __spec__.name if __spec__ else __name__, str(job.pk)],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert worker.stdout is not None
    assert worker.stdout.readline().strip() == "importing"
    waits: list[float] = []
    now = timezone.now()
    while worker.poll() is None and len(waits) < WRITES:
        time.sleep(0.01)
        started = time.perf_counter()
        save_entry(Nappy(baby=noor, time=now - timedelta(minutes=5 * len(waits)), wet=True))
        waits.append(time.perf_counter() - started)
    out, _ = worker.communicate()
    result = json.loads(out.strip().splitlines()[-1])
    steps = result.pop("steps")
    print(
        json.dumps(
            {
                **result,
                "step_count": len(steps),
                "step_ms_max": 1000 * max(steps),
                "step_ms_median": 1000 * statistics.median(steps),
                "write_ms": sorted(1000 * w for w in waits),
                "write_ms_median": 1000 * statistics.median(waits),
                "nappies": Nappy.objects.filter(baby=noor).count(),
            }
        )
    )


if __name__ == "__main__":
    if len(sys.argv) > 1:
        _step_until_done(int(sys.argv[1]))
    else:
        main()
