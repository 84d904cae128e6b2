"""An imperial family types and reads lb/oz, inches, °F and fl oz; the database holds SI.
And the log pages speak Spanish and French to a browser that asks for them."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.tracking.models import Feed, Growth, IllnessCheck
from tests.cast import Member


def _imperial(member: Member) -> None:
    member.family.units = "imperial"
    member.family.save()


def _now() -> str:
    return timezone.localtime().strftime("%Y-%m-%dT%H:%M")


def test_an_imperial_family_enters_pounds_and_ounces_and_the_database_holds_grams(
    alice: Member, mia: Baby
) -> None:
    _imperial(alice)
    client = alice.client()
    url = f"{reverse('tracking:add', args=['growth'])}?baby={mia.pk}"
    form = client.get(url).content.decode()
    assert "Weight (lb and oz)" in form and 'aria-label="ounces"' in form
    response = client.post(
        url,
        {
            "time": _now(),
            "weight_g_0": "7",
            "weight_g_1": "11",
            "length_cm": "20.0",
            "head_cm": "13.8",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    growth = Growth.objects.get(baby=mia)
    assert (growth.weight_g, growth.length_cm, growth.head_cm) == (
        3487,
        Decimal("50.8"),
        Decimal("35.1"),
    )
    history = client.get(f"{reverse('tracking:list', args=['growth'])}?baby={mia.pk}")
    assert (
        "Weight 7 lb 11 oz, length 20.0 in, head circumference 13.8 in" in history.content.decode()
    )
    edit = client.get(reverse("tracking:edit", args=["growth", growth.pk])).content.decode()
    assert 'name="weight_g_0" value="7"' in edit and 'name="weight_g_1" value="11"' in edit
    assert 'name="length_cm" value="20.0"' in edit


def test_an_imperial_weight_out_of_range_is_refused_in_pounds_and_ounces(
    alice: Member, mia: Baby
) -> None:
    _imperial(alice)
    url = f"{reverse('tracking:add', args=['growth'])}?baby={mia.pk}"
    for pounds, ounces in (("0", "5"), ("7", "16"), ("60", "0")):
        page = alice.client().post(
            url, {"time": _now(), "weight_g_0": pounds, "weight_g_1": ounces}
        )
        assert page.status_code == 200
        assert "Enter a weight between 0 lb 11 oz and 55 lb 1 oz" in page.content.decode()
        # The field's own message, not also "enter any of them": a weight was entered.
        assert "(any of them)" not in page.content.decode()
    assert not Growth.objects.exists()


def test_nothing_measured_still_asks_for_any_measure(alice: Member, mia: Baby) -> None:
    url = f"{reverse('tracking:add', args=['growth'])}?baby={mia.pk}"
    page = alice.client().post(url, {"time": _now()}).content.decode()
    assert "Enter a weight, a length or a head circumference (any of them)." in page
    refused = alice.client().post(url, {"time": _now(), "head_cm": "5"}).content.decode()
    assert "(any of them)" not in refused and "Ensure this value is greater than" in refused
    assert not Growth.objects.exists()


def test_an_imperial_family_gives_bottles_in_fluid_ounces_and_temperatures_in_fahrenheit(
    alice: Member, mia: Baby
) -> None:
    _imperial(alice)
    client = alice.client()
    feed_url = f"{reverse('tracking:add', args=['feed'])}?baby={mia.pk}"
    page = client.get(feed_url).content.decode()
    assert "Amount (fl oz)" in page and 'data-value="4"' in page and "4.0 fl oz" in page
    response = client.post(
        feed_url,
        {"kind": "bottle", "amount_ml": "4", "start": _now(), "contents": "formula"},
    )
    assert response.status_code == 302
    assert Feed.objects.get(baby=mia).amount_ml == 118
    illness_url = f"{reverse('tracking:add', args=['illness'])}?baby={mia.pk}"
    response = client.post(illness_url, {"time": _now(), "temperature_c": "100.4"})
    assert response.status_code == 302
    assert IllnessCheck.objects.get(baby=mia).temperature_c == Decimal("38.0")
    refused = client.post(illness_url, {"time": _now(), "temperature_c": "38"})
    assert "Enter a number between 93.2 and 109.4 °F." in refused.content.decode()


def test_a_metric_family_keeps_grams_and_centimetres(alice: Member, mia: Baby) -> None:
    url = f"{reverse('tracking:add', args=['growth'])}?baby={mia.pk}"
    response = alice.client().post(url, {"time": _now(), "weight_g": "3487"})
    assert response.status_code == 302
    assert Growth.objects.get(baby=mia).weight_g == 3487


def test_the_log_page_speaks_spanish(alice: Member, mia: Baby) -> None:
    page = alice.client().get(reverse("tracking:log"), HTTP_ACCEPT_LANGUAGE="es").content.decode()
    assert '<html lang="es">' in page
    assert "Registro de Mia" in page and "Añadir un registro" in page
    assert "Add an entry" not in page


def test_the_log_page_speaks_french(alice: Member, mia: Baby) -> None:
    page = alice.client().get(reverse("tracking:log"), HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert '<html lang="fr">' in page
    assert "Journal de Mia" in page and "Ajouter une entrée" in page
    assert "Add an entry" not in page


def test_the_growth_page_in_spanish_keeps_its_chart_numbers_plain(alice: Member, mia: Baby) -> None:
    mia.sex = "girl"
    mia.save()
    Growth.objects.create(baby=mia, time=timezone.now(), weight_g=5200, length_cm=Decimal("57.5"))
    page = alice.client().get(
        f"{reverse('tracking:growth_charts')}?baby={mia.pk}", HTTP_ACCEPT_LANGUAGE="es"
    )
    text = page.content.decode()
    assert "Curvas de crecimiento de Mia" in text and "Peso 5,20 kg" in text
    # SVG coordinates stay in dots: a decimal comma would break every point.
    points = text.split('class="trail" fill="none" points="')[1].split('"')[0]
    assert "," in points and all(p.count(",") == 1 for p in points.split())
