"""Item 10: every answer but "Never" brings the safety response, whatever the total."""

from __future__ import annotations

import pytest

from firsttouch.wellbeing import safety, services
from tests.cast import Member

FORWARD = {1, 2, 4}
ITEM10_ANSWERS = {0: "Yes, quite often", 1: "Sometimes", 2: "Hardly ever", 3: "Never"}


def answers(scores: list[int]) -> dict[str, int]:
    """Option indexes giving each item the wanted score (the published directions)."""
    return {str(i): s if i in FORWARD else 3 - s for i, s in enumerate(scores, start=1)}


def test_the_options_are_the_published_ones() -> None:
    instrument = services.instruments().get("epds")
    item10 = instrument.item("10") if instrument is not None else None
    assert item10 is not None
    assert [o.text for o in item10.options] == list(ITEM10_ANSWERS.values())


@pytest.mark.parametrize("index", [0, 1, 2])
def test_every_answer_but_never_brings_the_safety_response_even_with_a_low_total(
    alice: Member, index: int
) -> None:
    chosen = answers([0] * 10) | {"10": index}
    done = services.submit(alice.user, alice.family, "epds", chosen, finish=True)
    assert done.total == 3 - index  # a total far below any threshold
    response = safety.safety_for(done)
    assert response is not None, ITEM10_ANSWERS[index]
    assert response.item_score == 3 - index
    assert "help is available right now" in response.message
    assert response.emergency == "999"  # Alice's family is in Europe/London
    assert [x.name for x in response.crisis] == ["Samaritans"]


def test_never_brings_no_safety_response_even_with_a_high_total(alice: Member) -> None:
    done = services.submit(alice.user, alice.family, "epds", answers([3] * 9 + [0]), finish=True)
    assert done.total == 27
    assert safety.safety_for(done) is None


@pytest.mark.parametrize("index", [0, 1, 2])
def test_a_draft_already_carries_it(alice: Member, index: int) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"10": index})
    assert not draft.is_complete
    assert safety.safety_for(draft) is not None


def test_a_draft_answered_never_does_not(alice: Member) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"10": 3, "1": 3})
    assert safety.safety_for(draft) is None


def test_the_api_shape_carries_the_lines_and_links(bob: Member) -> None:
    done = services.submit(bob.user, bob.family, "epds", answers([0] * 9 + [1]), finish=True)
    response = safety.safety_for(done)
    assert response is not None
    body = response.as_dict()
    assert body["country"] == "US"
    assert body["emergency_number"] == "911"
    assert body["emergency_tel"] == "tel:911"
    assert [(x["number"], x["tel"], x["sms"]) for x in body["crisis_lines"]] == [
        ("988", "tel:988", "sms:988"),
        ("1-833-852-6262", "tel:18338526262", "sms:18338526262"),
    ]
    assert [x["number"] for x in body["support_lines"]] == ["1-800-944-4773"]


def test_no_score_no_response() -> None:
    assert safety.safety_response(0, "US") is None
    assert safety.safety_response(1, "US") is not None


def test_it_still_works_when_the_instrument_cannot_be_read(
    alice: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    done = services.submit(alice.user, alice.family, "epds", answers([0] * 9 + [2]), finish=True)

    def broken(self: object) -> None:
        raise RuntimeError("registry down")

    monkeypatch.setattr(type(done), "instrument", broken)
    # No hard-coded EPDS item 10 to fall back on: the decision the scoring made when she
    # finished is stored with the result, and that is what still shows the help.
    assert done.flags["safety_items"] == {"10": 2}
    found = safety.safety_for(done)
    assert found is not None and found.item_score == 2
