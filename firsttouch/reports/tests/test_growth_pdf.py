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

from .helpers import pages, text, text_of_page

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
    words = text_of_page(pdf, 0)  # on the summary page; the charts follow on the second
    assert pages(pdf) == 2
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


def test_the_growth_charts_follow_on_a_second_page(alice: Member) -> None:
    """Each measured measure gets its chart with the centile lines named; an unmeasured one
    (length here) gets none."""
    baby = Baby.objects.create(
        family=alice.family, name="Mia", birth_date=date(2025, 11, 18), sex="girl"
    )
    for days_ago, grams, head in ((100, 3400, "34.5"), (40, 5100, "38.0"), (1, 6000, "39.5")):
        Growth.objects.create(
            baby=baby,
            time=NOW - timedelta(days=days_ago),
            weight_g=grams,
            head_cm=Decimal(head),
        )
    pdf = baby_summary_pdf(baby, ZONE, NOW)
    assert pages(pdf) == 2
    second = text_of_page(pdf, 1)
    assert "Mia on the WHO growth charts" in second
    assert "Weight (kg)" in second and "Head circumference (cm)" in second
    assert "Length (cm)" not in second
    for name in ("3rd", "15th", "50th", "85th", "97th"):
        assert second.count(name) >= 2  # a label on each chart
    assert "Age in months" in second and "WHO Child Growth Standards" in second


def test_no_growth_page_without_a_sex_or_a_measurement(alice: Member) -> None:
    unknown = Baby.objects.create(family=alice.family, name="Leo", birth_date=date(2025, 12, 1))
    Growth.objects.create(baby=unknown, time=NOW - timedelta(days=1), weight_g=5000)
    measured_never = Baby.objects.create(
        family=alice.family, name="Ava", birth_date=date(2025, 12, 1), sex="girl"
    )
    assert pages(baby_summary_pdf(unknown, ZONE, NOW)) == 1
    assert pages(baby_summary_pdf(measured_never, ZONE, NOW)) == 1
