"""An organisation's caseload: one row per family that shares with it, within its consent.

A row holds the family's name (the minimum an organisation sees of a family that chose to
share with it, as the course roster already shows it), which categories are shared, and only
what those categories allow: the latest EPDS band of a caregiver who shares her own
screenings, massage practice when massage sessions are shared, and the last activity among the
shared categories. Open alerts are the organisation's own records and are counted for every
row. See docs/decisions/0007-caseload.md.

Every figure is aggregated in SQL per family (grouped queries keyed by family id), so the
number of queries does not grow with the number of families: 2,000 families cost the same
handful of queries as 3.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, get_args

from django.db.models import Case, Count, F, Max, OuterRef, Q, QuerySet, Subquery, Value, When
from django.utils import timezone

from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import ENTRY_MODELS, Entry, IntervalEntry, Note
from firsttouch.wellbeing.models import Response, Status
from firsttouch.wellbeing.scoring import Band
from firsttouch.wellbeing.services import EPDS

from .models import Alert, Consent, ConsentCategory, Organisation, StaffMembership, StaffRole

MASSAGE = ConsentCategory.MASSAGE_SESSIONS.value
LOGS = ConsentCategory.BABY_LOGS.value
SCREENINGS = ConsentCategory.SCREENINGS_MOOD.value
NOTES = ConsentCategory.NOTES.value

# The bands wellbeing's ``band_for`` gives (its cut-offs are settings; none are repeated here).
BANDS: tuple[str, ...] = get_args(Band)
# Worst first, for sorting by band: probable, possible, below, then no screening.
BAND_RANK = {"probable": 0, "possible": 1, "below": 2}

# A clinical overview (screening bands, alerts) for the people who act on it; class leaders have
# their course rosters, researchers never see a family (docs/decisions/0007-caseload.md).
CASELOAD_ROLES = frozenset({StaffRole.CLINICIAN, StaffRole.ORG_ADMIN})

SORT_KEYS = ("family", "band", "week", "month", "alerts", "activity")
DEFAULT_SORT = "family"


def sees_caseload(membership: StaffMembership) -> bool:
    return membership.role in CASELOAD_ROLES


class CaseloadError(ValueError):
    """A sort or filter that does not exist; the message says what to use instead."""


@dataclass(frozen=True)
class CourseTarget:
    """A family's current course with the organisation, as the courses app reports it."""

    title: str
    weekly_target: int


@dataclass(frozen=True)
class CaseloadFilters:
    category: str = ""
    band: str = ""
    open_alerts: bool = False
    search: str = ""

    def check(self) -> None:
        if self.category and self.category not in {c.value for c in ConsentCategory}:
            raise CaseloadError("Choose a shared category from the list.")
        if self.band and self.band not in BANDS:
            raise CaseloadError(f"Choose an EPDS band: {', '.join(BANDS)}.")


@dataclass
class CaseloadRow:
    """One family. ``None`` means "not shared", which the page shows differently from 0."""

    family_id: int
    label: str
    categories: set[str] = field(default_factory=set)
    epds_band: str | None = None
    epds_at: datetime | None = None
    sessions_week: int | None = None
    sessions_month: int | None = None
    course: CourseTarget | None = None
    open_alerts: int = 0
    last_activity: datetime | None = None

    @property
    def shares_screenings(self) -> bool:
        return SCREENINGS in self.categories

    @property
    def shares_massage(self) -> bool:
        return MASSAGE in self.categories

    def seen(self, moment: datetime | None) -> None:
        if moment is not None and (self.last_activity is None or moment > self.last_activity):
            self.last_activity = moment


# --- the course hook: courses depends on programs, so it registers itself here -------------

CourseLookup = Callable[[Organisation, "QuerySet[Any]"], dict[int, CourseTarget]]
_course_lookups: list[CourseLookup] = []


def register_course_lookup(lookup: CourseLookup) -> None:
    """Called by ``courses`` at start-up: programs may not import courses (no import cycles),
    so the app above hands over the one function that answers "which course is each of these
    families in, with what weekly target" in one query."""
    if lookup not in _course_lookups:
        _course_lookups.append(lookup)


# --- the queries, each one per page whatever the number of families -------------------------


