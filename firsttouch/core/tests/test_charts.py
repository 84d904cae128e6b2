"""The SVG bar chart helper: numbers as text, bars in proportion, safe labels."""

from __future__ import annotations

import re

from firsttouch.core.charts import HEIGHT, bar_chart


def test_the_chart_reads_its_numbers_aloud() -> None:
    svg = bar_chart(
        [("Mo", 12.5), ("Tu", 14.0)],
        chart_id="c",
        title="Sleep per day",
        unit="hours",
        spoken_labels=["Monday", "Tuesday"],
    )
    assert 'role="img"' in svg and 'aria-labelledby="c-title c-desc"' in svg
    assert '<title id="c-title">Sleep per day</title>' in svg
    assert "Monday: 12.5 hours; Tuesday: 14 hours" in svg


def test_bars_are_in_proportion_and_zero_has_no_bar() -> None:
    svg = bar_chart([("a", 0), ("b", 5), ("c", 10)], chart_id="c", title="t")
    heights = [float(h) for h in re.findall(r'class="bar"[^>]* height="([\d.]+)"', svg)]
    assert heights[0] == 0
    assert heights[2] == 2 * heights[1]
    assert heights[2] < HEIGHT


def test_an_all_zero_chart_still_draws() -> None:
    svg = bar_chart([("a", 0), ("b", 0)], chart_id="c", title="t")
    assert svg.count('class="bar"') == 2


def test_labels_are_escaped() -> None:
    svg = bar_chart([("<b>", 1)], chart_id="c", title="<script>")
    assert "<script>" not in svg and "&lt;b&gt;" in svg
