"""The CONSORT flow: every participant accounted for, at the edges too (withdrawal, data
withdrawn, missing time points)."""

from __future__ import annotations

import json

import pytest

from firsttouch.studies.consort import ConsortFlow, FlowParticipant, consort_flow

ARMS = ["massage", "usual care"]
TIMES = ["baseline", "week 6", "week 12"]
ALL = frozenset(TIMES)


def person(arm: str, *times: str, withdrawn: bool = False, data: bool = True) -> FlowParticipant:
    return FlowParticipant(
        arm=arm, observed=frozenset(times), withdrawn=withdrawn, data_withdrawn=not data
    )


PEOPLE = [
    person("massage", *TIMES),
    person("massage", *TIMES),
    person("massage", "baseline", "week 6", withdrawn=True),  # withdrew, kept her data
    person("massage", "baseline", withdrawn=True, data=False),  # withdrew her data too
    person("usual care", *TIMES),
    person("usual care", "baseline", "week 12"),  # missed week 6
    person("usual care"),  # randomised, never measured
]


def flow(**overrides: object) -> ConsortFlow:
    args: dict[str, object] = {
        "assessed": 12,
        "ineligible": 3,
        "declined": 2,
        "participants": PEOPLE,
        "arms": ARMS,
        "time_points": TIMES,
    }
    return consort_flow(**(args | overrides))  # type: ignore[arg-type]


def test_the_counts_of_each_box() -> None:
    result = flow()
    assert (result.assessed, result.excluded, result.eligible, result.randomised) == (12, 5, 9, 7)
    assert result.allocated == {"massage": 4, "usual care": 3}
    assert result.withdrawn == {"massage": 2, "usual care": 0}
    assert result.data_withdrawn == {"massage": 1, "usual care": 0}


def test_follow_up_is_counted_per_time_point_and_withdrawn_data_is_not_follow_up() -> None:
    result = flow()
    assert result.followed_up == {
        "massage": {"baseline": 3, "week 6": 3, "week 12": 2},
        "usual care": {"baseline": 2, "week 6": 1, "week 12": 2},
    }
    assert result.lost["usual care"] == {"baseline": 1, "week 6": 2, "week 12": 1}


def test_intention_to_treat_analyses_everyone_with_data_in_the_allocated_arm() -> None:
    """The mixed model uses any score: a mother who withdrew but kept her data is analysed;
    one who withdrew her data, or never gave a score, is not."""
    result = flow()
    assert result.analysed == {"massage": 3, "usual care": 2}
    assert result.not_analysed == {"massage": 1, "usual care": 1}
    assert result.analysis_set.startswith("Intention to treat")


def test_a_pre_post_analysis_needs_both_of_its_time_points() -> None:
    result = flow(analysis_requires=("baseline", "week 12"))
    assert result.analysed == {"massage": 2, "usual care": 2}
    assert result.analysis_requires == ("baseline", "week 12")


def test_the_flow_is_json() -> None:
    data = json.loads(json.dumps(flow().to_dict(), allow_nan=False))
    assert data["followed_up"]["massage"]["week 12"] == 2


def test_a_study_with_nobody_randomised_yet() -> None:
    result = consort_flow(
        assessed=4, ineligible=4, declined=0, participants=[], arms=ARMS, time_points=TIMES
    )
    assert result.randomised == 0
    assert result.analysed == {"massage": 0, "usual care": 0}


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"assessed": 13}, "does not add up: 13 assessed, but 5 excluded and 7 randomised"),
        ({"declined": -1}, "cannot be negative: declined"),
        ({"arms": ["massage"]}, "arms the study does not have"),
        ({"time_points": ["baseline", "week 6"]}, "Unknown time points"),
        ({"analysis_requires": ("week 40",)}, "Unknown time points"),
    ],
)
def test_a_flow_that_does_not_add_up_is_refused(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        flow(**overrides)
