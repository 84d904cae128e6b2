"""The one chart helper: small bar charts as inline SVG, drawn on the server.

No JavaScript and no library: the SVG scales to the phone's width, takes its colours from the
page's CSS variables (so dark mode works), and carries its numbers as text: a ``<title>`` and
a ``<desc>`` that a screen reader reads, plus the value printed above each bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext, gettext_lazy

WIDTH = 320
HEIGHT = 150
TOP = 18  # room for the value above the tallest bar
BOTTOM = 22  # room for the day labels
GAP = 6


def _plain(value: float) -> str:
    return f"{value:g}"


NOT_LOGGED = gettext_lazy("not logged")


def bar_chart(
    points: Sequence[tuple[str, float | None]],
    *,
    chart_id: str,
    title: str,
    unit: str = "",
    fmt: Callable[[float], str] = _plain,
    spoken_labels: Sequence[str] | None = None,
    show_values: bool = True,
) -> SafeString:
    """A bar per point; ``points`` are (short label, value), e.g. ("Mon", 13.5).

    ``spoken_labels`` (e.g. "Monday 3 March") replace the short labels in the description.
    ``show_values=False`` leaves the numbers above the bars out (a month of bars has no room
    for them; the description and the page's table carry them). A value of None is a gap: no
    bar and no number, and "not logged" in the description, so a day nobody logged never
    reads as a zero.
    """
    n = max(len(points), 1)
    peak = max((v for _, v in points if v is not None), default=0) or 1
    slot = WIDTH / n
    bar_width = slot - GAP
    plot_height = HEIGHT - TOP - BOTTOM
    suffix = f" {unit}" if unit else ""
    bars = []
    for i, (label, value) in enumerate(points):
        if value is None:
            continue
        h = round(plot_height * value / peak, 1) if value > 0 else 0
        x = round(i * slot + GAP / 2, 1)
        y = round(TOP + plot_height - h, 1)
        cx = round(i * slot + slot / 2, 1)
        bars.append(
            (
                x,
                y,
                round(bar_width, 1),
                h,
                cx,
                round(y - 4, 1),
                fmt(value) if show_values else "",
                HEIGHT - 6,
                label,
            )
        )
    body = format_html_join(
        "",
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
        '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="label" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x, y, w, h, cx, vy, v, cx, ly, label) for x, y, w, h, cx, vy, v, ly, label in bars),
    )
    gaps = format_html_join(
        "",
        '<text class="label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (round(i * slot + slot / 2, 1), HEIGHT - 6, label)
            for i, (label, value) in enumerate(points)
            if value is None
        ),
    )
    names = list(spoken_labels) if spoken_labels else [label for label, _ in points]
    desc = "; ".join(
        f"{name}: {NOT_LOGGED if value is None else fmt(value) + suffix}"
        for name, (_, value) in zip(names, points, strict=False)
    )
    baseline = TOP + plot_height
    return format_html(
        '<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="axis" x1="0" x2="{w}" y1="{base}" y2="{base}"></line>{body}</svg>',
        id=chart_id,
        w=WIDTH,
        h=HEIGHT,
        title=title,
        desc=desc or gettext("No data."),
        base=baseline,
        body=body + gaps,
    )


def trend_chart(
    points: Sequence[tuple[str, float]],
    *,
    chart_id: str,
    title: str,
    max_value: float,
    bands: Sequence[tuple[float, float, str, str]] = (),
    unit: str = "",
    fmt: Callable[[float], str] = _plain,
    spoken_labels: Sequence[str] | None = None,
) -> SafeString:
    """A line through ``points`` (label, value) over shaded ``bands``.

    ``bands`` are (low, high, css class, name), e.g. (10, 13, "band-possible", "possible"):
    each is drawn as a horizontal stripe from ``low`` up to ``high`` on a 0..``max_value``
    scale, so a score reads against its band. The description lists every value with its band.
    """
    plot_top, plot_height = TOP, HEIGHT - TOP - BOTTOM
    left = 4

    def y_of(value: float) -> float:
        return round(plot_top + plot_height * (1 - min(value, max_value) / max_value), 1)

    n = max(len(points), 1)
    step = (WIDTH - 2 * left) / n
    xs = [round(left + step * i + step / 2, 1) for i in range(len(points))]
    stripes = format_html_join(
        "",
        '<rect class="band {}" x="0" y="{}" width="{}" height="{}"></rect>',
        ((cls, y_of(high), WIDTH, round(y_of(low) - y_of(high), 1)) for low, high, cls, _ in bands),
    )
    line = " ".join(f"{x},{y_of(v)}" for x, (_, v) in zip(xs, points, strict=True))
    dots = format_html_join(
        "",
        '<circle class="dot" cx="{}" cy="{}" r="4"></circle>'
        '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (x, y_of(v), x, round(y_of(v) - 7, 1), fmt(v), x, HEIGHT - 6, label)
            for x, (label, v) in zip(xs, points, strict=True)
        ),
    )

    def band_name(value: float) -> str:
        return next((name for low, high, _, name in bands if low <= value < high), "")

    names = list(spoken_labels) if spoken_labels else [label for label, _ in points]
    suffix = f" {unit}" if unit else ""
    desc = "; ".join(
        f"{name}: {fmt(value)}{suffix}" + (f" ({band_name(value)})" if band_name(value) else "")
        for name, (_, value) in zip(names, points, strict=False)
    )
    return format_html(
        '<svg class="chart trend" id="{id}" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{stripes}'
        '<line class="axis" x1="0" x2="{w}" y1="{base}" y2="{base}"></line>'
        '<polyline class="trendline" fill="none" points="{line}"></polyline>{dots}</svg>',
        id=chart_id,
        w=WIDTH,
        h=HEIGHT,
        title=title,
        desc=desc or gettext("No data."),
        stripes=stripes,
        base=plot_top + plot_height,
        line=line,
        dots=dots,
    )
