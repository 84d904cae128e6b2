"""Words for values the programs pages show, in the reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext_lazy as _

register = template.Library()

# wellbeing's EPDS bands (``scoring.Band``), as a staff list names them.
BAND_LABELS = {"below": _("below"), "possible": _("possible"), "probable": _("probable")}


@register.filter
def band_label(band: str | None) -> str:
    """The band's word; an unknown value is shown as it is."""
    if not band:
        return ""
    return str(BAND_LABELS.get(band, band))
