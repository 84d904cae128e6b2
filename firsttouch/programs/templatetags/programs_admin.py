"""The admin index's urgent-alert banner reads its counts through these tags."""

from __future__ import annotations

from django import template

from firsttouch.programs.services import undelivered_count, unrecorded_count

register = template.Library()


@register.simple_tag
def undelivered_alert_count() -> int:
    return undelivered_count()


@register.simple_tag
def unrecorded_alert_count() -> int:
    return unrecorded_count()
