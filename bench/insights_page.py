"""Time the insights page for a baby with a year of data (issue #4: under 100 ms of server time).

Builds a fresh SQLite database in a temporary directory with the same year as
``bench/insights.py`` (one baby, about 15,000 logged events through bulk_create), logs a mother
of that family in, then renders ``/insights/<baby_id>/`` through Django's test Client: the
whole request (middleware, session, the view, the template and its SVG charts), without a
network or a web server in front. Prints the median and 95th percentile of ``--runs`` renders
after one warm-up, with the process's CPU time and the queries per render, twice: with the
cache emptied before the render (the first view after something was logged: everything is
computed) and right after it (the page viewed again: the cached insights are reused). Each
round also times the computation alone (``baby_insights`` + ``baby_responses``); the three
are interleaved so they share the load of the moment on this shared machine.

    .venv/bin/python bench/insights_page.py [--runs 20]

A measurement, never a test; the figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import tempfile
import time
from pathlib import Path
from types import ModuleType
from zoneinfo import ZoneInfo

HERE = Path(__file__).resolve().parent


def _year_builder() -> ModuleType:
    """bench/insights.py, loaded by path: the same year of data, built the same way."""
    spec = importlib.util.spec_from_file_location("bench_insights", HERE / "insights.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    year = _year_builder()
    with tempfile.TemporaryDirectory(prefix="ft-bench-insights-page-") as data_dir:
        year.setup_django(data_dir)
        from django.core.cache import cache
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext
        from django.urls import reverse
        from django.utils import timezone

        from firsttouch.accounts.models import Membership, Role, User
        from firsttouch.insights.enjoyment import baby_responses
        from firsttouch.insights.services import baby_insights

        now = timezone.now()
        baby, events = year.build_year(now.astimezone(ZoneInfo(year.TZ)).date())
        user = User.objects.create_user(
            username="bench@example.com", email="bench@example.com", first_name="Bench"
        )
        Membership.objects.create(user=user, family=baby.family, role=Role.MOTHER, is_admin=True)
        # No setup_test_environment(): it instruments every template render for the test
        # client's benefit, which a server does not pay. "localhost" is an allowed host.
        client = Client(HTTP_HOST="localhost")
        client.force_login(user)
        url = reverse("insights:baby", args=[baby.pk])
        first = client.get(url)  # warm-up: templates, the content library, the session
        assert first.status_code == 200, first.status_code
        assert b"Is the evening massage helping?" in first.content

        def render() -> tuple[float, float, int]:
            """Wall and CPU milliseconds and the queries of one request for the page."""
            with CaptureQueriesContext(connection) as captured:
                started, started_cpu = time.perf_counter(), time.process_time()
                response = client.get(url)
                wall = (time.perf_counter() - started) * 1000
                cpu = (time.process_time() - started_cpu) * 1000
            assert response.status_code == 200
            return wall, cpu, len(captured)

        # Interleaved, so the three figures of a round share the machine's load of the moment.
        cold: list[tuple[float, float, int]] = []
        warm: list[tuple[float, float, int]] = []
        computing: list[float] = []
        for _ in range(args.runs):
            cache.clear()  # as if something had just been logged: everything is computed
            cold.append(render())
            warm.append(render())  # viewed again: the cached insights are reused
            started = time.perf_counter()
            baby_insights(baby, year.TZ, now=timezone.now())
            baby_responses(baby)
            computing.append((time.perf_counter() - started) * 1000)

        print(
            f"{events} events; page of {len(first.content) // 1024} KiB; "
            f"{args.runs} renders after a warm-up"
        )
        for name, rounds in (
            ("first view after logging (computed)", cold),
            ("viewed again (cached insights)", warm),
        ):
            wall = [r[0] for r in rounds]
            cpu = [r[1] for r in rounds]
            queries = {r[2] for r in rounds}
            print(
                f"page, {name}: best {min(wall):.0f} ms, median "
                f"{statistics.median(wall):.0f} ms, p95 {_percentile(wall, 0.95):.0f} ms "
                f"(CPU median {statistics.median(cpu):.0f} ms), queries {sorted(queries)}"
            )
        print(
            f"computation alone (baby_insights + baby_responses): best {min(computing):.0f} "
            f"ms, median {statistics.median(computing):.0f} ms, p95 "
            f"{_percentile(computing, 0.95):.0f} ms"
        )
        print(
            "On a shared machine the best of the runs is the figure closest to the code's own "
            "cost; the median and p95 add the neighbours' load."
        )


if __name__ == "__main__":
    main()
