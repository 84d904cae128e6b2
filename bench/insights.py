"""Time every insight for a baby with a year of data (issue #4: under 100 ms of server time).

Builds a fresh SQLite database in a temporary directory, fills one baby's year with about
15,000 logged events (sleep, crying, feeds, nappies, gas, massage sessions) through
bulk_create, then times ``baby_insights`` + ``baby_responses`` and prints the median of 5 runs.

    .venv/bin/python bench/insights.py [--runs 5]

A measurement, never a test; the figure goes in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
TZ = "Europe/London"


def setup_django(data_dir: str) -> None:
    os.environ["FIRSTTOUCH_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firsttouch.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build_year(today: date) -> tuple[object, int]:
    """One baby, 365 days: ~41 events a day. Returns the baby and the number of events."""
    from firsttouch.accounts.models import Family
    from firsttouch.babies.models import Baby
    from firsttouch.massage.models import MassageSession
    from firsttouch.tracking.models import Crying, Feed, GasEpisode, Nappy, Sleep

    zone = ZoneInfo(TZ)
    rng = random.Random(4)
    family = Family.objects.create(name="Bench", time_zone=TZ)
    baby = Baby.objects.create(
        family=family,
        name="Ava",
        birth_date=today - timedelta(days=380),
        usual_bedtime=clock(19, 30),
    )

    def at(day: date, hour: float) -> datetime:
        base = datetime.combine(day, clock(0), tzinfo=zone)
        return (base + timedelta(hours=hour)).astimezone(UTC)

    rows: dict[type, list] = {
        m: [] for m in (Sleep, Crying, Feed, Nappy, GasEpisode, MassageSession)
    }
    for n in range(365, 0, -1):
        day = today - timedelta(days=n)
        # Night in three parts from 19:45 to ~06:30, plus naps: 7 sleeps a day.
        edges = [19.75, 23.5, 23.8, 3.5 + 24, 3.8 + 24, 6.5 + 24]
        for start, end in zip(edges[::2], edges[1::2], strict=True):
            rows[Sleep].append(Sleep(baby=baby, start=at(day, start), end=at(day, end)))
        for nap in (8.5, 10.5, 12.5, 15.0, 17.0):
            rows[Sleep].append(
                Sleep(baby=baby, start=at(day, nap), end=at(day, nap + 0.4 + rng.random() * 0.8))
            )
        for cry in (7.0, 8.0, 11.0, 14.0, 16.0, 18.5):
            rows[Crying].append(
                Crying(baby=baby, start=at(day, cry), end=at(day, cry + rng.random() * 0.3 + 0.05))
            )
        for hour in range(0, 24, 2):
            rows[Feed].append(
                Feed(
                    baby=baby,
                    kind="bottle",
                    amount_ml=120,
                    start=at(day, hour + 0.6),
                    end=at(day, hour + 0.9),
                )
            )
        for hour in (1.0, 3.0, 5.0, 7.0, 9.0, 11.0, 13.0, 16.0, 19.0, 22.0):
            rows[Nappy].append(
                Nappy(baby=baby, wet=True, dirty=hour < 8, time=at(day, hour + 0.95))
            )
        rows[GasEpisode].extend(GasEpisode(baby=baby, time=at(day, h)) for h in (6.2, 14.2, 20.2))
        if rng.random() < 0.6:
            rows[MassageSession].append(
                MassageSession(
                    baby=baby,
                    routine_slug="bedtime-wind-down",
                    started_at=at(day, 19.2),
                    ended_at=at(day, 19.45),
                    steps_completed=6,
                    state_before="fussy",
                    state_after="drowsy",
                    cues=["smiling"],
                )
            )
    total = 0
    for model, objs in rows.items():
        model.objects.bulk_create(objs, batch_size=2000)
        total += len(objs)
    return baby, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ft-bench-insights-") as data_dir:
        setup_django(data_dir)
        from django.utils import timezone

        from firsttouch.insights.enjoyment import baby_responses
        from firsttouch.insights.services import baby_insights

        now = timezone.now()
        baby, events = build_year(now.astimezone(ZoneInfo(TZ)).date())
        timings = []
        for _ in range(args.runs):
            started = time.perf_counter()
            insights = baby_insights(baby, TZ, now=now)  # type: ignore[arg-type]
            baby_responses(baby)  # type: ignore[arg-type]
            timings.append((time.perf_counter() - started) * 1000)
        compared = insights.comparisons[0].with_n + insights.comparisons[0].without_n
        print(f"{events} events, {len(insights.days)} days measured, {compared} compared")
        print("runs (ms): " + ", ".join(f"{t:.0f}" for t in timings))
        print(f"median: {statistics.median(timings):.0f} ms")


if __name__ == "__main__":
    main()
