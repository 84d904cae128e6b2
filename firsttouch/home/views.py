"""The family's landing page and the baby's home page: today, the week, and quick actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from firsttouch.babies.models import Baby
from firsttouch.core.charts import bar_chart
from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import get_scoped_or_404, scoped
from firsttouch.reminders.services import due_reminders
from firsttouch.tracking import red_flags
from firsttouch.tracking.views import pop_saved

from . import bedtime, services
from . import today as today_services


@family_required
def home(request: FamilyRequest) -> HttpResponse:
    """The family's landing page: the first baby's day, or what to do first."""
    baby = scoped(Baby, request.family).first()
    if baby is None:
        return render(request, "home/welcome.html")
    return redirect("baby", baby_id=baby.pk)


@family_required
def baby(request: FamilyRequest, baby_id: int) -> HttpResponse:
    # The family's babies (for the switcher) in one query, this one among them: another
    # family's baby, or no baby, is a 404 as with get_scoped_or_404.
    babies = list(scoped(Baby, request.family))
    baby = next((b for b in babies if b.pk == baby_id), None)
    if baby is None:
        raise Http404("No baby matches.")
    tz = timezone.get_current_timezone()  # the family's, activated by the middleware
    today = timezone.localdate()
    shown = today_services.parse_day(request.GET.get("day"), today)
    if shown is None:
        messages.error(request, _("That day could not be shown: here is today."))
        return redirect("baby", baby_id=baby.pk)
    days = services.last_days(today, 7)
    chart_days = services.chart_days(baby, days, tz)
    massaged = services.massage_days(baby, days, tz)
    # Today (or a day of this week): its totals are its chart row, read once.
    this_week = {d.day: d for d in chart_days}
    day = services.baby_day(baby, shown, tz)
    is_today = shown == today
    return render(
        request,
        "home/baby.html",
        {
            "baby": baby,
            "babies": babies,
            "shown_day": shown,
            "is_today": is_today,
            "previous_day": shown - timedelta(days=1),
            "next_day": None if is_today else shown + timedelta(days=1),
            "totals": today_services.totals_of(this_week[shown])
            if shown in this_week
            else today_services.day_totals(baby, shown, tz),
            "last": today_services.last_events(baby) if is_today else None,
            "next_breast": today_services.next_breast(baby) if is_today else "",
            "glance": today_services.family_glance(babies) if len(babies) > 1 else [],
            "just_saved": pop_saved(request, baby),
            "nappy_taps": [("wet", _("Wet")), ("dirty", _("Dirty")), ("both", _("Both"))],
            "breast_buttons": [("left", _("Left breast")), ("right", _("Right breast"))],
            "timers": day.timers,  # what tracking.summary.timer_rows gives, without its queries
            "reminders": due_reminders(request.user),
            "next": request.get_full_path(),
            "timeline": day.timeline,
            "week": [{"day": d, "massaged": d in massaged, "today": d == today} for d in days],
            "streak": services.massage_streak(baby, today, tz),
            # A red flag saved just now (alert box), and every one of the last 14 days.
            "just_raised": red_flags.pop_raised(request.session, request.family),
            "recent_flags": red_flags.recent_warnings(baby, timezone.now()),
            "bedtime_window": bedtime.for_baby(baby, today, tz),
            **_charts(chart_days),
        },
    )


@family_required
def charts(request: FamilyRequest, baby_id: int) -> HttpResponse:
    """Week or month charts of sleep, feeds, nappies and crying, with gaps for days not logged."""
    baby = get_scoped_or_404(Baby, request.family, pk=baby_id)
    span = request.GET.get("range", "week")
    if span not in services.CHART_RANGES:
        span = "week"
    tz = timezone.get_current_timezone()
    days = services.last_days(timezone.localdate(), services.CHART_RANGES[span])
    chart_days = services.chart_days(baby, days, tz)
    return render(
        request,
        "home/charts.html",
        {
            "baby": baby,
            "range": span,
            "days": chart_days,
            **range_charts(chart_days, span),
        },
    )


def _short(day: date) -> str:
    return str(date_format(day, "D"))[:2]


def _spoken(day: date) -> str:
    return str(date_format(day, "l j F"))


def range_charts(days: list[services.ChartDay], span: str) -> dict[str, Any]:
    """The charts page's five charts; a month is labelled by day of the month, not weekday."""
    # A month's bars are narrow: a label every seventh day, no numbers above the bars.
    labels = [
        _short(d.day) if span == "week" else (str(d.day) if i % 7 == 0 else "")
        for i, d in enumerate(days)
    ]
    names = [_spoken(d.day) for d in days]
    what = _("last 7 days") if span == "week" else _("last 30 days")

    def chart(values: list[float | None], key: str, title: str, unit: str, places: int) -> Any:
        return bar_chart(
            list(zip(labels, values, strict=True)),
            chart_id=f"range-{key}-svg",
            title=_("%(title)s, %(range)s") % {"title": title, "range": what},
            unit=unit,
            fmt=lambda v: f"{v:.{places}f}",
            spoken_labels=names,
            show_values=span == "week",
        )

    def rounded(value: float | None, places: int) -> float | None:
        return None if value is None else round(value, places)

    return {
        "has_data": any(
            d.sleep_minutes is not None
            or d.feeds is not None
            or d.wet is not None
            or d.crying_minutes is not None
            for d in days
        ),
        "range_sleep": chart(
            [rounded(d.sleep_hours, 1) for d in days], "sleep", _("Sleep per day"), _("hours"), 1
        ),
        "range_feeds": chart(
            [None if d.feeds is None else float(d.feeds) for d in days],
            "feeds",
            _("Feeds per day"),
            _("feeds"),
            0,
        ),
        "range_wet": chart(
            [None if d.wet is None else float(d.wet) for d in days],
            "wet",
            _("Wet nappies per day"),
            _("wet nappies"),
            0,
        ),
        "range_dirty": chart(
            [None if d.dirty is None else float(d.dirty) for d in days],
            "dirty",
            _("Dirty nappies per day"),
            _("dirty nappies"),
            0,
        ),
        "range_crying": chart(
            [rounded(d.crying_minutes, 0) for d in days],
            "crying",
            _("Crying and fussing per day"),
            _("minutes"),
            0,
        ),
    }


