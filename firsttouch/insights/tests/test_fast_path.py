"""The insights' prepared queries (core/prepared.py) answer what the ORM answers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from django.test import override_settings

from firsttouch.babies.models import Baby
from firsttouch.core import prepared
from firsttouch.insights import services
from firsttouch.tracking.models import GasEpisode, Nappy

from .factories import build_history

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_path_on(settings: Any) -> None:
    """These tests are about the fast path: on, whatever FIRSTTOUCH_FAST_PATH says."""
    settings.FAST_PATH = True


TZ = "America/New_York"


def test_insights_prepared_equal_the_orm(mia: Baby, leo: Baby) -> None:
    first = date(2026, 1, 5)
    build_history(mia, TZ, first, 40, effect_minutes=40)
    build_history(leo, TZ, first, 40, effect_minutes=0, seed=3)  # another baby: not counted
    for n in range(40):
        moment = datetime(2026, 1, 5, 14, tzinfo=UTC) + timedelta(days=n, hours=n % 13)
        Nappy.objects.create(baby=mia, time=moment, wet=True, dirty=n % 3 == 0)
        GasEpisode.objects.create(baby=mia, time=moment + timedelta(minutes=30))
    now = datetime(2026, 2, 16, 12, tzinfo=UTC)

    def everything() -> tuple[services.BabyInsights, services.DailyCounts, tuple[object, ...]]:
        return (
            services.baby_insights(mia, TZ, now=now),
            services.daily_counts(mia, TZ, first, first + timedelta(days=45)),
            services.data_version(mia),
        )

    fast = everything()
    with override_settings(FAST_PATH=False):
        plain = everything()
    assert fast == plain
    assert sum(fast[1].stools.values()) == 14  # dirty=True is filtered in the SQL now
    assert fast[2] and fast[0].days
    used = [value for key, value in prepared._PREPARED.items() if key[0].startswith("insights:")]
    assert len(used) == 7 and all(query is not None for query in used)  # all prepared
