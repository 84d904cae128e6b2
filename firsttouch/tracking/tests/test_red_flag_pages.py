"""Red flags on the pages: at once after a save, then 14 days on home and insights (issue 9)."""

from __future__ import annotations

import re
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse

from firsttouch.tracking.models import IllnessCheck, Nappy
from tests.cast import make_baby

from .factories import ago


def _local(dt: datetime) -> str:
    return dt.astimezone(ZoneInfo("Europe/London")).strftime("%Y-%m-%dT%H:%M")


def add_url(kind: str, baby) -> str:
    return f"{reverse('tracking:add', args=[kind])}?baby={baby.pk}"


def _alert(page: str) -> str:
    """The role=alert red-flag box of a page ("" when there is none)."""
    found = re.search(
        r'<section class="alert red-flags[^"]*" id="just-raised" role="alert">(.*?)</section>',
        page,
        re.S,
    )
    return found.group(1) if found else ""


def test_saving_a_pale_nappy_shows_the_alert_once_on_the_page_it_goes_back_to(alice, mia) -> None:
    client = alice.client()
    response = client.post(
        add_url("nappy", mia),
        {"time": _local(ago(minutes=5)), "dirty": "on", "colour": "pale"},
        follow=True,
    )
    alert = _alert(response.content.decode())
    assert "Contact your doctor or health visitor today" in alert
    assert "liver problem that needs checking quickly" in alert
    assert Nappy.objects.get().colour == "pale"
    # Shown at once, not on every later visit (home and insights keep the lasting reminder).
    again = client.get(f"{reverse('tracking:list', args=['nappy'])}?baby={mia.pk}")
    assert _alert(again.content.decode()) == ""


def test_the_alert_follows_the_save_back_home(alice, mia) -> None:
    home = reverse("baby", args=[mia.pk])
    response = alice.client().post(
        add_url("nappy", mia),
        {"time": _local(ago(minutes=5)), "dirty": "on", "colour": "red", "next": home},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == home
    assert "blood-streaked stool" in _alert(response.content.decode())


def test_a_normal_nappy_raises_no_alert(alice, mia) -> None:
    response = alice.client().post(
        add_url("nappy", mia),
        {"time": _local(ago(minutes=5)), "dirty": "on", "colour": "yellow"},
        follow=True,
    )
    assert _alert(response.content.decode()) == ""
    assert 'role="alert"' not in response.content.decode()


def test_a_fever_at_6_weeks_shows_the_urgent_message(alice) -> None:
    ivy = make_baby(alice.family, "Ivy", age_days=42)
    response = alice.client().post(
        add_url("illness", ivy),
        {"time": _local(ago(minutes=5)), "temperature_c": "38.0"},
        follow=True,
    )
    alert = _alert(response.content.decode())
    assert "Get urgent medical help now" in alert
    assert "urgent medical assessment now" in alert
    assert IllnessCheck.objects.get().temperature_c == 38


def test_the_illness_form_refuses_a_temperature_out_of_range_and_saves_nothing(alice, mia) -> None:
    response = alice.client().post(
        add_url("illness", mia), {"time": _local(ago(minutes=5)), "temperature_c": "44"}
    )
    assert response.status_code == 200
    assert "less than or equal to 43.0" in response.content.decode()
    assert not IllnessCheck.objects.exists()


def test_the_illness_form_needs_a_temperature_or_a_sign(alice, mia) -> None:
    response = alice.client().post(add_url("illness", mia), {"time": _local(ago(minutes=5))})
    assert "Enter a temperature, tick a sign, or both." in response.content.decode()
    assert not IllnessCheck.objects.exists()


def test_the_home_page_keeps_red_flags_for_14_days_with_the_date(alice, mia) -> None:
    Nappy.objects.create(baby=mia, time=ago(days=13), dirty=True, colour="pale")
    Nappy.objects.create(baby=mia, time=ago(days=15), dirty=True, colour="red")
    page = alice.client().get(reverse("baby", args=[mia.pk])).content.decode()
    assert 'id="recent-flags"' in page
    assert "Red flags logged in the last 14 days" in page
    assert 'data-code="stool-pale"' in page
    assert 'data-code="stool-blood"' not in page
    logged = ago(days=13).astimezone(ZoneInfo("Europe/London"))
    assert f"{logged:%a} {logged.day} {logged:%b %Y}" in page


def test_the_home_page_has_no_red_flag_block_without_flags(alice, mia) -> None:
    Nappy.objects.create(baby=mia, time=ago(days=1), dirty=True, colour="yellow")
    page = alice.client().get(reverse("baby", args=[mia.pk])).content.decode()
    assert 'id="recent-flags"' not in page


def test_the_insights_page_lists_recent_flags_most_urgent_first(alice, mia) -> None:
    Nappy.objects.create(baby=mia, time=ago(days=3), dirty=True, colour="pale")
    IllnessCheck.objects.create(baby=mia, time=ago(days=2), signs=["breathing_difficulty"])
    page = alice.client().get(reverse("insights:baby", args=[mia.pk])).content.decode()
    assert page.index('data-code="serious-illness-signs"') < page.index('data-code="stool-pale"')


def test_bob_never_sees_alices_red_flags(alice, mia, bob, leo) -> None:
    Nappy.objects.create(baby=mia, time=ago(days=1), dirty=True, colour="pale")
    page = bob.client().get(reverse("baby", args=[leo.pk])).content.decode()
    assert "stool-pale" not in page
    assert bob.client().get(reverse("baby", args=[mia.pk])).status_code == 404


def test_the_nappy_form_shows_the_stool_colour_card_in_words_and_swatches(alice, mia) -> None:
    page = alice.client().get(add_url("nappy", mia)).content.decode()
    for colour in ("yellow", "green", "brown", "pale"):
        assert f'data-colour="{colour}"' in page
    for name in ("pale yellow", "clay or grey", "white"):
        assert f'<span class="swatch-name">{name}</span>' in page
    assert page.count('<svg class="swatch"') == 8
    assert "(see a doctor today)" in page
    assert "chen-2006" not in page  # the source is cited in the template comment, not shown


def test_the_illness_entry_is_in_the_log_and_history(alice, mia) -> None:
    IllnessCheck.objects.create(
        baby=mia, time=ago(hours=1), temperature_c="37.8", signs=["vomiting"]
    )
    log = alice.client().get(reverse("tracking:log"), {"baby": mia.pk}).content.decode()
    assert "Add temperature and signs of illness" in log
    history = (
        alice.client()
        .get(f"{reverse('tracking:list', args=['illness'])}?baby={mia.pk}")
        .content.decode()
    )
    assert "Temperature and signs: 37.8 °C, vomiting" in history
