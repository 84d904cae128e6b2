"""How long another family's write waits while one family imports (issue 10, defect 2).

Runs `firsttouch.portability.tests.import_contention` (an import of 1,500 rows on a real
SQLite file in one process, 40 nappy saves of another family in another) and prints the
import's step times and the saves' waits, in milliseconds. The goal is a median wait under
50 ms, at most about one import step. A measurement, never a test: run it on a quiet machine.

    .venv/bin/python bench/import_contention.py
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="ft-bench-import-") as data_dir:
        env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        env.update(
            FIRSTTOUCH_DATA_DIR=data_dir,
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
    waits = sorted(figures["write_ms"])
    print(
        f"import: {figures['processed']} rows in {figures['step_count']} steps, "
        f"step median {figures['step_ms_median']:.1f} ms, max {figures['step_ms_max']:.1f} ms"
    )
    print(
        f"other family's saves: {len(waits)}, wait median {statistics.median(waits):.1f} ms, "
        f"90th percentile {waits[int(0.9 * (len(waits) - 1))]:.1f} ms, max {waits[-1]:.1f} ms"
    )


if __name__ == "__main__":
    main()
