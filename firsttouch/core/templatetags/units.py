"""Show a stored measurement in the family's units: ``{% load units %}``, then
``{{ growth.weight_g|weight:family.units }}``, ``|length``, ``|temperature``, ``|volume``.

``family`` is in every page's context (accounts' context processor); without one the
units are metric.
"""

from __future__ import annotations

from decimal import Decimal

from django import template

from firsttouch.core import units as u

register = template.Library()


@register.filter
def weight(grams: int | None, units: str | None = None) -> str:
    return u.format_weight(grams, units)


@register.filter
def length(cm: Decimal | None, units: str | None = None) -> str:
    return u.format_length(cm, units)


@register.filter
def temperature(celsius: Decimal | None, units: str | None = None) -> str:
    return u.format_temperature(celsius, units)


@register.filter
def volume(ml: int | None, units: str | None = None) -> str:
    return u.format_volume(ml, units)
