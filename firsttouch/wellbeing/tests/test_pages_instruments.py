"""Pages for a questionnaire a clinic loaded (the demo bonding instrument): the form, drafts,
a neutral result equal to the engine's score, her history, and who may see it."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from django.urls import reverse

from firsttouch.wellbeing import scoring, services
from firsttouch.wellbeing.fhir import to_fhir_questionnaire
from firsttouch.wellbeing.instruments import INSTRUMENTS_DIR, Instrument, instruments
from firsttouch.wellbeing.models import Response, Status
from tests.cast import Member

DEMO_ID = "demo-bonding"
FORM = reverse("wellbeing:instrument", args=[DEMO_ID])


@pytest.fixture
def demo(db: None) -> Instrument:
    services.import_instrument(
        json.loads((INSTRUMENTS_DIR / "demo-bonding.fhir.json").read_text(encoding="utf-8"))
    )
    found = instruments().get(DEMO_ID)
    assert found is not None
    return found


def fields(chosen: dict[str, int]) -> dict[str, str]:
    return {f"item-{k}": str(v) for k, v in chosen.items()}


def finish(client: Client, chosen: dict[str, int]) -> tuple[Response, str]:
    reply = client.post(FORM, fields(chosen))
    assert reply.status_code == 302, reply.content.decode()[:800]
    match = re.search(r"/questionnaires/demo-bonding/results/(\d+)/$", reply["Location"])
    assert match is not None, reply["Location"]
    response = Response.objects.get(pk=int(match.group(1)))
    return response, client.get(reply["Location"]).content.decode()


def test_the_form_draws_every_item_with_its_options_and_required_marks(
    alice: Member, demo: Instrument
) -> None:
    page = alice.client().get(FORM).content.decode()
    assert page.count('<fieldset class="question') == len(demo.items) == 4
    for item in demo.items:
        assert item.text in page
        radios = re.findall(rf'<input type="radio" name="item-{item.link_id}"', page)
        assert len(radios) == len(item.options)
    assert page.count("· required") == 4
    assert "made-up wording" in page  # the demo says it is a demo
    assert "Think about the past 7 days." in page  # the intro


def test_an_unknown_questionnaire_is_a_404(alice: Member) -> None:
    assert (
        alice.client().get(reverse("wellbeing:instrument", args=["no-such-thing"])).status_code
        == 404
    )


def test_the_epds_address_points_to_its_own_pages(alice: Member) -> None:
    page = alice.client().get(reverse("wellbeing:instrument", args=["epds"]))
    assert page.status_code == 200
    assert f'href="{reverse("wellbeing:epds")}"' in page.content.decode()
    assert '<fieldset class="question' not in page.content.decode()


@pytest.mark.parametrize("bad", ["4", "-1", "x"])
def test_an_answer_that_is_not_an_option_is_refused_and_nothing_is_saved(
    alice: Member, demo: Instrument, bad: str
) -> None:
    reply = alice.client().post(FORM, {"item-1": "0", "item-2": bad})
    assert reply.status_code == 400
    page = reply.content.decode()
    assert "not one of this questionnaire's choices, so nothing was saved" in page
    assert "That answer is not one of the choices" in page
    assert not Response.objects.exists()


def test_an_incomplete_form_is_a_draft_that_says_what_is_missing_and_is_never_scored(
    alice: Member, demo: Instrument
) -> None:
    client = alice.client()
    reply = client.post(FORM, fields({"1": 0, "3": 2}))
    assert reply.status_code == 200
    page = reply.content.decode()
    assert "Saved as a draft." in page
    assert '<a href="#q-2">question 2</a>' in page and '<a href="#q-4">question 4</a>' in page
    draft = Response.objects.get()
    assert draft.status == Status.DRAFT and draft.total is None and draft.subscales == {}
    # Coming back shows her answers; finishing the rest completes the same response.
    again = client.get(FORM).content.decode()
    assert re.search(r'name="item-3" value="2" checked', again)
    done, _ = finish(client, {"2": 1, "4": 3})
    assert done.pk == draft.pk and done.status == Status.COMPLETE


def test_the_result_shows_the_engines_numbers_and_no_invented_reading(
    alice: Member, demo: Instrument
) -> None:
    chosen = {"1": 0, "2": 1, "3": 3, "4": 2}
    response, page = finish(alice.client(), chosen)
    expected = scoring.score(demo, chosen)
    assert response.total == expected.total == 6
    assert re.search(rf'id="total">{expected.total} <span class="muted small">of 12<', page)
    assert expected.subscales == {"closeness": 5, "confidence": 1}
    assert re.search(r"Closeness</span><span><strong>5</strong> <span[^>]*>of 6<", page)
    assert re.search(r"Confidence</span><span><strong>1</strong> <span[^>]*>of 6<", page)
    assert "What the numbers mean depends on the questionnaire: ask the clinic" in page
    for word in ("depression", "threshold", "probable", "possible"):
        assert word not in page.split('id="score"')[1].split("</section>")[0].lower()
    assert "This is your first result" in page


def test_her_history_lists_each_result_newest_first(alice: Member, demo: Instrument) -> None:
    client = alice.client()
    first, _ = finish(client, {"1": 0, "2": 0, "3": 0, "4": 0})
    second, page = finish(client, {"1": 3, "2": 3, "3": 3, "4": 3})
    assert first.total == 12 and second.total == 0
    assert reverse("wellbeing:instrument_result", args=[DEMO_ID, first.pk]) in page
    history = client.get(reverse("wellbeing:instrument_history", args=[DEMO_ID]))
    text = history.content.decode()
    links = re.findall(r"/questionnaires/demo-bonding/results/(\d+)/", text)
    assert links == [str(second.pk), str(first.pk)]
    assert "Closeness 6 of 6" in text


def test_the_overview_lists_loaded_questionnaires_only_when_there_are_some(alice: Member) -> None:
    client = alice.client()
    assert 'id="questionnaires"' not in client.get(reverse("wellbeing:overview")).content.decode()
    services.import_instrument(
        json.loads((INSTRUMENTS_DIR / "demo-bonding.fhir.json").read_text(encoding="utf-8"))
    )
    page = client.get(reverse("wellbeing:overview")).content.decode()
    assert 'id="questionnaires"' in page and f'href="{FORM}"' in page
    assert f'href="{reverse("wellbeing:instrument", args=["epds"])}"' not in page


def test_dan_gets_404_until_she_shares_and_bob_always(
    alice: Member, dan: Member, bob: Member, demo: Instrument
) -> None:
    response, _ = finish(alice.client(), {"1": 0, "2": 1, "3": 2, "4": 3})
    url = reverse("wellbeing:instrument_result", args=[DEMO_ID, response.pk])
    share = reverse("wellbeing:instrument_share", args=[DEMO_ID, response.pk])
    assert dan.client().get(url).status_code == 404
    assert bob.client().get(url).status_code == 404
    assert dan.client().post(share, {"shared": "1"}).status_code == 404
    assert bob.client().post(share, {"shared": "1"}).status_code == 404
    response.refresh_from_db()
    assert not response.shared_with_family

    alice.client().post(share, {"shared": "1"})
    page = dan.client().get(url)
    assert page.status_code == 200
    assert "Alice's result" in page.content.decode()
    assert "Who can see this" not in page.content.decode()
    assert bob.client().get(url).status_code == 404
    # Another instrument's address for the same response is not a way in either.
    assert (
        alice.client()
        .get(reverse("wellbeing:instrument_result", args=["epds", response.pk]))
        .status_code
        == 404
    )


def test_a_draft_is_nobody_elses_and_its_result_page_sends_her_to_the_form(
    alice: Member, dan: Member, demo: Instrument
) -> None:
    draft = services.submit(alice.user, alice.family, DEMO_ID, {"1": 1}, shared_with_family=True)
    url = reverse("wellbeing:instrument_result", args=[DEMO_ID, draft.pk])
    assert dan.client().get(url).status_code == 404
    reply = alice.client().get(url)
    assert reply.status_code == 302 and reply["Location"] == FORM


def test_a_safety_item_in_an_imported_questionnaire_shows_help_first(
    alice: Member, demo: Instrument
) -> None:
    item = demo.items[0].model_copy(update={"safety": True})
    flagged = demo.model_copy(
        update={"id": "demo-safety", "items": [item, *demo.items[1:]], "subscales": []}
    )
    services.import_instrument(to_fhir_questionnaire(flagged))
    url = reverse("wellbeing:instrument", args=["demo-safety"])
    client = alice.client()
    form = client.get(url).content.decode()
    assert 'id="safety-live"' in form and "epds.js" in form
    # "Often" on item 1 scores 2, so help is due before anything else on the result.
    reply = client.post(url, fields({"1": 1, "2": 0, "3": 0, "4": 0}))
    page = client.get(reply["Location"]).content.decode()
    assert page.index("Help is available now") < page.index('id="score"')
