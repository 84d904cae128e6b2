"""Crisis lines per country: the shipped defaults, and configurable."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from firsttouch.wellbeing import safety
from firsttouch.wellbeing.models import CaregiverSettings
from tests.cast import Member


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    clear = safety.crisis_file.cache_clear
    clear()
    yield
    clear()


def lines(resources: safety.CrisisResources, kind: str) -> list[tuple[str, str, bool, bool]]:
    return [(x.name, x.number, x.call, x.text) for x in getattr(resources, kind)]


def test_us_defaults_match_screening_md() -> None:
    us = safety.crisis_resources("US")
    assert us.emergency == "911"
    assert lines(us, "crisis") == [
        ("988 Suicide & Crisis Lifeline", "988", True, True),
        ("National Maternal Mental Health Hotline", "1-833-852-6262", True, True),
    ]
    assert us.crisis[1].hours == "24/7"
    assert lines(us, "support") == [
        ("Postpartum Support International HelpLine", "1-800-944-4773", True, True)
    ]


def test_psi_helpline_is_support_never_a_crisis_line() -> None:
    for country in [None, "US", "GB"]:
        resources = safety.crisis_resources(country)
        assert all(x.dial != "18009444773" for x in resources.crisis)


def test_uk_defaults_match_screening_md() -> None:
    uk = safety.crisis_resources("GB")
    assert uk.emergency == "999"
    assert lines(uk, "crisis") == [("Samaritans", "116 123", True, False)]
    assert uk.support == []


def test_international_default_advises_the_local_emergency_number() -> None:
    anywhere = safety.crisis_resources(None)
    assert anywhere.emergency is None
    assert anywhere.crisis == []
    assert "local emergency number" in anywhere.emergency_text
    assert safety.crisis_resources("FR") == anywhere
    assert safety.crisis_resources("") == anywhere


def test_country_codes_are_case_insensitive() -> None:
    assert safety.crisis_resources("gb").emergency == "999"


def test_links_dial_only_digits() -> None:
    us = safety.crisis_resources("US")
    assert us.crisis[0].tel_href == "tel:988"
    assert us.crisis[0].sms_href == "sms:988"
    assert us.crisis[1].tel_href == "tel:18338526262"
    assert us.emergency_href == "tel:911"
    assert safety.crisis_resources("GB").crisis[0].tel_href == "tel:116123"


def test_every_shipped_entry_names_its_source() -> None:
    shipped = safety.load_crisis_file(safety.BUNDLED_FILE)
    entries = [shipped.default, *shipped.countries]
    assert all(e.source == "published" for e in entries)
    assert all(x.source == "published" for e in entries for x in [*e.crisis, *e.support])


DEPLOYMENT = """
[default]
name = "Elsewhere"
source = "deployment"

[[countries]]
code = "US"
name = "United States"
emergency = "911"
source = "deployment"

  [[countries.crisis]]
  name = "Local crisis team"
  number = "555 0100"
  source = "deployment"
"""


def test_a_deployment_can_point_at_its_own_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ours.toml"
    path.write_text(DEPLOYMENT)
    monkeypatch.setenv(safety.ENV_FILE, str(path))
    us = safety.crisis_resources("US")
    assert lines(us, "crisis") == [("Local crisis team", "555 0100", True, False)]
    assert safety.crisis_resources("GB").name == "Elsewhere"


@pytest.mark.parametrize(
    ("broken", "complaint"),
    [
        (DEPLOYMENT.replace('number = "555 0100"', 'number = "call us"'), "number"),
        (DEPLOYMENT.replace('emergency = "911"\n', ""), "emergency number is required"),
        (DEPLOYMENT.replace('source = "deployment"\n\n[[countries]]', "\n[[countries]]"), "source"),
        (
            DEPLOYMENT + '\n  [[countries.support]]\n  name = "Same"\n  number = "5550100"\n'
            '  source = "deployment"\n',
            "both as crisis and support",
        ),
        (
            DEPLOYMENT + '\n[[countries]]\ncode = "US"\nname = "Again"\nemergency = "911"\n'
            'source = "deployment"\n',
            "unique",
        ),
    ],
)
def test_a_broken_file_is_refused_with_the_problem_named(
    tmp_path: Path, broken: str, complaint: str
) -> None:
    path = tmp_path / "broken.toml"
    path.write_text(broken)
    with pytest.raises(ImproperlyConfigured, match=complaint):
        safety.load_crisis_file(path)


def test_the_help_still_shows_if_the_file_breaks_at_run_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom() -> safety.CrisisFile:
        raise ImproperlyConfigured("gone")

    monkeypatch.setattr(safety, "crisis_file", boom)
    fallback = safety.crisis_resources("US")
    assert "local emergency number" in fallback.emergency_text
    response = safety.safety_response(2, "US")
    assert response is not None
    assert "help is available" in response.message


@pytest.mark.parametrize(
    ("zone", "country"),
    [
        ("Europe/London", "GB"),
        ("America/New_York", "US"),
        ("America/Los_Angeles", "US"),
        ("Pacific/Honolulu", "US"),
        ("US/Eastern", "US"),
        # Not every American zone is the US: 988 would be the wrong number in Toronto.
        ("America/Toronto", "CA"),
        ("America/Sao_Paulo", "BR"),
        ("UTC", ""),
    ],
)
def test_country_from_time_zone(zone: str, country: str) -> None:
    assert safety.country_from_time_zone(zone) == country


def test_country_for_prefers_her_choice_then_the_time_zone(alice: Member, bob: Member) -> None:
    assert safety.country_for(alice.user) == "GB"  # Europe/London
    assert safety.country_for(bob.user) == "US"  # America/New_York
    CaregiverSettings.objects.create(user=alice.user, country="US")
    assert safety.country_for(alice.user) == "US"


def test_a_zone_without_crisis_lines_falls_back_to_the_deployment_default(
    alice: Member, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice.family.time_zone = "America/Toronto"
    alice.family.save()
    alice.user.refresh_from_db()
    assert safety.country_for(alice.user) == ""
    monkeypatch.setenv(safety.ENV_DEFAULT_COUNTRY, "gb")
    assert safety.country_for(alice.user) == "GB"


def test_a_broken_crisis_file_stops_start_up_naming_it(tmp_path: Path) -> None:
    """Checked by the wellbeing app itself when Django starts (it was the programs app's)."""
    broken = tmp_path / "crisis.toml"
    broken.write_text(DEPLOYMENT.replace('number = "555 0100"', 'number = "call us"'))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        {
            safety.ENV_FILE: str(broken),
            "FIRSTTOUCH_DATA_DIR": str(tmp_path),
            "DJANGO_SETTINGS_MODULE": "firsttouch.settings",
        }
    )
    ran = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert ran.returncode != 0
    assert "ImproperlyConfigured" in ran.stderr and safety.ENV_FILE in ran.stderr
    env[safety.ENV_FILE] = str(safety.BUNDLED_FILE)
    fine = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert fine.returncode == 0, fine.stderr
