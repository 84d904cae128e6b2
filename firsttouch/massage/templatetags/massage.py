"""Template tags for pages outside the massage app (the Today page's "Continue the massage")."""

from __future__ import annotations

from django import template

from firsttouch.babies.models import Baby

from ..services import InProgress, massage_in_progress

register = template.Library()


@register.simple_tag
def in_progress_massage(baby: Baby | None) -> InProgress | None:
    """The baby's running guided session (see services.massage_in_progress), or None."""
    return massage_in_progress(baby) if baby is not None else None
