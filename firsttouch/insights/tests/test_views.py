"""The insights page: empty state, planted findings in the domain's words, scoping, queries."""

from __future__ import annotations

import re
from datetime import date, time, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.insights.colic import COLIC_SENTENCE, RED_FLAGS
from firsttouch.insights.services import daily_counts
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import Crying, GasEpisode, Nappy
from tests.cast import Member, make_baby

from .factories import build_history, local

TZ = "Europe/London"


def today() -> date:
    return timezone.now().astimezone(ZoneInfo(TZ)).date()


def page(member: Member, baby: Baby) -> str:
    response = member.client().get(reverse("insights:baby", args=[baby.pk]))
    assert response.status_code == 200
    return response.content.decode()


def main(html: str) -> str:
    """The page's content, without the per-request CSRF token of the header."""
    return html[html.index("<main") : html.index("</main>")]


def plant(baby: Baby, days: int = 40, effect: float = 45) -> set[date]:
    """``days`` days ending yesterday, massage every other evening, a planted effect."""
    return build_history(baby, TZ, today() - timedelta(days=days + 1), days, effect_minutes=effect)


def test_a_new_baby_gets_the_empty_state_with_what_to_log(alice: Member, mia: Baby) -> None:
    html = page(alice, mia)
    assert 'id="insights-empty"' in html
    assert "Nothing to compare yet" in html
    assert "Log each massage" in html and "sleep" in html
    assert "After 7 evenings with a massage and 7 without" in html
    assert reverse("reports:baby_pdf", args=[mia.pk]) in html
    # The red flags are there even before anything is logged.
    for flag in RED_FLAGS:
        assert flag in html
    assert 'id="cmp-night_sleep"' not in html


def test_planted_data_shows_the_domains_sentences_and_the_interval(
    alice: Member, mia: Baby
) -> None:
    plant(mia)
    html = page(alice, mia)
    assert 'id="insights-empty"' not in html
    assert "Is the evening massage helping?" in html
    night = re.search(r'id="cmp-night_sleep".*?</article>', html, re.S)
    assert night is not None
    block = night.group(0)
    assert "night sleep was on average" in block and "longer" in block
    assert "this shows an association, not that the massage caused it." in block
    assert "may be part of the reason" in block
    assert 'class="interval clear"' in block and "<title" in block
    assert "20 days" in block  # the counts of days with and without
    assert "After an evening massage, Mia fell asleep on average 10 minutes" in html
    # Every comparison is on the page, and nothing claims the massage caused anything.
    for key in ("night_wakings", "total_sleep", "longest_stretch", "crying"):
        assert f'id="cmp-{key}"' in html
    assert "caused" not in html.replace("not that the massage caused it", "")
    for chart in (
        "ins-sleep-svg",
        "ins-crying-weeks-svg",
        "ins-massage-svg",
        "ins-stools-svg",
        "ins-gas-svg",
        "ins-crying-days-svg",
    ):
        assert f'id="{chart}"' in html


def test_a_few_days_say_how_many_more_are_needed(alice: Member, mia: Baby) -> None:
    plant(mia, days=9)  # 5 evenings with a massage, 4 without
    html = page(alice, mia)
    assert 'id="not-enough"' in html
    assert "2 more days with an evening massage and 3 more days without are needed" in html
    assert "Not enough data yet to compare Mia&#x27;s night sleep" in html
    assert "With an evening massage: 5 days (7 needed)" in html
    assert "Without: 4 days (7 needed)" in html
    assert 'class="interval' not in html


def test_the_bedtime_wind_down_is_compared_with_other_evening_routines(
    alice: Member, mia: Baby
) -> None:
    first = today() - timedelta(days=41)
    build_history(mia, TZ, first, 20, effect_minutes=45, massage_every=1)
    build_history(
        mia,
        TZ,
        first + timedelta(days=20),
        20,
        effect_minutes=0,
        massage_every=1,
        routine="full-body",
    )
    html = page(alice, mia)
    block = re.search(r'id="by-routine".*?</details>', html, re.S)
    assert block is not None
    night = re.search(r'id="rtn-night_sleep".*?</div>', block.group(0), re.S)
    assert night is not None
    assert "the bedtime wind-down (against other evening routines)" in night.group(0)
    assert "Night sleep: the bedtime wind-down against other evening routines" in night.group(0)
    assert "(20 days)" in night.group(0)