def sharing_consents(organisation: Organisation) -> QuerySet[Consent]:
    """Active consents of caregivers still in the family they consented for (as
    ``consented_categories`` counts them), for every family at once."""
    return Consent.objects.active().filter(
        organisation=organisation,
        family__isnull=False,
        caregiver__membership__family=F("family"),
    )


def families_sharing(organisation: Organisation, category: str) -> QuerySet[Any]:
    """The ids of the families sharing ``category``, as a subquery (no id list in Python, so
    no limit on the number of families a query may name)."""
    return sharing_consents(organisation).filter(**{category: True}).values("family_id")


def open_alerts_by_family(organisation: Organisation, families: QuerySet[Any]) -> dict[int, int]:
    """Unacknowledged alerts of the organisation per family, through the respondent's current
    family. The one place that says how an alert finds its family: switch it here if alerts
    come to carry the family themselves."""
    rows = (
        Alert.objects.filter(
            organisation=organisation,
            acknowledged_at__isnull=True,
            respondent__membership__family_id__in=families,
        )
        .values("respondent__membership__family_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["respondent__membership__family_id"]: r["n"] for r in rows}


def _latest_epds() -> Subquery:
    return Subquery(
        Response.objects.filter(
            respondent=OuterRef("caregiver_id"), instrument_id=EPDS, status=Status.COMPLETE
        )
        .order_by("-completed_at", "-pk")
        .values("pk")[:1]
    )


def _consent_rows(organisation: Organisation) -> list[dict[str, Any]]:
    """Each sharing caregiver's categories, with her latest EPDS id only when she shares her
    own screenings (the database never hands back another caregiver's)."""
    latest = Case(When(screenings_mood=True, then=_latest_epds()), default=Value(None))
    return list(
        sharing_consents(organisation)
        .annotate(latest_epds=latest)
        .values("family_id", "family__name", *[c.value for c in ConsentCategory], "latest_epds")
    )


def _massage_counts(
    organisation: Organisation, now: datetime
) -> dict[int, tuple[int, int, datetime | None]]:
    week, month = now - timedelta(days=7), now - timedelta(days=28)
    rows = (
        MassageSession.objects.filter(
            baby__family_id__in=families_sharing(organisation, MASSAGE), ended_at__isnull=False
        )
        .values("baby__family_id")
        .annotate(
            week=Count("pk", filter=Q(started_at__gte=week, started_at__lte=now)),
            month=Count("pk", filter=Q(started_at__gte=month, started_at__lte=now)),
            last=Max("started_at"),
        )
        .order_by()
    )
    return {r["baby__family_id"]: (r["week"], r["month"], r["last"]) for r in rows}


def _time_field(model: type[Entry]) -> str:
    return "start" if issubclass(model, IntervalEntry) else "time"


def _last_logged(organisation: Organisation, categories: set[str]) -> dict[int, datetime]:
    """The latest entry per family, over the baby's logs and notes as each is shared: one
    UNION ALL of grouped queries."""
    parts: list[QuerySet[Any]] = []
    for model in ENTRY_MODELS.values():
        category = NOTES if model is Note else LOGS
        if category not in categories:
            continue
        parts.append(
            model.objects.filter(baby__family_id__in=families_sharing(organisation, category))
            .values("baby__family_id")
            .annotate(last=Max(_time_field(model)))
            .order_by()
        )
    if not parts:
        return {}
    found: dict[int, datetime] = {}
    for family_id, last in (
        parts[0].union(*parts[1:], all=True).values_list("baby__family_id", "last")
    ):
        if last is not None and (family_id not in found or last > found[family_id]):
            found[family_id] = last
    return found


def _screenings(ids: Iterable[int]) -> dict[int, tuple[str, datetime | None]]:
    wanted = [i for i in ids if i is not None]
    if not wanted:
        return {}
    return {
        pk: (band, at)
        for pk, band, at in Response.objects.filter(pk__in=wanted).values_list(
            "pk", "band", "completed_at"
        )
    }


def _course_targets(organisation: Organisation) -> dict[int, CourseTarget]:
    found: dict[int, CourseTarget] = {}
    for lookup in _course_lookups:
        found.update(lookup(organisation, families_sharing(organisation, MASSAGE)))
    return found


def _rows(organisation: Organisation, now: datetime) -> list[CaseloadRow]:
    rows: dict[int, CaseloadRow] = {}
    epds_of: dict[int, list[int]] = {}
    for consent in _consent_rows(organisation):
        row = rows.setdefault(
            consent["family_id"],
            CaseloadRow(family_id=consent["family_id"], label=consent["family__name"]),
        )
        row.categories |= {c.value for c in ConsentCategory if consent[c.value]}
        if consent[SCREENINGS] and consent["latest_epds"] is not None:
            epds_of.setdefault(row.family_id, []).append(consent["latest_epds"])
    if not rows:
        return []
    shared = set().union(*(r.categories for r in rows.values()))
    screenings = _screenings(pk for ids in epds_of.values() for pk in ids)
    massage = _massage_counts(organisation, now) if MASSAGE in shared else {}
    logged = _last_logged(organisation, shared)
    alerts = open_alerts_by_family(organisation, sharing_consents(organisation).values("family_id"))
    courses = _course_targets(organisation) if MASSAGE in shared else {}
    for row in rows.values():
        row.open_alerts = alerts.get(row.family_id, 0)
        if row.shares_screenings:
            latest = max(
                (screenings[pk] for pk in epds_of.get(row.family_id, []) if pk in screenings),
                key=lambda s: s[1] or datetime.min.replace(tzinfo=now.tzinfo),
                default=None,
            )
            if latest is not None:
                row.epds_band, row.epds_at = latest
                row.seen(latest[1])
            else:
                row.epds_band = ""
        if row.shares_massage:
            week, month, last = massage.get(row.family_id, (0, 0, None))
            row.sessions_week, row.sessions_month = week, month
            row.course = courses.get(row.family_id)
            row.seen(last)
        row.seen(logged.get(row.family_id))
    return list(rows.values())


# --- filtering and sorting (in Python: the rows are already one per family) -----------------


def _matches(row: CaseloadRow, filters: CaseloadFilters) -> bool:
    if filters.category and filters.category not in row.categories:
        return False
    if filters.band and row.epds_band != filters.band:
        return False
    if filters.open_alerts and not row.open_alerts:
        return False
    return not filters.search or filters.search.strip().casefold() in row.label.casefold()


def _sort_key(name: str) -> Callable[[CaseloadRow], Any]:
    """Each key puts "not shared" or "never" last whichever way the column is sorted."""
    if name == "family":
        return lambda r: (r.label.casefold(), r.family_id)
    if name == "band":
        return lambda r: BAND_RANK.get(r.epds_band or "", 9)
    if name == "week":
        return lambda r: -1 if r.sessions_week is None else r.sessions_week
    if name == "month":
        return lambda r: -1 if r.sessions_month is None else r.sessions_month
    if name == "alerts":
        return lambda r: r.open_alerts
    return lambda r: r.last_activity.timestamp() if r.last_activity else float("-inf")


def parse_sort(raw: str) -> tuple[str, bool]:
    """``"-activity"`` → ("activity", descending). An unknown column is an error, not ignored."""
    raw = raw or DEFAULT_SORT
    descending = raw.startswith("-")
    name = raw.lstrip("-")
    if name not in SORT_KEYS:
        raise CaseloadError(f"Sort by one of: {', '.join(SORT_KEYS)}.")
    return name, descending


def caseload(
    organisation: Organisation,
    *,
    sort: str = DEFAULT_SORT,
    filters: CaseloadFilters | None = None,
    now: datetime | None = None,
) -> list[CaseloadRow]:
    """Every family with an active consent to ``organisation``, filtered and sorted.

    ``sort`` is a column of ``SORT_KEYS``, with ``-`` for descending; ties keep the family
    order. Raises ``CaseloadError`` for an unknown sort or filter value.
    """
    filters = filters or CaseloadFilters()
    filters.check()
    name, descending = parse_sort(sort)
    rows = [r for r in _rows(organisation, now or timezone.now()) if _matches(r, filters)]
    rows.sort(key=_sort_key("family"))
    if name != "family" or descending:
        rows.sort(key=_sort_key(name), reverse=descending)
    if name in {"band", "week", "month", "activity"} and descending:
        # "Not shared" stays at the bottom when the column is reversed too.
        rows.sort(key=lambda r: _unshared(r, name))
    return rows


def _unshared(row: CaseloadRow, name: str) -> bool:
    if name == "band":
        return not row.epds_band
    if name in {"week", "month"}:
        return row.sessions_week is None
    return row.last_activity is None