def _charts(days: list[services.ChartDay]) -> dict[str, Any]:
    """The home page's last 7 days; a day with nothing of a kind logged is a gap, not 0."""
    labels = [_short(d.day) for d in days]
    names = [_spoken(d.day) for d in days]

    def whole(value: float | None) -> float | None:
        return None if value is None else float(round(value))

    return {
        "has_week_data": any(
            d.sleep_minutes is not None or d.crying_minutes is not None or d.dirty is not None
            for d in days
        ),
        "chart_sleep": bar_chart(
            list(
                zip(
                    labels,
                    [None if d.sleep_hours is None else round(d.sleep_hours, 1) for d in days],
                    strict=True,
                )
            ),
            chart_id="chart-sleep-svg",
            title=_("Sleep per day, last 7 days"),
            unit=_("hours"),
            fmt=lambda v: f"{v:.1f}",
            spoken_labels=names,
        ),
        "chart_crying": bar_chart(
            list(zip(labels, [whole(d.crying_minutes) for d in days], strict=True)),
            chart_id="chart-crying-svg",
            title=_("Crying and fussing per day, last 7 days"),
            unit=_("minutes"),
            fmt=lambda v: f"{v:.0f}",
            spoken_labels=names,
        ),
        "chart_stools": bar_chart(
            list(zip(labels, [whole(d.dirty) for d in days], strict=True)),
            chart_id="chart-stools-svg",
            title=_("Dirty nappies per day, last 7 days"),
            unit=_("stools"),
            fmt=lambda v: f"{v:.0f}",
            spoken_labels=names,
        ),
    }
