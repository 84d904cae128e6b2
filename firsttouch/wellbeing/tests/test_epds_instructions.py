"""Point 15 (EPDS): the instructions shown are exactly the published ones (Cox, Holden &
Sagovsky 1987, worked example included); the product's "screening check, not a diagnosis"
sentence is shown outside them, before the form."""

from __future__ import annotations

import re
from html import unescape

from django.urls import reverse

from firsttouch.wellbeing.fhir import from_fhir_questionnaire, to_fhir_questionnaire
from firsttouch.wellbeing.instruments import epds
from tests.cast import Member

PUBLISHED = (
    "As you have recently had a baby, we would like to know how you are feeling. Please "
    "UNDERLINE the answer which comes closest to how you have felt IN THE PAST 7 DAYS, not just "
    "how you feel today. Here is an example, already completed. I have felt happy: Yes, all the "
    "time Yes, most of the time No, not very often No, not at all This would mean: "
    '"I have felt happy most of the time" during the past week. Please complete the other '
    "questions in the same way."
)
OURS = "This is a screening check, not a diagnosis."


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def instructions_block(page: str) -> str:
    found = re.search(r'<div class="instructions" id="instructions"[^>]*>(.*?)</div>', page, re.S)
    assert found is not None
    return found.group(1)


def test_the_instrument_carries_the_published_instructions_and_nothing_else() -> None:
    instrument = epds()
    assert " ".join(" ".join(instrument.intro.split()).split()) == PUBLISHED
    assert "diagnosis" not in instrument.intro
    assert instrument.intro_example_answer == "Yes, most of the time"


def test_the_form_shows_them_exactly_with_the_example_answer_underlined(alice: Member) -> None:
    page = alice.client().get(reverse("wellbeing:epds")).content.decode()
    block = instructions_block(page)
    assert text_of(block) == PUBLISHED
    assert "<u>Yes, most of the time</u>" in block
    assert OURS not in text_of(block)


def test_the_screening_sentence_is_shown_before_the_instructions_and_the_form(
    alice: Member,
) -> None:
    page = alice.client().get(reverse("wellbeing:epds")).content.decode()
    assert page.count(OURS) == 1
    assert page.index(OURS) < page.index('id="instructions"') < page.index('id="epds-form"')


def test_the_fhir_questionnaire_carries_them_and_round_trips() -> None:
    exported = to_fhir_questionnaire(epds())
    assert " ".join(exported["description"].split()) == PUBLISHED
    assert from_fhir_questionnaire(exported) == epds()
