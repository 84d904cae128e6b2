"""Drafts, completion, the rise flag, the urgent alert hook and history (no HTTP)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from firsttouch.wellbeing import safety, services
from firsttouch.wellbeing.models import Response, Status
from tests.cast import Member

from .epds_answers import answers, with_total


def finished(member: Member, total: int, days_ago: int = 0, item10: int = 0) -> Response:
    response = services.start(member.user, member.family, "epds")
    services.save_answers(response, with_total(total, item10=item10))
    return services.complete(response, at=timezone.now() - timedelta(days=days_ago))


@pytest.fixture
def alerts(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    raised: list[int] = []

    def record(response: Response) -> list[Any]:
        raised.append(response.pk)
        return []

    monkeypatch.setattr(safety, "raise_urgent_alert", record)
    return raised


def test_a_draft_with_nine_answers_is_saved_but_never_scored(alice: Member) -> None:
    response = services.start(alice.user, alice.family, "epds")
    nine = answers([2] * 10)
    del nine["10"]
    services.save_answers(response, nine)
    response.refresh_from_db()
    assert response.status == Status.DRAFT
    assert (response.total, response.band, response.subscales) == (None, "", {})
    assert len(response.answers) == 9
    with pytest.raises(ValidationError) as caught:
        services.complete(response)
    assert "10" in caught.value.message_dict["answers"][0]
    response.refresh_from_db()
    assert response.status == Status.DRAFT and response.total is None


def test_completing_stores_each_answer_its_score_and_the_version(
    alice: Member, alerts: list[int]
) -> None:
    response = services.start(alice.user, alice.family, "epds")
    services.save_answers(response, answers([0, 1, 2, 3, 0, 1, 2, 3, 0, 0]))
    services.complete(response)
    response.refresh_from_db()
    assert response.status == Status.COMPLETE and response.completed_at is not None
    assert response.instrument_version == "1.0.0"
    assert response.total == 12 and response.band == "possible"
    assert response.subscales == {"epds-3a": 5}
    assert response.flags["anxiety"] is True
    assert response.answers[0] == {
        "link_id": "1",
        "index": 0,
        "text": "As much as I always could",
        "score": 0,
    }
    assert response.answers[2] == {
        "link_id": "3",
        "index": 1,
        "text": "Yes, some of the time",
        "score": 2,
    }
    assert alerts == []


def test_answers_merge_and_none_clears_one(alice: Member) -> None:
    response = services.start(alice.user, alice.family, "epds")
    services.save_answers(response, {"1": 0, "2": 1})
    services.save_answers(response, {"2": None, "3": 3})
    assert response.chosen() == {"1": 0, "3": 3}


@pytest.mark.parametrize(
    ("bad", "field"),
    [({"3": 4}, "answers.3"), ({"11": 0}, "answers.11"), ({"2": "often"}, "answers.2")],
)
def test_bad_answers_are_refused_and_nothing_changes(
    alice: Member, bad: dict[str, Any], field: str
) -> None:
    response = services.start(alice.user, alice.family, "epds")
    services.save_answers(response, {"1": 2})
    with pytest.raises(ValidationError) as caught:
        services.save_answers(response, {"1": 3, **bad})
    assert field in caught.value.message_dict
    response.refresh_from_db()
    assert response.chosen() == {"1": 2}


def test_a_finished_response_cannot_be_changed(alice: Member) -> None:
    response = finished(alice, 5)
    with pytest.raises(ValidationError):
        services.save_answers(response, {"1": 3})
    response.refresh_from_db()
    assert response.total == 5


def test_completing_twice_changes_nothing(alice: Member) -> None:
    response = finished(alice, 5)
    first = response.completed_at
    assert services.complete(response).completed_at == first


def test_an_unknown_instrument_is_refused(alice: Member) -> None:
    with pytest.raises(ValidationError) as caught:
        services.submit(alice.user, alice.family, "phq-9", {})
    assert "instrument" in caught.value.message_dict
    assert not Response.objects.exists()


def test_submit_with_missing_answers_saves_nothing(alice: Member) -> None:
    with pytest.raises(ValidationError):
        services.submit(alice.user, alice.family, "epds", {"1": 0}, finish=True)
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("before", "after", "rose"), [(5, 8, False), (5, 9, True), (9, 5, False), (0, 4, True)]
)
def test_the_rise_flag_needs_4_points_since_the_last_screening(
    alice: Member, before: int, after: int, rose: bool
) -> None:
    finished(alice, before, days_ago=30)
    latest = finished(alice, after)
    assert latest.flags["rise"] is rose
    assert latest.flags["rise_by"] == after - before
    assert latest.flags["previous_total"] == before


def test_the_first_screening_has_no_rise(alice: Member) -> None:
    response = finished(alice, 20)
    assert response.flags["rise"] is False and response.flags["previous_total"] is None


def test_someone_elses_screening_is_not_her_previous_one(alice: Member, bob: Member) -> None:
    finished(bob, 0, days_ago=10)
    assert finished(alice, 8).flags["previous_total"] is None


@pytest.mark.parametrize("item10", [1, 2, 3])
def test_every_non_zero_item_10_raises_the_urgent_alert(
    alice: Member, alerts: list[int], item10: int
) -> None:
    response = finished(alice, item10, item10=item10)
    assert alerts == [response.pk]
    assert response.flags["safety"] is True and response.flags["item10_score"] == item10


def test_never_on_item_10_raises_no_alert_even_with_a_high_total(
    alice: Member, alerts: list[int]
) -> None:
    response = finished(alice, 27)
    assert alerts == []
    assert response.flags["safety"] is False and response.band == "probable"


def test_a_failing_alert_keeps_the_result(alice: Member, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(response: Response) -> None:
        raise RuntimeError("queue down")

    monkeypatch.setattr(safety, "raise_urgent_alert", broken)
    response = finished(alice, 3, item10=3)
    response.refresh_from_db()
    assert response.status == Status.COMPLETE
    assert response.flags["alert_failed"] is True


def test_the_real_safety_module_gives_the_response_a_safety_block(alice: Member) -> None:
    response = finished(alice, 2, item10=2)
    found = safety.safety_for(response)
    assert found is not None and found.item_score == 2
    assert safety.safety_for(finished(alice, 2)) is None


def test_history_is_hers_completed_and_oldest_first(alice: Member, bob: Member) -> None:
    old, new = finished(alice, 4, days_ago=60), finished(alice, 11, days_ago=1)
    services.start(alice.user, alice.family, "epds").save()  # a draft
    finished(bob, 7)
    assert services.history(alice.user) == [old, new]
    assert services.latest_epds(alice.user) == new
    assert services.latest_epds(bob.user) != new


def test_latest_epds_is_none_before_the_first(alice: Member) -> None:
    services.start(alice.user, alice.family, "epds").save()
    assert services.latest_epds(alice.user) is None


def test_a_backdated_screening_compares_with_the_one_before_it(alice: Member) -> None:
    finished(alice, 2, days_ago=60)
    finished(alice, 20, days_ago=1)
    backfilled = finished(alice, 6, days_ago=30)
    assert backfilled.flags["previous_total"] == 2 and backfilled.flags["rise"] is True


def test_only_a_mother_starts_an_epds(dan: Member) -> None:
    with pytest.raises(ValidationError) as refused:
        services.start(dan.user, dan.family, "epds")
    assert "only her own account answers it" in str(refused.value)
