"""The admin index's undelivered-alert banner reads its count through this tag."""

from __future__ import annotations

from django import template

from firsttouch.programs.services import undelivered_count

register = template.Library()


@register.simple_tag
def undelivered_alert_count() -> int:
    return undelivered_count()
