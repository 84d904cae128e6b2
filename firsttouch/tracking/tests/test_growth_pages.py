"""The growth charts page: centiles at corrected age, empty states, and only one's own baby."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.tracking import growth
from firsttouch.tracking.growth_chart import growth_for
from firsttouch.tracking.models import Growth
from tests.cast import Member, make_baby


def _url(baby: Baby) -> str:
    return f"{reverse('tracking:growth_charts')}?baby={baby.pk}"


def _grams_at_centile(sex: growth.Sex, day: int, centile: float) -> int:
    lms = growth.lms_at("weight", sex, day)
    assert lms is not None
    return round(growth.value_at(growth.z_of_centile(centile), lms) * 1000)


def test_the_page_draws_three_charts_and_states_the_latest_centile(alice: Member) -> None:
    baby = make_baby(alice.family, "Mia", age_days=122)
    baby.sex = "girl"
    baby.save()
    grams = _grams_at_centile("girls", 122, 40)
    Growth.objects.create(
        baby=baby,
        time=timezone.now(),
        weight_g=grams,
        length_cm=Decimal("62.0"),
        head_cm=Decimal("40.1"),
    )
    page = alice.client().get(_url(baby)).content.decode()
    assert f"Weight {grams / 1000:.2f} kg at 4 months: about the 40th centile." in page
    assert page.count('class="chart growth-chart"') == 3
    for label in ("3rd", "15th", "50th", "85th", "97th"):
        assert f">{label}</text>" in page
    assert "Head circumference 40.1 cm at 4 months" in page
    assert "<table>" in page and "WHO Multicentre Growth Reference Study Group" in page


def test_a_baby_born_early_is_plotted_at_corrected_age(alice: Member) -> None:
    # Born at 32 weeks, 22 weeks ago: corrected age 14 weeks (98 days).
    baby = make_baby(alice.family, "Ada", age_days=154, gestational_weeks=32)
    baby.sex = "boy"
    baby.save()
    Growth.objects.create(baby=baby, time=timezone.now(), weight_g=5500)
    found = growth_for(baby)
    latest = found.measures[0].latest
    assert latest is not None
    assert (latest.centile.age_days, latest.centile.corrected) == (98, True)
    expected = growth.centile_for("weight", "boys", 5.5, 98).centile
    assert latest.centile.centile == expected
    page = alice.client().get(_url(baby)).content.decode()
    assert "at 3 months (corrected)" in page
    assert "Age in months (corrected)" in page


def test_before_the_due_date_there_is_no_centile(alice: Member) -> None:
    baby = make_baby(alice.family, "Ben", age_days=14, gestational_weeks=30)
    baby.sex = "boy"
    baby.save()
    Growth.objects.create(baby=baby, time=timezone.now(), weight_g=1900)
    page = alice.client().get(_url(baby)).content.decode()
    assert "Measured before the due date" in page
    assert "about the" not in page.split("Latest:")[1].split("</p>")[0]


def test_without_a_sex_the_page_asks_for_it_and_draws_nothing(alice: Member, mia: Baby) -> None:
    Growth.objects.create(baby=mia, time=timezone.now(), weight_g=5000)
    page = alice.client().get(_url(mia)).content.decode()
    assert "different for girls and boys" in page
    assert reverse("babies:edit", args=[mia.pk]) in page
    assert "growth-chart" not in page


def test_with_nothing_logged_it_says_so(alice: Member, mia: Baby) -> None:
    mia.sex = "girl"
    mia.save()
    page = alice.client().get(_url(mia)).content.decode()
    assert "No weight, length or head circumference logged for Mia yet." in page


def test_another_familys_baby_is_a_404(bob: Member, mia: Baby) -> None:
    assert bob.client().get(_url(mia)).status_code == 404


def test_head_circumference_is_logged_with_growth(alice: Member, mia: Baby) -> None:
    when = (timezone.localtime() - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    response = alice.client().post(
        f"{reverse('tracking:add', args=['growth'])}?baby={mia.pk}",
        {"time": when, "head_cm": "38.5"},
    )
    assert response.status_code == 302
    assert Growth.objects.get().head_cm == Decimal("38.5")
    bad = alice.client().post(
        f"{reverse('tracking:add', args=['growth'])}?baby={mia.pk}", {"time": when}
    )
    assert "head circumference" in bad.content.decode()
    assert Growth.objects.count() == 1
