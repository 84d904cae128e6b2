"""The family's landing page and the baby's home page: today, the week, and quick actions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from firsttouch.babies.models import Baby
from firsttouch.core.charts import bar_chart
from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import scoped
from firsttouch.reminders.services import due_reminders
from firsttouch.tracking import red_flags
from firsttouch.tracking.views import pop_saved

from . import services
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
    summaries = services.day_summaries(baby, days, tz)
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
            "totals": today_services.day_totals(baby, shown, tz),
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
            "week": [
                {"day": s.day, "massaged": s.massages > 0, "today": s.day == today}
                for s in summaries
            ],
            "streak": services.massage_streak(baby, today, tz),
            # A red flag saved just now (alert box), and every one of the last 14 days.
            "just_raised": red_flags.pop_raised(request.session, request.family),
            "recent_flags": red_flags.recent_warnings(baby, timezone.now()),
            **_charts(summaries),
        },
    )


def _charts(summaries: list[services.DaySummary]) -> dict[str, Any]:
    def short(day: date) -> str:
        return day.strftime("%a")[:2]

    def spoken(day: date) -> str:
        return f"{day:%A} {day.day} {day:%B}"

    labels = [short(s.day) for s in summaries]
    names = [spoken(s.day) for s in summaries]
    return {
        "has_week_data": any(s.sleep_minutes or s.crying_minutes or s.stools for s in summaries),
        "chart_sleep": bar_chart(
            list(zip(labels, [round(s.sleep_hours, 1) for s in summaries], strict=True)),
            chart_id="chart-sleep-svg",
            title="Sleep per day, last 7 days",
            unit="hours",
            fmt=lambda v: f"{v:.1f}",
            spoken_labels=names,
        ),
        "chart_crying": bar_chart(
            list(zip(labels, [round(s.crying_minutes) for s in summaries], strict=True)),
            chart_id="chart-crying-svg",
            title="Crying and fussing per day, last 7 days",
            unit="minutes",
            fmt=lambda v: f"{v:.0f}",
            spoken_labels=names,
        ),
        "chart_stools": bar_chart(
            list(zip(labels, [s.stools for s in summaries], strict=True)),
            chart_id="chart-stools-svg",
            title="Dirty nappies per day, last 7 days",
            unit="stools",
            fmt=lambda v: f"{v:.0f}",
            spoken_labels=names,
        ),
    }
