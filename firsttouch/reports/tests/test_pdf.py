"""The PDF itself, rendered and read back with pypdf: what it says, and that it is one page."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.insights.colic import COLIC_SENTENCE, RED_FLAGS
from firsttouch.insights.services import baby_insights
from firsttouch.insights.tests.factories import build_history, local
from firsttouch.portability.tests.factories import fill
from firsttouch.reports.data import period_days, report_data
from firsttouch.reports.pdf import (
    SCALES,
    _layout,
    baby_summary_pdf,
    disposition,
    filename,
    render,
)
from firsttouch.tracking.models import Crying, Feed, Growth, IllnessCheck, Nappy
from tests.cast import Member, make_baby

from .helpers import pages, text

TZ = "Europe/London"
ZONE = ZoneInfo(TZ)
# A fixed "now" keeps the dates on the page predictable: 10:00 in London on 20 March 2026.
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
TODAY = NOW.astimezone(ZONE).date()


def _baby(member: Member, name: str, born: date, **extra: object) -> Baby:
    return Baby.objects.create(family=member.family, name=name, birth_date=born, **extra)


def _log_care(baby: Baby, days: int = 28) -> None:
    """Six feeds, five nappies (two dirty) a day, and two weights."""
    feeds, nappies = [], []
    for n in range(1, days + 1):
        day = TODAY - timedelta(days=n)
        for hour in (2, 6, 10, 14, 18, 22):
            start = local(day, time(hour), TZ)
            feeds.append(
                Feed(
                    baby=baby,
                    kind="bottle",
                    amount_ml=100,
                    start=start,
                    end=start + timedelta(minutes=15),
                )
            )
        for hour in (3, 7, 11, 15, 19):
            nappies.append(
                Nappy(baby=baby, wet=True, dirty=hour in (7, 15), time=local(day, time(hour), TZ))
            )
    Feed.objects.bulk_create(feeds)
    Nappy.objects.bulk_create(nappies)
    Growth.objects.create(baby=baby, time=NOW - timedelta(days=20), weight_g=4210)
    Growth.objects.create(baby=baby, time=NOW - timedelta(days=3), weight_g=4655)


def test_the_page_names_the_baby_dates_ages_and_period(alice: Member) -> None:
    baby = _baby(alice, "Łucja Zoë", TODAY - timedelta(days=70), gestational_weeks=32)
    _log_care(baby)
    pdf = baby_summary_pdf(baby, ZONE, NOW)
    assert pages(pdf) == 1
    words = text(pdf)
    assert "Łucja Zoë" in words
    assert "Born 9 Jan 2026" in words
    # 70 days old, born 8 weeks early: 10 weeks, 2 weeks corrected.
    assert "Age 10 weeks" in words
    assert "Corrected age 2 weeks" in words
    assert "Born at 32 weeks" in words
    assert "Covers 21 Feb 2026 – 20 Mar 2026 (last 4 weeks, 28 days)" in words
    assert "Generated 20 Mar 2026, 10:00 (Europe/London)" in words
    assert "not a diagnosis" in words


def test_feeds_nappies_weight_are_summarised(alice: Member) -> None:
    baby = _baby(alice, "Mia", TODAY - timedelta(days=60))
    _log_care(baby)
    words = text(baby_summary_pdf(baby, ZONE, NOW))
    assert "Feeds: 162 feeds on 27 days with feeds logged, about 6 a day (bottle 162)" in words
    assert "Bottle milk: about 600 ml a day" in words
    assert "about 5 wet and 2 dirty a day over the 27 days with nappies logged" in words
    assert "Latest weight: 4.66 kg on 17 Mar 2026 (before that 4.21 kg on 28 Feb 2026)" in words
    assert "54 stools in 28 days, 2.0 a day on days with one" in words


def test_the_insights_sentences_are_printed_as_the_insights_page_words_them(alice: Member) -> None:
    baby = _baby(alice, "Ava", TODAY - timedelta(days=90))
    build_history(baby, TZ, TODAY - timedelta(days=42), 42, effect_minutes=60)
    pdf = baby_summary_pdf(baby, ZONE, NOW)
    words = text(pdf)
    insights = baby_insights(baby, ZONE, now=NOW)
    assert any(c.enough_data for c in insights.comparisons)
    for comparison in insights.comparisons:
        assert comparison.sentence in words
    assert insights.onset_sentence in words
    assert insights.crying_context in words
    assert "association, not that the massage caused it" in words
    # Every other evening from day -42 to day -2: 13 of them in the last 28 days.
    assert "Massage days: 13 of 28" in words
    assert pages(pdf) == 1


def test_a_colic_pattern_is_noted_with_its_red_flags(alice: Member) -> None:
    baby = _baby(alice, "Ava", TODAY - timedelta(days=40))
    cries = [
        Crying(
            baby=baby,
            start=local(TODAY - timedelta(days=n), time(15), TZ),
            end=local(TODAY - timedelta(days=n), time(18, 10), TZ),
        )
        for n in range(1, 8)
    ]
    Crying.objects.bulk_create(cries)
    words = text(baby_summary_pdf(baby, ZONE, NOW))
    assert COLIC_SENTENCE in words
    for flag in RED_FLAGS:
        assert flag in words


def test_no_colic_sentence_without_the_pattern(alice: Member) -> None:
    baby = _baby(alice, "Ava", TODAY - timedelta(days=40))
    build_history(baby, TZ, TODAY - timedelta(days=20), 20, effect_minutes=0)
    words = text(baby_summary_pdf(baby, ZONE, NOW))
    assert COLIC_SENTENCE not in words
    assert "see a doctor promptly if your baby has any of these" in words


def test_pale_stools_are_flagged_for_the_doctor(alice: Member) -> None:
    baby = _baby(alice, "Ava", TODAY - timedelta(days=40))
    Nappy.objects.create(baby=baby, dirty=True, colour="pale", time=NOW - timedelta(days=2))
    words = text(baby_summary_pdf(baby, ZONE, NOW))
    assert "Stools logged as pale, white or chalky (1)" in words
    assert "Pale, white or grey stools and blood are red flags for a doctor." in words


def test_an_empty_baby_still_renders_one_page_with_an_empty_state(alice: Member) -> None:
    baby = _baby(alice, "Noor", TODAY - timedelta(days=10))
    pdf = baby_summary_pdf(baby, ZONE, NOW)
    assert pages(pdf) == 1
    words = text(pdf)
    assert "Nothing has been logged for Noor in these 11 days yet" in words
    assert "No night sleep logged." in words
    assert "No feeds logged in this period." in words
    assert "No weight logged yet." in words
    # A baby younger than 4 weeks: the page covers the days since birth.
    assert "Covers 10 Mar 2026 – 20 Mar 2026 (since birth, 11 days)" in words
    assert "not a diagnosis" in words


def test_the_mothers_screenings_and_mood_never_reach_the_pdf(alice: Member) -> None:
    baby = make_baby(alice.family, "Mia", age_days=60)
    fill(alice, baby)  # an EPDS, a mood note, self-care and symptoms for Alice
    words = text(baby_summary_pdf(baby, ZONE, timezone.now())).lower()
    for private in (
        "epds",
        "edinburgh",
        "depression",
        "mood",
        "self-care",
        "anxiety",
        "alice",
        "screening",
        "wellbeing",
        "lactation",
    ):
        assert private not in words, private
    assert "mia" in words


def test_a_full_year_with_every_section_still_fits_one_page(alice: Member) -> None:
    """The longest page: routine comparisons, colic, flagged stools, a long name."""
    baby = _baby(alice, "Maximiliana-Josefína Ólafsdóttir", TODAY - timedelta(days=140))
    build_history(baby, TZ, TODAY - timedelta(days=120), 60, effect_minutes=45)
    build_history(
        baby,
        TZ,
        TODAY - timedelta(days=60),
        59,
        effect_minutes=20,
        seed=3,
        routine="tummy-gas",
        crying_minutes=200,
    )
    _log_care(baby)
    Nappy.objects.create(baby=baby, dirty=True, colour="red", time=NOW - timedelta(days=1))
    data = report_data(baby, ZONE, NOW)
    assert len(data.comparisons) == 10  # five measures, twice: massage, then by routine
    assert data.colic_matches
    pdf = baby_summary_pdf(baby, ZONE, NOW)
    assert pages(pdf) == 1
    words = text(pdf)
    for sentence in data.comparisons:
        assert sentence in words
    assert COLIC_SENTENCE in words
    assert "not a diagnosis" in words


@pytest.mark.parametrize(("age", "first"), [(100, TODAY - timedelta(days=27)), (5, None)])
def test_the_period_is_four_weeks_or_since_birth(
    alice: Member, age: int, first: date | None
) -> None:
    baby = _baby(alice, "Ava", TODAY - timedelta(days=age))
    days = period_days(baby, TODAY, 4)
    assert days[0] == (first or baby.birth_date)
    assert days[-1] == TODAY
    assert len(days) == (28 if first else age + 1)


def test_the_file_name_keeps_the_babys_name_and_the_header_survives_it() -> None:
    assert filename("Łucja Zoë", date(2026, 3, 20)) == "firsttouch-łucja-zoë-2026-03-20.pdf"
    header = disposition("Łucja", date(2026, 3, 20))
    assert header.startswith("attachment;")
    assert "filename*=utf-8''firsttouch-%C5%82ucja-2026-03-20.pdf" in header


def test_a_page_too_full_for_the_usual_type_is_set_smaller_to_stay_one_page(alice: Member) -> None:
    baby = _baby(alice, "Ava", TODAY - timedelta(days=60))
    _log_care(baby)
    data = report_data(baby, ZONE, NOW)
    long = [
        f"Sentence {n}: " + "a comparison worded at length to fill the page " * 4 for n in range(16)
    ]
    crowded = replace(data, comparisons=long)
    pdf = render(crowded)
    assert pages(pdf) == 1
    words = text(pdf)
    assert "Sentence 15:" in words
    assert "not a diagnosis" in words
    # The same content at the usual size would not have fitted.
    assert _layout(crowded, SCALES[0]).page_no() > 1


def test_red_flags_of_the_period_are_listed_first_with_their_date(alice: Member) -> None:
    baby = _baby(alice, "Ava", TODAY - timedelta(days=40))
    Nappy.objects.create(baby=baby, dirty=True, colour="pale", time=NOW - timedelta(days=2))
    IllnessCheck.objects.create(
        baby=baby, time=NOW - timedelta(days=1), temperature_c=Decimal("38.4")
    )
    # Before the four weeks of the page: not listed.
    Nappy.objects.create(baby=baby, dirty=True, colour="red", time=NOW - timedelta(days=30))
    data = report_data(baby, ZONE, NOW)
    assert data.red_flags == [
        "19 Mar 2026, 10:00: Temperature of 38 °C or more under 3 months of age "
        "(urgent assessment advised).",
        "18 Mar 2026, 10:00: Pale, white or clay-coloured stool (told to contact a doctor today).",
    ]
    pdf = baby_summary_pdf(baby, ZONE, NOW)
    assert pages(pdf) == 1
    words = text(pdf)
    assert "Red flags logged" in words
    first = words.index("Red flags logged")
    assert first < words.index("Feeds, nappies and growth")
    assert first < words.index("Night sleep")
    assert words.index("Temperature of 38") < words.index("Pale, white or clay")


def test_no_red_flag_heading_without_red_flags(alice: Member) -> None:
    baby = _baby(alice, "Ava", TODAY - timedelta(days=40))
    Nappy.objects.create(baby=baby, dirty=True, colour="yellow", time=NOW - timedelta(days=2))
    assert report_data(baby, ZONE, NOW).red_flags == []
    assert "Red flags logged" not in text(baby_summary_pdf(baby, ZONE, NOW))
