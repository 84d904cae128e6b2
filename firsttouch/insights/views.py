"""The insights page: "Is it helping?" for one baby, readable on a phone.

A thin view: :func:`overview.build_overview` gathers everything in a fixed number of queries,
:mod:`visuals` draws it, and the template only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, ngettext

from firsttouch.babies.models import Baby
from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import get_scoped_or_404, scoped
from firsttouch.tracking.red_flags import recent_warnings

from .enjoyment import GroupResponse, Ranking
from .overview import build_overview, days_needed
from .stats import CONTEXT, MIN_DAYS, PRIMARY, SECONDARY, Comparison
from .visuals import AGAINST_EVENING, WITH_MASSAGE, amount, charts, interval_bar


@dataclass(frozen=True)
class ComparisonRow:
    """One comparison as the template shows it."""

    key: str
    heading: str
    comparison: Comparison
    svg: SafeString
    with_mean: str
    without_mean: str
    need_with: int
    need_without: int
    role: str  # what the tag above the comparison says (ROLE_TAGS)


# Why a comparison is, or is not, a finding on its own (stats.py: one primary measure).
ROLE_TAGS = {
    PRIMARY: gettext_noop("Main measure"),
    SECONDARY: gettext_noop("Secondary: read only when night sleep shows a clear difference"),
    CONTEXT: gettext_noop("For context: overlaps night sleep, not a separate finding"),
}


# How each kind of comparison is named in its chart's title and description.
EVENING = (AGAINST_EVENING, WITH_MASSAGE)
ROUTINE = (
    gettext_noop("the bedtime wind-down against other evening routines"),
    gettext_noop("with the bedtime wind-down"),
)


def _rows(
    comparisons: list[Comparison], prefix: str, names: tuple[str, str] = EVENING
) -> list[ComparisonRow]:
    rows = []
    against, with_what = names
    for c in comparisons:
        need_with, need_without = days_needed(c)
        unit = c.measure.unit
        rows.append(
            ComparisonRow(
                key=c.measure.key,
                heading=_(c.measure.label)[:1].upper() + _(c.measure.label)[1:],
                comparison=c,
                svg=interval_bar(c, f"{prefix}-{c.measure.key}-svg", against, with_what),
                with_mean=amount(c.with_mean, unit) if c.with_mean is not None else "",
                without_mean=amount(c.without_mean, unit) if c.without_mean is not None else "",
                need_with=need_with,
                need_without=need_without,
                role=_(ROLE_TAGS[c.role]) if c.role in ROLE_TAGS else "",
            )
        )
    return rows


@dataclass(frozen=True)
class GroupRow:
    """One routine, step count or wand head: its label, the domain's counts, a share bar."""

    label: str
    detail: str  # "settled Ava in 2 of 15 sessions; fussy, crying or stopped early in 9"
    share: int  # percent of sessions with a good response (settled), for the bar


@dataclass(frozen=True)
class RankingRows:
    ranked: list[GroupRow]
    too_few: list[GroupRow]
    did_not_suit: list[GroupRow]


def _group_row(g: GroupResponse, name: str) -> GroupRow:
    return GroupRow(g.label, g.settled(name), round(100 * g.good_share))


def _ranking(r: Ranking, name: str) -> RankingRows:
    return RankingRows(
        [_group_row(g, name) for g in r.ranked],
        [_group_row(g, name) for g in r.too_few],
        [_group_row(g, name) for g in r.did_not_suit],
    )


@dataclass(frozen=True)
class ProgressBar:
    key: str
    label: str
    value: int  # days so far, at most MIN_DAYS


def progress_bars(row: ComparisonRow | None) -> list[ProgressBar]:
    """How far each group is towards the days needed, for "not enough data yet"."""
    if row is None or row.comparison.enough_data:
        return []
    bars = []
    for key, what, n in (
        ("with", _("With an evening massage"), row.comparison.with_n),
        ("without", _("Without"), row.comparison.without_n),
    ):
        state = _("enough") if n >= MIN_DAYS else _("%(n)s needed") % {"n": MIN_DAYS}
        days = ngettext("%(n)s day", "%(n)s days", n) % {"n": n}
        label = _("%(what)s: %(days)s (%(state)s)") % {"what": what, "days": days, "state": state}
        bars.append(ProgressBar(key, label, min(n, MIN_DAYS)))
    return bars


def needed_sentence(row: ComparisonRow | None, name: str) -> str:
    """ "3 more days with an evening massage and 1 more day without are needed ..."."""
    if row is None or row.comparison.enough_data:
        return ""
    with_days = ngettext(
        "%(n)s more day with an evening massage",
        "%(n)s more days with an evening massage",
        row.need_with,
    ) % {"n": row.need_with}
    without_days = ngettext(
        "%(n)s more day without", "%(n)s more days without", row.need_without
    ) % {"n": row.need_without}
    if row.need_with and row.need_without:
        return _(
            "%(with_days)s and %(without_days)s are needed before %(name)s's days can be compared."
        ) % {"with_days": with_days, "without_days": without_days, "name": name}
    # One group short: the verb agrees with its count.
    n = row.need_with or row.need_without
    return ngettext(
        "%(days)s is needed before %(name)s's days can be compared.",
        "%(days)s are needed before %(name)s's days can be compared.",
        n,
    ) % {"days": with_days if row.need_with else without_days, "name": name}


@family_required
def baby(request: FamilyRequest, baby_id: int) -> HttpResponse:
    baby = get_scoped_or_404(Baby, request.family, pk=baby_id)
    overview = build_overview(
        baby, timezone.get_current_timezone(), now=timezone.now(), cached=True
    )
    rows = _rows(overview.comparisons, "cmp")
    responses = overview.responses
    return render(
        request,
        "insights/baby.html",
        {
            "baby": baby,
            "babies": list(scoped(Baby, request.family)),
            "o": overview,
            "rows": rows,
            "needed": needed_sentence(rows[0] if rows else None, baby.name),
            "progress": progress_bars(rows[0] if rows else None),
            "response_groups": [
                (_("Routines"), "routines", _ranking(responses.routines, baby.name)),
                (
                    _("How far the routine got (steps completed)"),
                    "steps",
                    _ranking(responses.steps, baby.name),
                ),
                (_("Massager wand heads"), "wand", _ranking(responses.wand_heads, baby.name)),
            ],
            "routine_rows": _rows(overview.by_routine, "rtn", ROUTINE),
            "colic": overview.insights.colic,
            "recent_flags": recent_warnings(baby, timezone.now()),
            **charts(overview),
        },
    )