def test_the_colic_pattern_shows_with_the_red_flags(alice: Member, mia: Baby) -> None:
    day = today() - timedelta(days=6)
    Crying.objects.bulk_create(
        [
            Crying(
                baby=mia,
                start=local(day + timedelta(days=n), time(15, 0), TZ),
                end=local(day + timedelta(days=n), time(18, 30), TZ),
            )
            for n in (0, 1, 3)
        ]
    )
    html = page(alice, mia)
    note = re.search(r'id="colic-note".*?</div>', html, re.S)
    assert note is not None
    assert COLIC_SENTENCE.replace("'", "&#x27;") in note.group(0)
    for flag in RED_FLAGS:
        assert f"<li>{flag}</li>" in note.group(0)
    assert 'id="crying-context"' in html and "not a diagnosis" in html


def test_responses_show_counts(alice: Member, mia: Baby) -> None:
    start = timezone.now() - timedelta(days=2)
    MassageSession.objects.bulk_create(
        [
            MassageSession(
                baby=mia,
                routine_slug="bedtime-wind-down",
                started_at=start,
                ended_at=start + timedelta(minutes=12),
                cues=["smiling"],
                state_before="fussy",
                state_after="drowsy",
                steps_completed=6,
            )
            for _ in range(5)
        ]
    )
    html = page(alice, mia)
    ranked = re.search(r'id="ranked-routines".*?</ol>', html, re.S)
    assert ranked is not None
    assert (
        "<strong>Bedtime wind-down</strong>: settled Mia in 5 of 5 sessions; "
        "fussy, crying or stopped early in 0"
    ) in ranked.group(0)
    assert 'width="100"' in ranked.group(0)  # the bar: 5 of 5 settled


def test_bob_gets_404_for_alices_baby(alice: Member, mia: Baby, bob: Member) -> None:
    response = bob.client().get(reverse("insights:baby", args=[mia.pk]))
    assert response.status_code == 404


def test_dan_the_partner_sees_it(alice: Member, dan: Member, mia: Baby) -> None:
    plant(mia)
    html = page(dan, mia)
    assert "night sleep was on average" in html


