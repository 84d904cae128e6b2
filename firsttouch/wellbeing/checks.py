"""Start-up checks: EPDS thresholds that make sense, explained before a mother sees a band."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def epds_thresholds(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    possible = settings.EPDS_POSSIBLE_THRESHOLD
    probable = settings.EPDS_PROBABLE_THRESHOLD
    anxiety = settings.EPDS_ANXIETY_THRESHOLD
    errors = []
    if not 1 <= possible < probable <= 30:
        errors.append(
            Error(
                f"EPDS_POSSIBLE_THRESHOLD ({possible}) must be below EPDS_PROBABLE_THRESHOLD "
                f"({probable}), both between 1 and 30.",
                hint="The defaults are 10 and 13 (Levis et al. 2020); a clinic may use 10, 11 "
                "or 13.",
                id="wellbeing.E001",
            )
        )
    if not 1 <= anxiety <= 9:
        errors.append(
            Error(
                f"EPDS_ANXIETY_THRESHOLD ({anxiety}) must be between 1 and 9 "
                "(EPDS-3A scores 0 to 9).",
                hint="The default is 5.",
                id="wellbeing.E002",
            )
        )
    return errors
