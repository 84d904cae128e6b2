"""RSS and import time of one server process after start-up (issue 10, memory).

Run with the project's Python: ``FIRSTTOUCH_DATA_DIR=... python bench/memory.py``. It does
what a gunicorn worker does before its first request (``django.setup()`` and loading the
URLconf) and prints the resident memory, the time taken, and which heavy libraries got loaded,
so a change that pulls one back into start-up shows up as a number, not a hunch.
"""

from __future__ import annotations

import os
import sys
import time

HEAVY = ("fpdf", "fhir.resources", "fhir_core", "reportlab", "playwright")


def rss_mb() -> float:
    """Resident set size now (not the peak), from /proc (Linux)."""
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firsttouch.settings")
    before = rss_mb()
    start = time.perf_counter()
    import django

    django.setup()
    import firsttouch.urls  # noqa: F401  (the URLconf a worker loads)

    elapsed = time.perf_counter() - start
    loaded = sorted({h for h in HEAVY for m in sys.modules if m == h or m.startswith(h + ".")})
    print(f"interpreter {before:.1f} MB, after setup+urls {rss_mb():.1f} MB, {elapsed:.2f} s")
    print(f"modules {len(sys.modules)}, heavy loaded: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()
