"""An organisation's caseload: one row per family that shares with it, within its consent.

A row holds the family's name (the minimum an organisation sees of a family that chose to
share with it, as the course roster already shows it), which categories are shared, and only
what those categories allow: the latest EPDS band of a caregiver who shares her own
screenings, massage practice when massage sessions are shared, and the last activity among the
shared categories. Open alerts are the organisation's own records and are counted for every
row. See docs/decisions/0008-caseload.md.

Every figure is aggregated in SQL per family (grouped queries keyed by family id), so the
number of queries does not grow with the number of families: 2,000 families cost the same
handful of queries as 3.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, get_args

from django.core.paginator import Page, Paginator
from django.db.models import (
    Case,
    Count,
    F,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from firsttouch.accounts.models import User
from firsttouch.babies.models import Baby
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import ENTRY_MODELS, Entry, IntervalEntry, Note
from firsttouch.wellbeing.models import Response, Status
from firsttouch.wellbeing.scoring import Band
from firsttouch.wellbeing.services import EPDS

from . import audit
from .models import Alert, Consent, ConsentCategory, Organisation, StaffMembership, StaffRole

MASSAGE = ConsentCategory.MASSAGE_SESSIONS.value
LOGS = ConsentCategory.BABY_LOGS.value
SCREENINGS = ConsentCategory.SCREENINGS_MOOD.value
NOTES = ConsentCategory.NOTES.value

CATEGORY_VALUES: tuple[str, ...] = tuple(c.value for c in ConsentCategory)
# The table's column is narrow: the consent form's labels, shortened.
SHORT_LABELS = {
    MASSAGE: gettext_lazy("massage"),
    LOGS: gettext_lazy("baby's logs"),
    SCREENINGS: gettext_lazy("screenings"),
    NOTES: gettext_lazy("notes"),
}
# The bands wellbeing's ``band_for`` gives (its cut-offs are settings; none are repeated here).
BANDS: tuple[str, ...] = get_args(Band)
# Worst first, for sorting by band: probable, possible, below, then no screening.
BAND_RANK = {"probable": 0, "possible": 1, "below": 2}

# A clinical overview (screening bands, alerts) for the people who act on it; class leaders have
# their course rosters, researchers never see a family (docs/decisions/0008-caseload.md).
CASELOAD_ROLES = frozenset({StaffRole.CLINICIAN, StaffRole.ORG_ADMIN})

# The sorts that need every family's massage counts or last activity before paging.
ACTIVITY_SORTS = frozenset({"week", "month", "activity"})
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
            raise CaseloadError(_("Choose a shared category from the list."))
        if self.band and self.band not in BANDS:
            raise CaseloadError(_("Choose an EPDS band: %(bands)s.") % {"bands": ", ".join(BANDS)})


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
    def shared_labels(self) -> str:
        """The shared categories in a few words, in the consent form's order."""
        return ", ".join(str(SHORT_LABELS[c]) for c in CATEGORY_VALUES if c in self.categories)

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
    """The organisation's open alerts (not acknowledged yet) per family: the queue's own
    reading of "open" (``AlertQuerySet.open``), by the family each alert names."""
    rows = (
        Alert.objects.open()
        .filter(organisation=organisation, family_id__in=families)
        .values("family_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {r["family_id"]: r["n"] for r in rows}


def _her_latest_epds(field_name: str) -> Case:
    """Her latest completed EPDS's ``field_name``, only when she shares her own screenings:
    the database never hands back a caregiver's screening she does not share."""
    latest = Subquery(
        Response.objects.filter(
            respondent=OuterRef("caregiver_id"), instrument_id=EPDS, status=Status.COMPLETE
        )
        .order_by("-completed_at", "-pk")
        .values(field_name)[:1]
    )
    return Case(When(screenings_mood=True, then=latest), default=Value(None))


def _consent_rows(organisation: Organisation) -> list[dict[str, Any]]:
    """Each sharing caregiver's categories, with her latest EPDS band and date."""
    return list(
        sharing_consents(organisation)
        .annotate(epds_band=_her_latest_epds("band"), epds_at=_her_latest_epds("completed_at"))
        .values(
            "family_id", "family__name", *[c.value for c in ConsentCategory], "epds_band", "epds_at"
        )
    )


def _time_field(model: type[Entry]) -> str:
    return "start" if issubclass(model, IntervalEntry) else "time"


# Below every real time: SQLite's MAX() of several values is null when one is, so each
# missing "latest" becomes this before they are compared.
NEVER = datetime(1900, 1, 1, tzinfo=UTC)


def _newest(model: type[Any], field_name: str) -> Any:
    """The baby's latest ``model`` row's time: an index seek on (baby, time)."""
    newest = Subquery(
        model.objects.filter(baby=OuterRef("pk")).order_by(f"-{field_name}").values(field_name)[:1]
    )
    return Coalesce(newest, Value(NEVER))


def _count(since: datetime, now: datetime) -> Any:
    """The baby's finished massage sessions that started since ``since``: an index range."""
    return Coalesce(
        Subquery(
            MassageSession.objects.filter(
                baby=OuterRef("pk"), started_at__gte=since, started_at__lte=now
            )
            .exclude(ended_at=None)
            .order_by()
            .values("baby")
            .annotate(n=Count("pk"))
            .values("n")
        ),
        Value(0),
    )


@dataclass
class Activity:
    week: int = 0
    month: int = 0
    last: datetime | None = None

    def seen(self, moment: datetime) -> None:
        if moment > NEVER and (self.last is None or moment > self.last):
            self.last = moment


def _activity(
    organisation: Organisation,
    categories: set[str],
    now: datetime,
    sharing: dict[str, list[int]] | None = None,
) -> dict[int, Activity]:
    """Per family: massage sessions in the last 7 and 28 days and the latest session, log entry
    or note, each part only for the babies of families that share it. One query (a UNION ALL
    of one part per category), whatever the number of families.

    ``sharing`` names, per category, the families to read (a page's, as its consent rows
    were just read); without it, every family that shares the category now (a subquery).
    """
    parts: list[QuerySet[Any]] = []

    def babies(category: str) -> QuerySet[Any]:
        if sharing is None:
            return Baby.objects.filter(family_id__in=families_sharing(organisation, category))
        return Baby.objects.filter(family_id__in=sharing.get(category, []))

    if MASSAGE in categories:
        parts.append(
            babies(MASSAGE)
            .annotate(
                last=_newest(MassageSession, "started_at"),
                week=_count(now - timedelta(days=7), now),
                month=_count(now - timedelta(days=28), now),
            )
            .values_list("family_id", "last", "week", "month")
            .order_by()
        )
    for category, models in (
        (LOGS, [m for m in ENTRY_MODELS.values() if m is not Note]),
        (NOTES, [Note]),
    ):
        if category not in categories:
            continue
        times = [_newest(m, _time_field(m)) for m in models]
        parts.append(
            babies(category)
            .annotate(
                last=times[0] if len(times) == 1 else Greatest(*times),
                week=Value(-1),
                month=Value(-1),
            )
            .values_list("family_id", "last", "week", "month")
            .order_by()
        )
    if not parts:
        return {}
    found: dict[int, Activity] = {}
    query = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    for family_id, last, week, month in query:
        activity = found.setdefault(family_id, Activity())
        if week >= 0:  # a massage part: the counts of every baby of the family add up
            activity.week += week
            activity.month += month
        activity.seen(last)
    return found


def _course_targets(organisation: Organisation) -> dict[int, CourseTarget]:
    found: dict[int, CourseTarget] = {}
    for lookup in _course_lookups:
        found.update(lookup(organisation, families_sharing(organisation, MASSAGE)))
    return found


def _rows(organisation: Organisation) -> list[CaseloadRow]:
    """Every sharing family with its categories, screening and alerts; no activity yet."""
    rows: dict[int, CaseloadRow] = {}
    screenings: dict[int, list[tuple[str, datetime]]] = {}
    for consent in _consent_rows(organisation):
        row = rows.setdefault(
            consent["family_id"],
            CaseloadRow(family_id=consent["family_id"], label=consent["family__name"]),
        )
        row.categories |= {c for c in CATEGORY_VALUES if consent[c]}
        if consent[SCREENINGS] and consent["epds_at"] is not None:
            screenings.setdefault(row.family_id, []).append(
                (consent["epds_band"], consent["epds_at"])
            )
    if not rows:
        return []
    alerts = open_alerts_by_family(organisation, sharing_consents(organisation).values("family_id"))
    for row in rows.values():
        row.open_alerts = alerts.get(row.family_id, 0)
        if row.shares_screenings:
            # The newest screening of the caregivers who share their own.
            band, at = max(screenings.get(row.family_id, [("", None)]), key=lambda s: s[1] or NEVER)
            row.epds_band, row.epds_at = band, at
            row.seen(at)
    return list(rows.values())


def _fill_activity(
    organisation: Organisation, rows: list[CaseloadRow], now: datetime, *, page: bool = False
) -> None:
    """Massage counts, the course and the last activity of ``rows`` (two queries): read for
    every sharing family, or with ``page`` for these rows' families only (a page's hundred;
    a whole caseload's ids would be too many parameters for one SQLite query)."""
    if not rows:
        return
    shared = set().union(*(r.categories for r in rows))
    sharing = (
        {c: [r.family_id for r in rows if c in r.categories] for c in shared} if page else None
    )
    activity = _activity(organisation, shared, now, sharing)
    courses = _course_targets(organisation) if MASSAGE in shared else {}
    for row in rows:
        done = activity.get(row.family_id, Activity())
        if row.shares_massage:
            row.sessions_week, row.sessions_month = done.week, done.month
            row.course = courses.get(row.family_id)
        row.seen(done.last)


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
        raise CaseloadError(_("Sort by one of: %(keys)s.") % {"keys": ", ".join(SORT_KEYS)})
    return name, descending


def _sort(rows: list[CaseloadRow], name: str, descending: bool) -> None:
    rows.sort(key=_sort_key("family"))
    if name != "family" or descending:
        rows.sort(key=_sort_key(name), reverse=descending)
    if name in {"band", "week", "month", "activity"} and descending:
        # "Not shared" stays at the bottom when the column is reversed too.
        rows.sort(key=lambda r: _unshared(r, name))


def _chosen(
    organisation: Organisation, sort: str, filters: CaseloadFilters | None
) -> tuple[list[CaseloadRow], str, bool]:
    filters = filters or CaseloadFilters()
    filters.check()
    name, descending = parse_sort(sort)
    return [r for r in _rows(organisation) if _matches(r, filters)], name, descending


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
    rows, name, descending = _chosen(organisation, sort, filters)
    _fill_activity(organisation, rows, now or timezone.now())
    _sort(rows, name, descending)
    return rows


def _ordered(
    organisation: Organisation, sort: str, filters: CaseloadFilters | None, moment: datetime
) -> tuple[list[CaseloadRow], str]:
    """Every matching row in the page's order; activity filled in already when the sort
    needs it (then every family's is read), else left for the rows shown."""
    rows, name, descending = _chosen(organisation, sort, filters)
    if name in ACTIVITY_SORTS:
        _fill_activity(organisation, rows, moment)
    _sort(rows, name, descending)
    return rows, name


def _fill_shown(
    organisation: Organisation, shown: list[CaseloadRow], name: str, moment: datetime
) -> None:
    if name not in ACTIVITY_SORTS:
        _fill_activity(organisation, shown, moment, page=True)


def caseload_page(
    organisation: Organisation,
    *,
    sort: str = DEFAULT_SORT,
    filters: CaseloadFilters | None = None,
    number: int = 1,
    per_page: int = 100,
    now: datetime | None = None,
) -> Page[CaseloadRow]:
    """One page of ``caseload()``, the same rows in the same order.

    Massage counts and last activity (the costly part: a look at every table per baby) are
    read only for the page's families, unless the page is sorted by one of them, when every
    family's are needed to sort.
    """
    moment = now or timezone.now()
    rows, name = _ordered(organisation, sort, filters, moment)
    page = Paginator(rows, per_page).get_page(number)
    _fill_shown(organisation, list(page.object_list), name, moment)
    return page


def caseload_window(
    organisation: Organisation,
    *,
    sort: str = DEFAULT_SORT,
    filters: CaseloadFilters | None = None,
    offset: int = 0,
    limit: int = 100,
    now: datetime | None = None,
) -> tuple[int, list[CaseloadRow]]:
    """``caseload_page`` cut by offset and limit (the API's paging): how many families match,
    and the rows from ``offset``, read the same way."""
    moment = now or timezone.now()
    rows, name = _ordered(organisation, sort, filters, moment)
    shown = rows[offset : offset + limit]
    _fill_shown(organisation, shown, name, moment)
    return len(rows), shown


def record_read(staff: User, organisation: Organisation, shown: Iterable[CaseloadRow]) -> None:
    """The access log of a caseload read: one row per family listed, with what was shown of
    it (its shared categories), for the page and the API alike."""
    audit.record_caseload_access(
        staff=staff,
        organisation=organisation,
        shown=[(row.family_id, row.categories) for row in shown],
        what="caseload",
        why="caseload",
    )


def _unshared(row: CaseloadRow, name: str) -> bool:
    if name == "band":
        return not row.epds_band
    if name in {"week", "month"}:
        return row.sessions_week is None
    return row.last_activity is None
