"""EPDS scoring: all 4**10 answer patterns, every threshold edge, item 10 and the draft rule."""

from __future__ import annotations

import itertools

import pytest

from firsttouch.wellbeing.instruments import epds
from firsttouch.wellbeing.scoring import (
    Incomplete,
    Thresholds,
    read_epds,
    score,
    score_epds,
)

from .epds_answers import FORWARD, answers, index_for, with_total

DEFAULTS = Thresholds(possible=10, probable=13, anxiety=5)


@pytest.mark.parametrize("first", range(4))
def test_every_answer_pattern_scores_like_an_independent_implementation(first: int) -> None:
    # A quarter of the 4**10 patterns per case (by the first item's answer), so parallel test
    # workers share the work. The independent side: a lookup table per item from the published
    # directions (not from the instrument file), and the bands written out again from Cox et al.
    # 1987 and Levis et al. 2020.
    table = [[index_for(item, s) for s in range(4)] for item in range(1, 11)]
    score_of = [[table[i].index(option) for option in range(4)] for i in range(10)]
    instrument = epds()
    link_ids = [str(i) for i in range(1, 11)]
    checked = 0
    for rest in itertools.product(range(4), repeat=9):
        pattern = (first, *rest)
        result = read_epds(score(instrument, dict(zip(link_ids, pattern, strict=True))), DEFAULTS)
        item_scores = [score_of[i][pattern[i]] for i in range(10)]
        total = sum(item_scores)
        anxiety = item_scores[2] + item_scores[3] + item_scores[4]
        band = "below" if total <= 9 else "possible" if total <= 12 else "probable"
        if (
            result.total,
            result.anxiety,
            result.band,
            result.anxiety_flag,
            result.item10_score,
            result.safety_response_needed,
        ) != (total, anxiety, band, anxiety >= 5, item_scores[9], item_scores[9] > 0):
            pytest.fail(
                f"pattern {pattern}: engine {result}, expected total {total}, "
                f"anxiety {anxiety}, band {band}"
            )
        checked += 1
    assert checked == 4**9


def test_item_scores_run_in_the_published_directions() -> None:
    for item in epds().items:
        scores = [o.score for o in item.options]
        expected = [0, 1, 2, 3] if int(item.link_id) in FORWARD else [3, 2, 1, 0]
        assert scores == expected, item.link_id


@pytest.mark.parametrize(
    ("total", "band"),
    [
        (0, "below"),
        (9, "below"),
        (10, "possible"),
        (12, "possible"),
        (13, "probable"),
        (30, "probable"),
    ],
)
def test_band_edges(total: int, band: str) -> None:
    result = score_epds(with_total(total, item10=3 if total == 30 else 0), DEFAULTS)
    assert (result.total, result.band) == (total, band)


@pytest.mark.parametrize(("anxiety", "flagged"), [(0, False), (4, False), (5, True), (9, True)])
def test_anxiety_subscale_edges_even_with_a_low_total(anxiety: int, flagged: bool) -> None:
    result = score_epds(with_total(anxiety, anxiety=anxiety), DEFAULTS)
    assert result.anxiety == anxiety
    assert result.anxiety_flag is flagged
    assert result.band == "below"


def test_thresholds_come_from_settings(settings) -> None:
    settings.EPDS_POSSIBLE_THRESHOLD = 11
    settings.EPDS_PROBABLE_THRESHOLD = 14
    settings.EPDS_ANXIETY_THRESHOLD = 4
    assert score_epds(with_total(10)).band == "below"
    assert score_epds(with_total(11)).band == "possible"
    assert score_epds(with_total(13)).band == "possible"
    assert score_epds(with_total(14)).band == "probable"
    assert score_epds(with_total(4, anxiety=4)).anxiety_flag is True
    assert score_epds(with_total(3, anxiety=3)).anxiety_flag is False


def test_the_default_thresholds_are_10_13_and_5(settings) -> None:
    assert (
        settings.EPDS_POSSIBLE_THRESHOLD,
        settings.EPDS_PROBABLE_THRESHOLD,
        settings.EPDS_ANXIETY_THRESHOLD,
    ) == (10, 13, 5)


@pytest.mark.parametrize("option", [0, 1, 2])
def test_every_non_zero_answer_to_item_10_needs_the_safety_response(option: int) -> None:
    chosen = with_total(0)
    chosen["10"] = option  # "Yes, quite often", "Sometimes", "Hardly ever"
    result = score_epds(chosen, DEFAULTS)
    assert result.item10_score == 3 - option
    assert result.safety_response_needed is True
    assert result.band == "below"  # whatever the total


def test_never_on_item_10_needs_no_safety_response() -> None:
    chosen = with_total(30 - 3)
    assert epds().item("10").options[chosen["10"]].text == "Never"  # type: ignore[union-attr]
    result = score_epds(chosen, DEFAULTS)
    assert result.safety_response_needed is False
    assert result.band == "probable"


def test_nine_answers_are_never_scored() -> None:
    chosen = answers([1] * 10)
    del chosen["7"]
    with pytest.raises(Incomplete) as caught:
        score_epds(chosen, DEFAULTS)
    assert caught.value.missing == ["7"]


@pytest.mark.parametrize("bad", [4, -1, True, "1"])
def test_an_option_that_does_not_exist_is_refused(bad: object) -> None:
    chosen: dict[str, object] = dict(answers([0] * 10))
    chosen["3"] = bad
    with pytest.raises(ValueError, match="Item 3"):
        score_epds(chosen, DEFAULTS)  # type: ignore[arg-type]


def test_thresholds_that_make_no_sense_fail_the_system_check(settings) -> None:
    from firsttouch.wellbeing.checks import epds_thresholds

    assert epds_thresholds() == []
    settings.EPDS_POSSIBLE_THRESHOLD = 13
    settings.EPDS_PROBABLE_THRESHOLD = 10
    settings.EPDS_ANXIETY_THRESHOLD = 12
    assert [e.id for e in epds_thresholds()] == ["wellbeing.E001", "wellbeing.E002"]
