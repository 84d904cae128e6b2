"""The doctor's PDF states the latest WHO centile of each measure (read back with pypdf)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from firsttouch.babies.models import Baby
from firsttouch.reports.pdf import baby_summary_pdf
from firsttouch.tracking import growth
from firsttouch.tracking.models import Growth
from tests.cast import Member

from .helpers import pages, text

ZONE = ZoneInfo("Europe/London")
NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)


def test_the_pdf_states_the_latest_centiles(alice: Member) -> None:
    baby = Baby.objects.create(
        family=alice.family, name="Mia", birth_date=date(2025, 11, 18), sex="girl"
    )
    age = (NOW.date() - baby.birth_date).days - 1
    lms = growth.lms_at("weight", "girls", age)
    assert lms is not None
    grams = round(growth.value_at(growth.z_of_centile(25), lms) * 1000)
    Growth.objects.create(
        baby=baby, time=NOW - timedelta(days=1), weight_g=grams, head_cm=Decimal("39.0")
    )
    pdf = baby_summary_pdf(baby, ZONE, NOW)
    words = text(pdf)
    assert pages(pdf) == 1
    assert (
        f"WHO centile, latest weight {grams / 1000:.2f} kg at 3 months: about the 25th centile."
        in words
    )
    assert "WHO centile, latest head circumference 39.0 cm at 3 months" in words


def test_without_a_sex_the_pdf_says_why_there_are_no_centiles(alice: Member) -> None:
    baby = Baby.objects.create(family=alice.family, name="Leo", birth_date=date(2025, 12, 1))
    Growth.objects.create(baby=baby, time=NOW - timedelta(days=1), weight_g=5000)
    words = text(baby_summary_pdf(baby, ZONE, NOW))
    assert "WHO centiles: not shown, as the baby's sex is not recorded." in words
