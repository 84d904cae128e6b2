"""Metric and imperial units: conversions and the words a page shows.

What is stored never changes: grams, centimetres, degrees Celsius and millilitres, as the
WHO charts, the red-flag rules and the exports expect. A family that chose imperial units
(``Family.units``) types and reads pounds and ounces, inches, °F and fluid ounces; the forms
convert on the way in (``core/unit_fields.py``) and the template filters on the way out
(``core/templatetags/units.py``).

Precision, chosen so that what a parent typed comes back unchanged:

- weight: stored to the gram; imperial is whole ounces (1 oz is 28.3 g, finer than any home
  or clinic scale reads a baby in ounces). 7 lb 11 oz is stored as 3487 g and shown as
  7 lb 11 oz again.
- length and head circumference: stored to 0.1 cm; inches to 0.1 in (0.254 cm, coarser than
  the stored step, so a value typed in inches always comes back the same).
- temperature: stored to 0.1 °C; °F to 0.1 °F. 0.1 °F is finer than 0.1 °C, so a value typed
  in °F can come back 0.1 °F off (100.5 °F is stored as 38.1 °C and shown as 100.6 °F).
- bottle amounts: stored to the ml; US fluid ounces (29.57 ml) to 0.1 fl oz, the ounce that
  bottle markings and formula scoops in the US use.

Shown numbers are localised (a decimal comma in Spanish and French); numbers written into
inputs and data attributes are not (see ``plain``).
"""

from __future__ import annotations

from contextvars import ContextVar
from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

METRIC = "metric"
IMPERIAL = "imperial"

GRAMS_PER_POUND = Decimal("453.59237")
OUNCES_PER_POUND = 16
GRAMS_PER_OUNCE = GRAMS_PER_POUND / OUNCES_PER_POUND
CM_PER_INCH = Decimal("2.54")
ML_PER_FLUID_OUNCE = Decimal("29.5735295625")  # US customary fluid ounce

TENTH = Decimal("0.1")
# Between a number and its unit (a plain space, as the pages always wrote it).
SPACE = " "


def _tenth(value: Decimal) -> Decimal:
    return value.quantize(TENTH, rounding=ROUND_HALF_UP)


