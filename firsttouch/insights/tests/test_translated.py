"""The insights page in Spanish and French (issue 12): the honest statistics sentences are
translated with their numbers unchanged, and the cache never serves one language to another."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from firsttouch.babies.models import Baby
from firsttouch.insights.stats import MEASURES, compare_days
from tests.cast import Member

from .factories import build_history
from .test_views import TZ, today


def night_sentence(member: Member, baby: Baby, language: str) -> tuple[str, str]:
    url = reverse("insights:baby", args=[baby.pk])
    html = member.client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    block = re.search(r'id="cmp-night_sleep".*?<p class="sentence">(.*?)</p>', html, re.S)
    assert block is not None
    return html, unescape(block.group(1))


@pytest.mark.parametrize(
    ("language", "heading", "words"),
    [
        ("es", "¿Está ayudando el masaje vespertino?", "minutos más en el sueño nocturno de Mia"),
        ("fr", "Le massage du soir aide-t-il ?", "minutes de plus pour le sommeil de nuit de Mia"),
    ],
)
def test_the_findings_are_translated_with_the_same_numbers(
    alice: Member, mia: Baby, language: str, heading: str, words: str
) -> None:
    build_history(mia, TZ, today() - timedelta(days=41), 40, effect_minutes=45)
    _, english = night_sentence(alice, mia, "en-gb")
    html, translated = night_sentence(alice, mia, language)
    assert heading in html and "Is the evening massage helping?" not in html
    assert words in translated
    assert "night sleep" not in translated
    # The numbers and their order: the difference, the interval's ends and its coverage.
    assert re.findall(r"\d+", translated) == re.findall(r"\d+", english)
    # The cached findings are per language: English again reads English.
    _, again = night_sentence(alice, mia, "en-gb")
    assert again == english and "night sleep was on average" in again


@pytest.mark.parametrize(
    ("language", "sentence", "flag"),
    [
        ("es", "Aún no hay nada que comparar", "sangre en las heces"),
        ("fr", "Rien à comparer pour l’instant", "du sang dans les selles"),
    ],
)
def test_the_empty_page_and_its_red_flags_are_translated(
    alice: Member, mia: Baby, language: str, sentence: str, flag: str
) -> None:
    url = reverse("insights:baby", args=[mia.pk])
    html = alice.client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert sentence in html and flag in html
    assert "Nothing to compare yet" not in html and "blood in stool" not in html


def test_counts_use_the_languages_decimal_comma() -> None:
    wakings = next(m for m in MEASURES if m.key == "night_wakings")
    massage = [i % 2 == 0 for i in range(40)]
    values = [1.0 if m else 2.5 for m in massage]
    with translation.override("fr"):
        found = compare_days([wakings], list(range(40)), massage, [values], name="Mia")[0]
    assert "1,5 de moins" in found.sentence and "les réveils nocturnes de Mia" in found.sentence
