"""The EPDS pages: the form, drafts, and a result that puts the safety block first."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from firsttouch.wellbeing import services
from firsttouch.wellbeing.models import Response, Status
from tests.cast import Member

FORWARD = {1, 2, 4}


def post_data(scores: dict[int, int]) -> dict[str, str]:
    """Form fields giving item i the score scores[i] (the published directions)."""
    return {f"item-{i}": str(s if i in FORWARD else 3 - s) for i, s in scores.items()}


def full(total_scores: list[int]) -> dict[str, str]:
    return post_data(dict(enumerate(total_scores, start=1)))


def submit(client: Client, data: dict[str, str]) -> tuple[Response, str]:
    reply = client.post(reverse("wellbeing:epds"), data)
    assert reply.status_code == 302, reply.content.decode()[:500]
    found = re.search(r"/checks/(\d+)/", reply["Location"])
    assert found is not None, reply["Location"]
    response = Response.objects.get(status=Status.COMPLETE, pk=int(found.group(1)))
    return response, client.get(reply["Location"]).content.decode()


def test_the_form_uses_the_published_wording_with_its_citation(alice: Member) -> None:
    page = alice.client().get(reverse("wellbeing:epds")).content.decode()
    instrument = services.instruments().get("epds")
    assert instrument is not None
    for item in instrument.items:
        assert item.text in page
    assert page.count('<fieldset class="question') == 10
    assert "Cox, J.L., Holden, J.M., Sagovsky, R." in page
    assert "British Journal of Psychiatry 1987;150:782-786" in page


def test_the_safety_block_is_ready_hidden_for_every_answer_but_never(alice: Member) -> None:
    page = alice.client().get(reverse("wellbeing:epds")).content.decode()
    item10 = re.findall(r'<input type="radio" name="item-10"[^>]*>', page)
    assert len(item10) == 4
    triggering = [x for x in item10 if "data-triggers-safety" in x]
    assert [re.search(r'value="(\d)"', x).group(1) for x in triggering] == ["0", "1", "2"]  # type: ignore[union-attr]
    block = re.search(r'<section class="safety-block" id="safety-live"[^>]*>', page)
    assert block is not None and "hidden" in block.group(0)
    assert 'href="tel:116123"' in page  # Samaritans, Alice is in Europe/London
    assert 'href="tel:999"' in page


def test_an_incomplete_form_is_saved_as_a_draft_and_says_what_is_missing(alice: Member) -> None:
    client = alice.client()
    reply = client.post(reverse("wellbeing:epds"), post_data({1: 1, 2: 0, 3: 2}))
    assert reply.status_code == 200
    page = reply.content.decode()
    assert "Saved as a draft" in page
    assert "7 questions still need an answer" in page
    assert 'href="#q-4"' in page and 'href="#q-10"' in page and 'href="#q-1"' not in page
    draft = Response.objects.get()
    assert draft.status == Status.DRAFT and draft.total is None and draft.band == ""
    # Coming back later, her answers are filled in and the rest is added to the same draft.
    again = client.get(reverse("wellbeing:epds")).content.decode()
    assert re.search(r'name="item-3" value="1" checked', again)
    reply = client.post(reverse("wellbeing:epds"), post_data({i: 0 for i in range(4, 11)}))
    assert reply.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.COMPLETE and draft.total == 3
    assert Response.objects.count() == 1


def test_an_empty_form_saves_nothing(alice: Member) -> None:
    reply = alice.client().post(reverse("wellbeing:epds"), {})
    assert reply.status_code == 400
    assert "Choose an answer" in reply.content.decode()
    assert not Response.objects.exists()


def test_a_tampered_answer_saves_nothing(alice: Member) -> None:
    reply = alice.client().post(reverse("wellbeing:epds"), {"item-1": "7", "item-2": "0"})
    assert reply.status_code == 400
    assert not Response.objects.exists()


@pytest.mark.parametrize("score", [3, 2, 1])
def test_a_draft_with_item_10_shows_the_safety_block_first(alice: Member, score: int) -> None:
    reply = alice.client().post(reverse("wellbeing:epds"), post_data({10: score}))
    page = reply.content.decode()
    block = re.search(r'<section class="safety-block" id="safety"[^>]*>', page)
    assert block is not None and "hidden" not in block.group(0)
    assert page.index('id="safety"') < page.index("<h1>")


@pytest.mark.parametrize("score", [3, 2, 1])
def test_the_result_shows_the_safety_block_before_the_score(alice: Member, score: int) -> None:
    response, page = submit(alice.client(), full([0] * 9 + [score]))
    assert response.total == score
    assert page.index('id="safety"') < page.index('id="score"')
    assert "Help is available now" in page
    assert 'href="tel:116123"' in page and 'href="tel:999"' in page


def test_a_low_score_has_no_safety_block(alice: Member) -> None:
    response, page = submit(alice.client(), full([1, 1, 0, 0, 0, 1, 0, 0, 1, 0]))
    assert response.total == 4
    assert 'class="safety-block"' not in page
    assert "Below the usual screening threshold" in page
    assert "screening result, not a diagnosis" in page
    assert "Where to get help" in page  # every page with a score says where help is


@pytest.mark.parametrize(
    ("scores", "band", "advice"),
    [
        (
            [1, 1, 1, 0, 0, 1, 1, 1, 3, 0],
            "Below the usual screening threshold (0 to 9)",
            "take the check again whenever you like",
        ),
        (
            [1, 1, 1, 1, 0, 1, 1, 1, 3, 0],
            "Possible depression (10 to 12)",
            "again in 2 to 4 weeks, and talk to",
        ),
        (
            [2, 2, 1, 0, 0, 2, 2, 1, 2, 0],
            "Possible depression (10 to 12)",
            "again in 2 to 4 weeks, and talk to",
        ),
        (
            [2, 2, 1, 1, 0, 2, 2, 1, 2, 0],
            "Probable depression (13 or more)",
            "We recommend a clinical assessment soon",
        ),
    ],
)
def test_the_band_in_plain_words(alice: Member, scores: list[int], band: str, advice: str) -> None:
    response, page = submit(alice.client(), full(scores))
    assert response.total == sum(scores)
    assert re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page)).count(band) == 1
    assert advice in page.replace("You can take", "take")


def test_anxiety_is_noted_even_when_the_total_is_low(alice: Member) -> None:
    response, page = submit(alice.client(), full([0, 0, 2, 2, 1, 0, 0, 0, 0, 0]))
    assert response.total == 5 and response.band == "below"
    assert "Signs of anxiety worth talking about" in page


def test_no_anxiety_note_below_the_threshold(alice: Member) -> None:
    _, page = submit(alice.client(), full([0, 0, 2, 1, 1, 0, 0, 0, 0, 0]))
    assert "Signs of anxiety" not in page


def test_a_rise_reads_as_your_score_went_up(alice: Member) -> None:
    client = alice.client()
    submit(client, full([1] + [0] * 9))
    _, page = submit(client, full([2, 1, 1, 0, 0, 1, 0, 0, 0, 0]))
    assert "Your score went up by 4 points" in page
