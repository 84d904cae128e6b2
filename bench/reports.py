"""Time the PDF for the doctor and the family's full export with a year of data (issue #4).

Targets: the PDF in under 2 s, the CSV zip and the FHIR bundle in under 2 s each. Builds a
fresh SQLite database in a temporary directory with the same year as bench/insights.py
(one baby, about 15,000 logged events), adds weekly weights and a mother with monthly
screenings (so the export has every kind of row), then times each of the three and prints
the median of the runs, with the size of each file.

    .venv/bin/python bench/reports.py [--runs 5] [--pdf /tmp/year.pdf]

A measurement, never a test; the figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:  # Django is set up at run time, inside main()
    from firsttouch.accounts.models import User
    from firsttouch.babies.models import Baby

HERE = Path(__file__).resolve().parent


def _year_builder() -> ModuleType:
    """bench/insights.py, loaded by path: the same year of data, built the same way."""
    spec = importlib.util.spec_from_file_location("bench_insights", HERE / "insights.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def add_family_records(baby: Baby, weeks: int = 52) -> tuple[User, int]:
    """A mother in the baby's family, weekly weights and a screening every four weeks."""
    from django.utils import timezone

    from firsttouch.accounts import services
    from firsttouch.accounts.models import Membership
    from firsttouch.tracking.models import Growth
    from firsttouch.wellbeing import services as wellbeing

    family = baby.family
    user = services.sign_up(
        email="bench@example.com",
        password="bench-password-42",
        name="Bench",
        time_zone=family.time_zone,
    )
    Membership.objects.filter(user=user).update(family=family)
    user.refresh_from_db()
    now = timezone.now()
    Growth.objects.bulk_create(
        Growth(baby=baby, time=now - timedelta(weeks=n), weight_g=9000 - 90 * n)
        for n in range(weeks)
    )
    answers = {str(i): 0 for i in range(1, 11)}
    screenings = 0
    for _ in range(0, weeks, 4):
        wellbeing.submit(user, family, "epds", answers, finish=True)
        screenings += 1
    return user, weeks + screenings


def timed(runs: int, work: Callable[[], bytes]) -> tuple[list[float], list[float], int]:
    """Wall-clock and CPU milliseconds of each run: on a shared machine the CPU time is the
    steadier figure (the wall clock also counts waiting for a core)."""
    timings, cpu, size = [], [], 0
    for _ in range(runs):
        started, started_cpu = time.perf_counter(), time.process_time()
        size = len(work())
        timings.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    return timings, cpu, size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pdf", help="also write the year's PDF to this path")
    args = parser.parse_args()
    year = _year_builder()
    with tempfile.TemporaryDirectory(prefix="ft-bench-reports-") as data_dir:
        year.setup_django(data_dir)
        from django.utils import timezone

        from firsttouch.portability import export, fhir
        from firsttouch.reports.pdf import baby_summary_pdf

        zone = ZoneInfo(year.TZ)
        now = timezone.now()
        baby, events = year.build_year(now.astimezone(zone).date())
        user, extra = add_family_records(baby)
        family = baby.family
        print(f"{events} logged events for one baby, plus {extra} weights and screenings")

        def pdf() -> bytes:
            return baby_summary_pdf(baby, zone, now)

        def csv_zip() -> bytes:
            return export.export_zip(user, family)

        def fhir_bundle() -> bytes:
            # What the download view sends: the bundle built, validated and serialised.
            return fhir.serialise(fhir.bundle(user, family))

        if args.pdf:
            Path(args.pdf).write_bytes(pdf())
        for label, work in (
            ("PDF for the doctor", pdf),
            ("CSV zip export", csv_zip),
            ("FHIR R4 bundle export", fhir_bundle),
        ):
            timings, cpu, size = timed(args.runs, work)
            print(
                f"{label}: median {statistics.median(timings):.0f} ms "
                f"(runs: {', '.join(f'{t:.0f}' for t in timings)}; CPU median "
                f"{statistics.median(cpu):.0f} ms), {size / 1024:.0f} KiB "
                "(target under 2000 ms)"
            )


if __name__ == "__main__":
    main()
