"""How many clinics she shares with, for pages of other apps (the wellbeing overview).

A template tag rather than a query in the wellbeing view: wellbeing never imports programs,
so the overview asks the clinics' app through its template, the way it links to its pages.
"""

from __future__ import annotations

from typing import Any

from django import template

from firsttouch.programs.models import Consent

register = template.Library()


@register.simple_tag
def clinics_shared_by(user: Any) -> int:
    if not getattr(user, "is_authenticated", False):
        return 0
    return int(Consent.objects.active().filter(caregiver=user).count())