def _whole(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


# The units of the family whose page is being made: set by accounts' FamilyMiddleware, like
# the time zone, so a sentence built deep in a service speaks the family's units unasked.
_active: ContextVar[str] = ContextVar("firsttouch_units", default=METRIC)


def activate(units: str) -> None:
    _active.set(IMPERIAL if units == IMPERIAL else METRIC)


def deactivate() -> None:
    _active.set(METRIC)


def active() -> str:
    return _active.get()


def is_imperial(units: str | None = None) -> bool:
    """Whether ``units`` (or, when None, the active family's units) is imperial."""
    return (units or active()) == IMPERIAL


# --- Weight -----------------------------------------------------------------------------------


def grams_from_pounds_ounces(pounds: int, ounces: int | Decimal) -> int:
    """7 lb 11 oz -> 3487 (to the gram)."""
    return _whole(Decimal(pounds) * GRAMS_PER_POUND + Decimal(ounces) * GRAMS_PER_OUNCE)


def ounces_from_grams(grams: int | Decimal) -> int:
    """The weight in whole ounces (3487 g -> 123 oz)."""
    return _whole(Decimal(grams) / GRAMS_PER_OUNCE)


def pounds_ounces_from_grams(grams: int | Decimal) -> tuple[int, int]:
    """3487 g -> (7, 11): to the nearest ounce, never 16 oz."""
    pounds, ounces = divmod(ounces_from_grams(grams), OUNCES_PER_POUND)
    return pounds, ounces


def pounds_from_grams(grams: int | Decimal) -> Decimal:
    """The weight in decimal pounds, for a chart's axis (0.01 lb)."""
    return (Decimal(grams) / GRAMS_PER_POUND).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def format_pounds_ounces(pounds: int, ounces: int) -> str:
    return f"{pounds}{SPACE}lb {ounces}{SPACE}oz"


def format_weight(grams: int | Decimal | None, units: str | None = None) -> str:
    """3487 -> "3.49 kg" (metric, localised; grams are typed) or "7 lb 11 oz" (imperial)."""
    if grams is None:
        return ""
    if is_imperial(units):
        return format_pounds_ounces(*pounds_ounces_from_grams(grams))
    return format_kilograms(Decimal(grams) / 1000)


def format_kilograms(kg: Decimal | float) -> str:
    """6.8049 -> "6.80 kg": to 10 g, as the growth pages state weights (localised)."""
    hundredths = Decimal(str(kg)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{number_format(hundredths, 2)}{SPACE}kg"


# --- Length and head circumference -----------------------------------------------------------


def cm_from_inches(inches: Decimal | float | str) -> Decimal:
    """20.0 in -> 50.8 cm (to 0.1 cm, the stored step)."""
    return _tenth(Decimal(str(inches)) * CM_PER_INCH)


def inches_from_cm(cm: Decimal | float | str) -> Decimal:
    """50.8 cm -> 20.0 in (to 0.1 in)."""
    return _tenth(Decimal(str(cm)) / CM_PER_INCH)


def format_length(cm: Decimal | float | None, units: str | None = None) -> str:
    """50.8 -> "50.8 cm" or "20.0 in" (localised: "50,8 cm" in Spanish)."""
    if cm is None:
        return ""
    if is_imperial(units):
        return f"{number_format(inches_from_cm(cm), 1)}{SPACE}in"
    return f"{number_format(_tenth(Decimal(str(cm))), 1)}{SPACE}cm"


# --- Temperature ------------------------------------------------------------------------------


def celsius_from_fahrenheit(fahrenheit: Decimal | float | str) -> Decimal:
    """100.4 °F -> 38.0 °C (to 0.1 °C, the stored step)."""
    return _tenth((Decimal(str(fahrenheit)) - 32) * 5 / 9)


def fahrenheit_from_celsius(celsius: Decimal | float | str) -> Decimal:
    """38.0 °C -> 100.4 °F (to 0.1 °F)."""
    return _tenth(Decimal(str(celsius)) * 9 / 5 + 32)


def format_temperature(celsius: Decimal | float | None, units: str | None = None) -> str:
    if celsius is None:
        return ""
    if is_imperial(units):
        return f"{number_format(fahrenheit_from_celsius(celsius), 1)}{SPACE}°F"
    return f"{number_format(_tenth(Decimal(str(celsius))), 1)}{SPACE}°C"


# --- Volume (bottle feeds) --------------------------------------------------------------------


def ml_from_fluid_ounces(fluid_ounces: Decimal | float | str) -> int:
    """4 fl oz -> 118 ml (to the ml)."""
    return _whole(Decimal(str(fluid_ounces)) * ML_PER_FLUID_OUNCE)


def fluid_ounces_from_ml(ml: int | Decimal) -> Decimal:
    """118 ml -> 4.0 fl oz (to 0.1 fl oz)."""
    return _tenth(Decimal(ml) / ML_PER_FLUID_OUNCE)


def format_volume(ml: int | Decimal | None, units: str | None = None) -> str:
    """120 -> "120 ml" or "4.1 fl oz"."""
    if ml is None:
        return ""
    if is_imperial(units):
        return f"{number_format(fluid_ounces_from_ml(ml), 1)}{SPACE}fl{SPACE}oz"
    return f"{number_format(ml, 0)}{SPACE}ml"


def volume_unit(units: str | None = None) -> str:
    return f"fl{SPACE}oz" if is_imperial(units) else "ml"


def plain(value: Decimal | float | int) -> str:
    """A number for an input's value or a data attribute: a dot, never a decimal comma."""
    return format(Decimal(str(value)).normalize(), "f")
