"""Time the staff caseload for 2,000 families (issue 11: the page under 200 ms of server time).

Builds a fresh SQLite database in a temporary directory: 2,000 families that share everything
with one clinic, each with a mother, a baby and a week of data (a massage session a day, three
sleeps, six nappies and a note a day, an EPDS, an alert for one family in ten), about 150,000
rows through bulk_create. Then times, interleaved over ``--runs`` rounds after one warm-up:

- the service alone (``caseload()``: every family's figures, sorted by family);
- the page (``/staff/<org>/caseload/``, sorted by latest EPDS band, worst first) through
  Django's test Client: the whole request (middleware, the two-factor guard, the service, the
  100 rows of the first page, their 100 access-log rows, the template), no web server in
  front; sorted by band, only the page's families need their activity read;
- the page sorted by last activity, newest first, which needs every family's;
- one family's timeline (``/staff/<org>/families/<id>/timeline/``, its first 50 items).

Prints the median and 95th percentile of each (wall time), the median CPU time of this
process (steadier on a shared machine: SQLite runs in-process, so it counts the database's
work too) and the queries per call.

    .venv/bin/python bench/caseload.py [--runs 20] [--families 2000]

A measurement, never a test; the figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EVERYTHING = {"massage_sessions": True, "baby_logs": True, "screenings_mood": True, "notes": True}


def setup_django(data_dir: str) -> None:
    os.environ["FIRSTTOUCH_DATA_DIR"] = data_dir
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "firsttouch.settings")
    sys.path.insert(0, str(ROOT))
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def build(families: int) -> tuple[Any, list[int]]:
    """The clinic and its families' ids; every row through bulk_create."""
    from django.utils import timezone

    from firsttouch.accounts.models import Family, Membership, Role, User
    from firsttouch.babies.models import Baby
    from firsttouch.massage.models import MassageSession
    from firsttouch.programs.models import Alert, Consent, Organisation
    from firsttouch.tracking.models import Nappy, Note, Sleep
    from firsttouch.wellbeing.models import Response, Status

    now = timezone.now()
    clinic = Organisation.objects.create(name="Bench clinic", contact_email="t@bench.test")
    fams = Family.objects.bulk_create(
        Family(name=f"Family {i:04d}", time_zone="Europe/London") for i in range(families)
    )
    users = User.objects.bulk_create(
        User(username=f"m{i}@bench.test", email=f"m{i}@bench.test", password="!")
        for i in range(families)
    )
    Membership.objects.bulk_create(
        Membership(user=u, family=f, role=Role.MOTHER, is_admin=True)
        for u, f in zip(users, fams, strict=True)
    )
    babies = Baby.objects.bulk_create(
        Baby(family=f, name="Baby", birth_date=(now - timedelta(days=60)).date()) for f in fams
    )
    Consent.objects.bulk_create(
        Consent(caregiver=u, family=f, organisation=clinic, consent_version="1", **EVERYTHING)
        for u, f in zip(users, fams, strict=True)
    )
    sessions, sleeps, nappies, notes = [], [], [], []
    for baby in babies:
        for day in range(7):
            base = now - timedelta(days=day, hours=1)
            sessions.append(
                MassageSession(baby=baby, started_at=base, ended_at=base + timedelta(minutes=15))
            )
            for k in range(3):
                start = base - timedelta(hours=2 + 6 * k)
                sleeps.append(Sleep(baby=baby, start=start, end=start + timedelta(hours=1)))
            nappies += [
                Nappy(baby=baby, time=base - timedelta(hours=h), wet=True) for h in range(6)
            ]
            notes.append(Note(baby=baby, time=base, notes="A calm evening"))
    for model, rows in (
        (MassageSession, sessions),
        (Sleep, sleeps),
        (Nappy, nappies),
        (Note, notes),
    ):
        model.objects.bulk_create(rows, batch_size=2000)  # type: ignore[attr-defined]
    responses = Response.objects.bulk_create(
        Response(
            family=f,
            respondent=u,
            instrument_id="epds",
            instrument_version="1",
            status=Status.COMPLETE,
            completed_at=now - timedelta(days=i % 7),
            total=i % 25,
            band=("below", "possible", "probable")[(i % 25 >= 11) + (i % 25 >= 13)],
        )
        for i, (u, f) in enumerate(zip(users, fams, strict=True))
    )
    Alert.objects.bulk_create(
        Alert(organisation=clinic, respondent=u, response_id=r.pk)
        for i, (u, r) in enumerate(zip(users, responses, strict=True))
        if i % 10 == 0
    )
    return clinic, [f.pk for f in fams]


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_cases(cases: dict[str, Callable[[], None]], runs: int) -> None:
    """Run each case once (warm-up, counting its queries), then ``runs`` rounds interleaved;
    print a Markdown table of wall median and p95, the median CPU time of this process and
    the queries per call."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    times: dict[str, list[float]] = {name: [] for name in cases}
    cpu: dict[str, list[float]] = {name: [] for name in cases}
    queries: dict[str, int] = {}
    for name, run in cases.items():
        with CaptureQueriesContext(connection) as seen:
            run()
        queries[name] = len(seen)
    for _ in range(runs):
        for name, run in cases.items():
            t0, c0 = time.perf_counter(), time.process_time()
            run()
            times[name].append((time.perf_counter() - t0) * 1000)
            cpu[name].append((time.process_time() - c0) * 1000)
    print(f"load average {os.getloadavg()[0]:.1f}; {runs} runs each")
    print("| what | median ms | p95 ms | CPU ms (median) | queries |")
    print("|---|---|---|---|---|")
    for name, values in times.items():
        print(
            f"| {name} | {statistics.median(values):.0f} | "
            f"{_percentile(values, 0.95):.0f} | {statistics.median(cpu[name]):.0f} | "
            f"{queries[name]} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--families", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ft-bench-caseload-") as data_dir:
        setup_django(data_dir)
        from django.urls import reverse

        from firsttouch.programs.caseload import caseload
        from firsttouch.programs.models import StaffRole
        from tests.staff import make_staff, verified_client

        started = time.perf_counter()
        clinic, family_ids = build(args.families)
        print(f"built {args.families} families in {time.perf_counter() - started:.1f} s")
        nurse = make_staff(clinic, "nurse@bench.test", "Nina Nurse", StaffRole.CLINICIAN)
        client = verified_client(nurse)
        client.defaults["HTTP_HOST"] = "localhost"
        page_url = reverse("staff:caseload", args=[clinic.pk]) + "?sort=band"
        timeline_url = reverse("staff:timeline", args=[clinic.pk, family_ids[0]])

        def service() -> None:
            assert len(caseload(clinic)) == args.families

        def page() -> None:
            reply = client.get(page_url)
            assert reply.status_code == 200, reply.status_code

        def page_by_activity() -> None:
            reply = client.get(page_url.replace("sort=band", "sort=-activity"))
            assert reply.status_code == 200, reply.status_code

        def timeline() -> None:
            reply = client.get(timeline_url)
            assert reply.status_code == 200, reply.status_code

        cases: dict[str, Callable[[], None]] = {
            "caseload() service": service,
            "caseload page (by EPDS band)": page,
            "caseload page (by last activity)": page_by_activity,
            "timeline page": timeline,
        }
        time_cases(cases, args.runs)


if __name__ == "__main__":
    main()
