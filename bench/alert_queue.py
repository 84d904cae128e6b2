"""Time the organisation's alert queue (issue 11: the queue under 100 ms of server time).

Builds a fresh SQLite database in a temporary directory: one clinic with ``--families``
families sharing with it, and a year of alerts: ``--alerts`` in all (default 20,000, of every
kind and priority), most resolved, a few hundred acknowledged and a few hundred open, as a
busy service would have after a year. Then times, interleaved over ``--runs`` rounds after one
warm-up:

- the queue page (``/staff/<org>/alerts/``, open first, urgent first) through Django's test
  Client: the whole request (middleware, the two-factor guard, the query, the template);
- the same page filtered to open urgent alerts;
- the API's list (``GET /api/v1/staff/organisations/<org>/alerts``, its first page), with a
  staff token that proved the second factor;
- one alert's page (its read writes one access-log row).

Prints the median and 95th percentile of each (wall time), the median CPU time of this
process (SQLite runs in-process, so it counts the database's work too) and the queries.

    .venv/bin/python bench/alert_queue.py [--runs 20] [--alerts 20000] [--families 2000]

A measurement, never a test; the figures go in bench/README.md.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from caseload import EVERYTHING, setup_django, time_cases


def build(families: int, alerts: int) -> tuple[Any, int]:
    """The clinic and the id of one open urgent alert; every row through bulk_create."""
    from django.utils import timezone

    from firsttouch.accounts.models import Family, Membership, Role, User
    from firsttouch.programs.models import Alert, AlertKind, AlertPriority, Consent, Organisation

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
    Consent.objects.bulk_create(
        Consent(caregiver=u, family=f, organisation=clinic, consent_version="2", **EVERYTHING)
        for u, f in zip(users, fams, strict=True)
    )
    kinds = list(AlertKind)
    rows = []
    for i in range(alerts):
        kind = kinds[i % len(kinds)]
        created = now - timedelta(minutes=i * 26)  # a year, spread evenly
        age = i / alerts
        row = Alert(
            organisation=clinic,
            kind=kind,
            priority=(
                AlertPriority.URGENT
                if kind == AlertKind.URGENT_SELF_HARM
                else AlertPriority.ROUTINE
            ),
            respondent=users[i % families],
            family_id=fams[i % families].pk,
            created_at=created,
        )
        if age > 0.02:  # all but the newest 2 % are resolved
            row.acknowledged_at = created + timedelta(minutes=20)
            row.resolved_at = created + timedelta(days=1)
            row.resolution_note = "Called, seen by the health visitor."
        elif age > 0.01:
            row.acknowledged_at = created + timedelta(minutes=20)
        rows.append(row)
    made = Alert.objects.bulk_create(rows, batch_size=2000)
    return clinic, made[0].pk


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--alerts", type=int, default=20000)
    parser.add_argument("--families", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ft-bench-queue-") as data_dir:
        setup_django(data_dir)
        from django.test import Client
        from django.urls import reverse
        from django.utils import timezone

        from firsttouch.accounts.models import ApiToken
        from firsttouch.programs.models import StaffRole
        from tests.staff import make_staff, verified_client

        started = time.perf_counter()
        clinic, open_alert = build(args.families, args.alerts)
        print(
            f"built {args.alerts} alerts of {args.families} families in "
            f"{time.perf_counter() - started:.1f} s"
        )
        nurse = make_staff(clinic, "nurse@bench.test", "Nina Nurse", StaffRole.CLINICIAN)
        client = verified_client(nurse)
        client.defaults["HTTP_HOST"] = "localhost"
        _, raw = ApiToken.issue(nurse, "Bench", second_factor_at=timezone.now())
        api = Client(HTTP_HOST="localhost", HTTP_AUTHORIZATION=f"Bearer {raw}")
        queue_url = reverse("staff:alerts", args=[clinic.pk])
        api_url = f"/api/v1/staff/organisations/{clinic.pk}/alerts"
        alert_url = reverse("staff:alert", args=[clinic.pk, open_alert])

        def get(on: Client, url: str) -> Callable[[], None]:
            def run() -> None:
                reply = on.get(url)
                assert reply.status_code == 200, (url, reply.status_code)

            return run

        cases: dict[str, Callable[[], None]] = {
            "queue page": get(client, queue_url),
            "queue page (open, urgent)": get(client, queue_url + "?status=open&priority=urgent"),
            "API list (first page)": get(api, api_url),
            "one alert's page": get(client, alert_url),
        }
        time_cases(cases, args.runs)


if __name__ == "__main__":
    main()