def test_logged_out_is_sent_to_log_in(mia: Baby) -> None:
    from django.test import Client

    response = Client().get(reverse("insights:baby", args=[mia.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_several_babies_can_be_switched(alice: Member, mia: Baby) -> None:
    noa = make_baby(alice.family, "Noa", age_days=10)
    html = page(alice, mia)
    assert f'href="{reverse("insights:baby", args=[noa.pk])}"' in html
    assert 'aria-current="page">Mia' in html


def test_the_baby_page_links_to_insights(alice: Member, mia: Baby) -> None:
    html = alice.client().get(reverse("baby", args=[mia.pk])).content.decode()
    assert f'href="{reverse("insights:baby", args=[mia.pk])}"' in html


def test_the_page_runs_a_fixed_number_of_queries(
    alice: Member, mia: Baby, django_assert_max_num_queries
) -> None:
    client = alice.client()
    url = reverse("insights:baby", args=[mia.pk])
    client.get(url)  # the session and the content library warm up first
    cache.clear()  # measure the full computation, not a cached overview
    with CaptureQueriesContext(connection) as empty:
        client.get(url)
    plant(mia, days=120)
    yesterday = timezone.now() - timedelta(days=1)
    Nappy.objects.bulk_create(
        [Nappy(baby=mia, dirty=True, time=yesterday - timedelta(hours=n)) for n in range(30)]
    )
    GasEpisode.objects.bulk_create(
        [GasEpisode(baby=mia, time=yesterday - timedelta(hours=n)) for n in range(30)]
    )
    with django_assert_max_num_queries(len(empty)):
        html = client.get(url).content.decode()
    assert "night sleep was on average" in html
    # 3 for the session and family, 2 babies, 1 to check the cache, 7 for the insights,
    # 2 for the red flags of the last 14 days (stools, then temperatures and signs)
    assert len(empty) <= 15
    with CaptureQueriesContext(connection) as again:
        again_html = client.get(url).content.decode()
    assert main(again_html) == main(html)
    assert len(again) == len(empty) - 4  # nothing new logged: the insights are reused


def test_a_new_or_changed_or_deleted_entry_is_seen_at_once(alice: Member, mia: Baby) -> None:
    client = alice.client()
    url = reverse("insights:baby", args=[mia.pk])
    assert 'id="insights-empty"' in client.get(url).content.decode()
    start = timezone.now() - timedelta(hours=3)
    crying = Crying.objects.create(baby=mia, start=start, end=start + timedelta(minutes=20))
    html = client.get(url).content.decode()
    assert 'id="insights-empty"' not in html
    day = timezone.localdate(start, ZoneInfo(TZ))
    spoken = f"{day:%A} {day.day} {day:%B}: 20 minutes"
    assert spoken in html
    crying.end = start + timedelta(minutes=45)
    crying.save()
    assert f"{day:%A} {day.day} {day:%B}: 45 minutes" in client.get(url).content.decode()
    crying.delete()
    assert 'id="insights-empty"' in client.get(url).content.decode()
    Baby.objects.filter(pk=mia.pk).update(name="Mila")
    assert "What Mila" in client.get(url).content.decode()


def test_daily_counts_are_per_local_day_in_three_queries(mia: Baby) -> None:
    day = date(2026, 3, 29)  # the clocks go forward in London
    Nappy.objects.bulk_create(
        [
            Nappy(baby=mia, dirty=True, time=local(day, time(0, 30), TZ)),
            Nappy(baby=mia, dirty=True, time=local(day, time(23, 30), TZ)),
            Nappy(baby=mia, wet=True, time=local(day, time(12, 0), TZ)),  # not a stool
            Nappy(baby=mia, dirty=True, time=local(day + timedelta(days=1), time(0, 10), TZ)),
        ]
    )
    GasEpisode.objects.bulk_create([GasEpisode(baby=mia, time=local(day, time(9, 0), TZ))])
    MassageSession.objects.bulk_create(
        [MassageSession(baby=mia, started_at=local(day - timedelta(days=1), time(23, 50), TZ))]
    )
    with CaptureQueriesContext(connection) as queries:
        counts = daily_counts(mia, TZ, day - timedelta(days=1), day)
    assert len(queries) == 3
    assert counts.stools == {day: 2}  # the one after midnight is outside the range
    assert counts.gas == {day: 1}
    assert counts.massages == {day - timedelta(days=1): 1}


def test_each_comparison_says_whether_it_is_the_main_measure(alice: Member, mia: Baby) -> None:
    plant(mia)
    html = page(alice, mia)
    order = [html.index(f'id="cmp-{key}"') for key in ("night_sleep", "night_wakings", "crying")]
    assert order == sorted(order) and order[-1] < html.index('id="cmp-total_sleep"')
    assert re.search(r'id="cmp-night_sleep-role">Main measure<', html)
    assert re.search(r'id="cmp-crying-role">Secondary: read only when night sleep', html)
    context = re.search(r'id="cmp-longest_stretch".*?</article>', html, re.S)
    assert context is not None
    assert "not a separate finding" in context.group(0)
    assert "<svg" not in context.group(0)  # no interval is drawn for a context measure
    assert "counted from the end of the massage" in html
    # One waking every night in the planted log: exactly no difference, never "0 fewer".
    wakings = re.search(r'id="cmp-night_wakings".*?</article>', html, re.S)
    assert wakings is not None
    assert "No difference in Mia" in wakings.group(0)
    assert "0 fewer" not in wakings.group(0)
