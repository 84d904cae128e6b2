"""Issue 10, defect 2: while one family imports, another family's writes wait at most about
one short step, not for the import.

Measured on a real SQLite file in two processes (import_contention.py): the test suite's
in-memory database has a single connection, and threads in one process would measure Python's
lock between threads rather than the database's. The machine running the tests is often busy
(five engineers, two cores), so the figures are judged against the import's own step time as
well as the 50 ms goal: a write must never wait for more than about one step.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[3]


def test_small_import_ties_up_server_no_more_another_familys_write_waits_one_short_step(
    tmp_path: Path,
) -> None:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        FIRSTTOUCH_DATA_DIR=str(tmp_path),
        PYTHONPATH=str(ROOT),
        DJANGO_SETTINGS_MODULE="firsttouch.settings",
    )
    done = subprocess.run(
        [sys.executable, "-m", "firsttouch.portability.tests.import_contention"],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    print(figures)  # shown with -s: the measured waits
    assert figures["state"] == "done" and figures["processed"] == 1500
    assert figures["nappies"] == 40  # every one of Bob's writes went through meanwhile
    budget = settings.IMPORT_STEP_MILLISECONDS
    # Steps are short: the time budget, plus the one row in progress when it ran out.
    assert figures["step_ms_median"] < 4 * budget
    # Bob's write waits for at most about the step in progress, never for the import.
    assert figures["write_ms_median"] < max(50, 1.5 * figures["step_ms_median"] + 5)
