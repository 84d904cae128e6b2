"""The audit log of staff reads: one function writes it, the family and the admins read it.

Every staff page or route that shows family data calls ``record_access`` exactly once per
read, after checking consent and before rendering, so a read that is not logged cannot
happen. The log is append-only (see ``AccessLog``).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.utils import timezone

from firsttouch.accounts.models import Family, User
from firsttouch.portability.export import neutralise

from .models import AccessLog, Organisation

# How many reads the family's "who looked at my data" list shows (newest first).
FAMILY_VIEW_LIMIT = 50


def record_access(
    *,
    staff: User,
    organisation: Organisation,
    family: Family,
    categories: Iterable[str],
    what: str,
    why: str,
) -> AccessLog:
    """Write one audit row: who read which categories of which family, what and why."""
    return AccessLog.objects.create(
        staff=staff,
        organisation=organisation,
        family_id=family.pk,
        categories=",".join(sorted(set(categories))),
        what=what[:200],
        why=why[:200],
        at=timezone.now(),
    )


def record_caseload_access(
    *,
    staff: User,
    organisation: Organisation,
    shown: Iterable[tuple[int, Iterable[str]]],
    what: str,
    why: str,
) -> list[AccessLog]:
    """One row per family listed on a caseload page, written together (``bulk_create``).

    A caseload shows each family's data (its screening band, its practice), so each listed
    family gets its own row: every family's "who looked" list then tells the truth.
    ``shown`` is (family id, the categories shown for it) for each row on the page.
    """
    now = timezone.now()
    return AccessLog.objects.bulk_create(
        AccessLog(
            staff=staff,
            organisation=organisation,
            family_id=family_id,
            categories=",".join(sorted(set(categories))),
            what=what[:200],
            why=why[:200],
            at=now,
        )
        for family_id, categories in shown
    )


def reads_of(family: Family, limit: int = FAMILY_VIEW_LIMIT) -> list[AccessLog]:
    """Who looked at this family's data, newest first: for the family's own page."""
    return list(
        AccessLog.objects.filter(family_id=family.pk)
        .select_related("staff", "organisation")
        .order_by("-at", "-pk")[:limit]
    )


CSV_HEADER = [
    "at",
    "staff",
    "staff_email",
    "organisation",
    "family_id",
    "categories",
    "what",
    "why",
]


def export_csv(organisation: Organisation) -> str:
    """The organisation's whole log as CSV, for its admins.

    Text cells go through the export's ``neutralise``: a staff name typed as a formula must not
    run when the file is opened in a spreadsheet.
    """
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    rows = (
        AccessLog.objects.filter(organisation=organisation)
        .select_related("staff")
        .order_by("at", "pk")
    )
    for row in rows.iterator():
        writer.writerow(
            [
                row.at.isoformat(),
                neutralise(row.staff.get_full_name()),
                neutralise(row.staff.email),
                neutralise(organisation.name),
                str(row.family_id),
                row.categories,
                neutralise(row.what),
                neutralise(row.why),
            ]
        )
    return out.getvalue()
