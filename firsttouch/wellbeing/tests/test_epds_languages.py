"""Issue 12: the EPDS in a language only with a bundled validated translation, else in English
with a note; the rest of the page in the page's language (docs/decisions/0023-epds-languages.md).

No real translation is bundled: these tests write a clearly fake one ("[test] item 1") into a
temporary content folder and put it in the registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from firsttouch.core.content import ContentError
from firsttouch.wellbeing import instruments as registry
from firsttouch.wellbeing import services
from firsttouch.wellbeing.fhir import to_fhir_questionnaire_response
from firsttouch.wellbeing.instruments import (
    INSTRUMENTS_DIR,
    bundled,
    bundled_translations,
    epds,
    load_bundled,
    load_translations,
)
from firsttouch.wellbeing.models import Response, Status
from firsttouch.wellbeing.tests.epds_answers import with_total
from firsttouch.wellbeing.tests.fake_translation import write_fake
from tests.cast import Member

NOTE_ES = "Este cuestionario se muestra en inglés"
NOTE_FR = "Ce questionnaire est présenté en anglais"
NOTE_EN = "This questionnaire is shown in English"


def test_the_epds_file_says_its_language_and_nothing_translated_is_bundled() -> None:
    assert epds().language == "en"
    assert bundled_translations() == {}
    assert not list(INSTRUMENTS_DIR.glob("epds.*.toml"))


def test_a_translation_with_the_same_scoring_loads_and_keeps_its_citations(tmp_path: Path) -> None:
    write_fake(tmp_path)
    found = load_translations(bundled(), tmp_path)
    spanish = found[("epds", "es")]
    assert spanish.items[0].text == "[test] item 1"
    assert spanish.citation == epds().citation
    assert spanish.validation is not None and spanish.validation.year == 2001
    # Originals and translations are read apart: a translation is never an instrument of its own.
    (tmp_path / "epds.toml").write_text((INSTRUMENTS_DIR / "epds.toml").read_text(encoding="utf-8"))
    assert [i.id for i in load_bundled(tmp_path)] == ["epds"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            {"scores": {"3": [0, 1, 2, 3]}},
            r"item 3: answers score \[0, 1, 2, 3\] instead of \[3, 2, 1, 0\]",
        ),
        ({"scores": {"1": [0, 1, 2, 4]}}, "item 1: answers score"),
        ({"scores": {"5": [3, 2, 1]}}, "item 5: answers score"),
        ({"safety_item": "9"}, "item 9: safety must be false"),
        ({"validation": None}, "must cite its validation study"),
    ],
)
def test_a_translation_that_would_score_differently_is_refused(
    tmp_path: Path, change: dict[str, object], message: str
) -> None:
    write_fake(tmp_path, **change)  # type: ignore[arg-type]
    with pytest.raises(ContentError, match=message):
        load_translations(bundled(), tmp_path)


def test_a_translation_must_name_its_language_in_the_file_name(tmp_path: Path) -> None:
    path = write_fake(tmp_path, "es")
    path.rename(tmp_path / "epds.fr.toml")
    with pytest.raises(ContentError, match="must match the file name"):
        load_translations(bundled(), tmp_path)


def test_a_translation_of_the_original_language_is_refused(tmp_path: Path) -> None:
    write_fake(tmp_path, "en")
    with pytest.raises(ContentError, match="the original's language"):
        load_translations(bundled(), tmp_path)


@pytest.fixture
def spanish_bundled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fake validated Spanish EPDS, as if it were shipped."""
    write_fake(tmp_path)
    found = load_translations(bundled(), tmp_path)
    monkeypatch.setattr(registry, "bundled_translations", lambda: found)


def test_without_a_translation_a_spanish_page_keeps_the_epds_in_english_and_says_so(
    alice: Member,
) -> None:
    page = alice.client().get(reverse("wellbeing:epds"), HTTP_ACCEPT_LANGUAGE="es").content
    text = page.decode()
    assert NOTE_ES in text
    assert epds().items[0].text in text  # the published English wording
    assert "Ver mi resultado" in text and "See my result" not in text
    assert "Pregunta 1 de 10" in text
    assert 'lang="en"' in text  # the English items are marked as English


def test_a_french_page_says_so_in_french_and_an_english_page_has_no_note(alice: Member) -> None:
    client = alice.client()
    french = client.get(reverse("wellbeing:epds"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert NOTE_FR in french and "Voir mon résultat" in french
    english = client.get(reverse("wellbeing:epds"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert NOTE_EN not in english and NOTE_ES not in english
    assert "See my result" in english


def test_with_a_bundled_translation_the_page_shows_it_with_its_citation(
    alice: Member, spanish_bundled: None
) -> None:
    text = alice.client().get(reverse("wellbeing:epds"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "[test] item 1" in text and epds().items[0].text not in text
    assert NOTE_ES not in text
    assert "Traducción validada:" in text and "Journal of Test Fixtures" in text
    assert "Cox, J.L., Holden, J.M., Sagovsky, R." in text  # the original's citation stays
    french = alice.client().get(reverse("wellbeing:epds"), HTTP_ACCEPT_LANGUAGE="fr").content
    assert NOTE_FR in french.decode()  # no French one: English with the note


def test_the_response_records_the_version_answered_and_scores_the_same(
    alice: Member, spanish_bundled: None
) -> None:
    client = alice.client()
    data = {f"item-{k}": str(v) for k, v in with_total(12, item10=1).items()}
    reply = client.post(reverse("wellbeing:epds"), data, HTTP_ACCEPT_LANGUAGE="es")
    assert reply.status_code == 302
    spanish = Response.objects.get(respondent=alice.user, status=Status.COMPLETE)
    assert spanish.instrument_language == "es"
    assert spanish.answers[0]["text"].startswith("[test] answer 1.")
    english = services.complete(
        services.submit(alice.user, alice.family, "epds", with_total(12, item10=1))
    )
    assert english.instrument_language == "en"
    assert (
        (spanish.total, spanish.band, spanish.flags["safety"])
        == (
            english.total,
            english.band,
            english.flags["safety"],
        )
        == (12, "possible", True)
    )
    # The crisis response, in Spanish, with the lines from the crisis resources file.
    page = client.get(reply["Location"], HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Hay ayuda disponible ahora" in page
    assert "Gracias por responder con sinceridad." in page
    assert 'href="tel:116123"' in page
    assert to_fhir_questionnaire_response(spanish)["language"] == "es"
    assert to_fhir_questionnaire_response(english)["language"] == "en"


def test_a_draft_keeps_the_language_it_was_started_in(alice: Member, spanish_bundled: None) -> None:
    client = alice.client()
    client.post(reverse("wellbeing:epds"), {"item-1": "0"}, HTTP_ACCEPT_LANGUAGE="es")
    draft = Response.objects.get(respondent=alice.user, status=Status.DRAFT)
    assert draft.instrument_language == "es"
    later = client.get(reverse("wellbeing:epds"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "[test] item 2" in later  # not switched half-way to other wording


def test_the_overview_in_spanish_and_french(alice: Member) -> None:
    client = alice.client()
    es = client.get(reverse("wellbeing:overview"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert "Tu bienestar" in es and "Your wellbeing" not in es
    assert "Dónde encontrar ayuda" in es and "Where to get help" not in es
    fr = client.get(reverse("wellbeing:overview"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "Votre bien-être" in fr and "Your wellbeing" not in fr
    assert "Où trouver de l’aide" in fr.replace("&#x27;", "'")
