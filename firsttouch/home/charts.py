"""The one chart helper: small bar charts as inline SVG, drawn on the server.

No JavaScript and no library: the SVG scales to the phone's width, takes its colours from the
page's CSS variables (so dark mode works), and carries its numbers as text: a ``<title>`` and
a ``<desc>`` that a screen reader reads, plus the value printed above each bar.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH = 320
HEIGHT = 150
TOP = 18  # room for the value above the tallest bar
BOTTOM = 22  # room for the day labels
GAP = 6


def _plain(value: float) -> str:
    return f"{value:g}"


def bar_chart(points: Sequence[tuple[str, float]], *, chart_id: str, title: str,
              unit: str = "", fmt: Callable[[float], str] = _plain,
              spoken_labels: Sequence[str] | None = None) -> SafeString:
    """A bar per point; ``points`` are (short label, value), e.g. ("Mon", 13.5).

    ``spoken_labels`` (e.g. "Monday 3 March") replace the short labels in the description.
    """
    n = max(len(points), 1)
    peak = max((v for _, v in points), default=0) or 1
    slot = WIDTH / n
    bar_width = slot - GAP
    plot_height = HEIGHT - TOP - BOTTOM
    suffix = f" {unit}" if unit else ""
    bars = []
    for i, (label, value) in enumerate(points):
        h = round(plot_height * value / peak, 1) if value > 0 else 0
        x = round(i * slot + GAP / 2, 1)
        y = round(TOP + plot_height - h, 1)
        cx = round(i * slot + slot / 2, 1)
        bars.append((x, y, round(bar_width, 1), h, cx, round(y - 4, 1), fmt(value),
                     HEIGHT - 6, label))
    body = format_html_join(
        "",
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}" rx="3"></rect>'
        '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="label" x="{}" y="{}" text-anchor="middle">{}</text>',
        ((x, y, w, h, cx, vy, v, cx, ly, label) for x, y, w, h, cx, vy, v, ly, label in bars),
    )
    names = list(spoken_labels) if spoken_labels else [label for label, _ in points]
    desc = "; ".join(f"{name}: {fmt(value)}{suffix}"
                     for name, (_, value) in zip(names, points, strict=False))
    baseline = TOP + plot_height
    return format_html(
        '<svg class="chart" id="{id}" viewBox="0 0 {w} {h}" role="img" '
        'aria-labelledby="{id}-title {id}-desc" preserveAspectRatio="xMidYMid meet">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>'
        '<line class="axis" x1="0" x2="{w}" y1="{base}" y2="{base}"></line>{body}</svg>',
        id=chart_id, w=WIDTH, h=HEIGHT, title=title, desc=desc or "No data.",
        base=baseline, body=body,
    )
