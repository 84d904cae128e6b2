"""Metric and imperial: conversions round-trip at the precision each unit is typed in."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

import pytest
from django.utils import translation

from firsttouch.core import units as u


@pytest.fixture(autouse=True)
def _english() -> Iterator[None]:
    # A page rendered earlier in this process may have left another language active.
    with translation.override("en-gb"):
        yield


def test_seven_pounds_eleven_ounces_is_stored_as_3487_grams_and_shown_back() -> None:
    grams = u.grams_from_pounds_ounces(7, 11)
    assert grams == 3487
    assert u.pounds_ounces_from_grams(grams) == (7, 11)
    assert u.format_weight(grams, u.IMPERIAL) == "7 lb 11 oz"
    assert u.format_weight(grams, u.METRIC) == "3.49 kg"


def test_every_whole_ounce_weight_comes_back_unchanged() -> None:
    for pounds in range(56):
        for ounces in range(16):
            grams = u.grams_from_pounds_ounces(pounds, ounces)
            assert u.pounds_ounces_from_grams(grams) == (pounds, ounces)


def test_a_weight_just_under_a_pound_rounds_to_the_pound_not_to_16_ounces() -> None:
    assert u.pounds_ounces_from_grams(453) == (1, 0)
    assert u.pounds_ounces_from_grams(3620) == (8, 0)  # 127.7 oz: 8 lb 0 oz, never 7 lb 16 oz


def test_every_length_typed_in_inches_comes_back_unchanged() -> None:
    for tenths in range(79, 472):
        inches = Decimal(tenths) / 10
        assert u.inches_from_cm(u.cm_from_inches(inches)) == inches


def test_lengths_temperatures_and_volumes_convert_both_ways() -> None:
    assert u.cm_from_inches(Decimal("20.0")) == Decimal("50.8")
    assert u.inches_from_cm(Decimal("50.8")) == Decimal("20.0")
    assert u.celsius_from_fahrenheit(Decimal("100.4")) == Decimal("38.0")
    assert u.fahrenheit_from_celsius(Decimal("38.0")) == Decimal("100.4")
    assert u.ml_from_fluid_ounces(4) == 118
    assert u.fluid_ounces_from_ml(118) == Decimal("4.0")


def test_every_bottle_amount_typed_in_fluid_ounces_comes_back_unchanged() -> None:
    for tenths in range(1, 170):
        fl_oz = Decimal(tenths) / 10
        assert u.fluid_ounces_from_ml(u.ml_from_fluid_ounces(fl_oz)) == fl_oz


def test_a_temperature_typed_in_fahrenheit_is_at_most_a_tenth_off() -> None:
    """Stored to 0.1 °C, which is 0.18 °F: the documented limit of the round trip."""
    for tenths in range(932, 1095):
        typed = Decimal(tenths) / 10
        shown = u.fahrenheit_from_celsius(u.celsius_from_fahrenheit(typed))
        assert abs(shown - typed) <= Decimal("0.1")


def test_formats_follow_the_family_units_and_the_language() -> None:
    assert u.format_length(Decimal("50.8"), u.IMPERIAL) == "20.0 in"
    assert u.format_temperature(Decimal("38.0"), u.IMPERIAL) == "100.4 °F"
    assert u.format_volume(118, u.IMPERIAL) == "4.0 fl oz"
    assert u.format_volume(120, u.METRIC) == "120 ml"
    with translation.override("es"):
        assert u.format_length(Decimal("50.8"), u.METRIC) == "50,8 cm"
        assert u.format_weight(3487, u.METRIC) == "3,49 kg"
    with translation.override("fr"):
        assert u.format_temperature(Decimal("38.0"), u.METRIC) == "38,0 °C"
    assert u.plain(Decimal("4.0")) == "4"
    assert u.plain(Decimal("38.5")) == "38.5"


def test_the_active_units_are_the_default() -> None:
    u.activate(u.IMPERIAL)
    try:
        assert u.format_weight(3487) == "7 lb 11 oz"
    finally:
        u.deactivate()
    assert u.format_weight(3487) == "3.49 kg"
