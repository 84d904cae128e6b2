"""Enrolment: the next slot of the stratum, its allocation from the secret seed, and never two
participants in one slot, even when enrolments race."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from itertools import islice
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection

from firsttouch.studies import services
from firsttouch.studies.models import Participant, Study
from firsttouch.studies.randomisation import allocation_list
from tests.concurrency import at_once

from .helpers import make_study

pytestmark = pytest.mark.django_db

FIRST = {"parity": "first baby"}
LATER = {"parity": "not first"}


def expected(study: Study, stratum_values: dict[str, str], n: int) -> list[str]:
    """What the auditor computes after the trial, from the seed she is then given."""
    study.refresh_from_db()
    seed = bytes(study.allocation_seed)
    stratum = services.stratum_key(study, stratum_values)
    ratios = {arm.name: arm.ratio for arm in study.arms.order_by("name")}
    sizes = [sum(ratios.values()) * m for m in (1, 2, 3)]
    return list(islice(allocation_list(seed, stratum, ratios, sizes), n))


def arms_of(study: Study, stratum_values: dict[str, str]) -> list[str]:
    stratum = services.stratum_key(study, stratum_values)
    rows = Participant.objects.filter(study=study, stratum=stratum).order_by("slot")
    return [p.arm.name for p in rows]


def test_each_enrolment_takes_the_next_slot_and_its_allocation() -> None:
    study = make_study()
    for _ in range(30):
        services.enrol(study, FIRST)
    for _ in range(11):
        services.enrol(study, LATER)
    assert arms_of(study, FIRST) == expected(study, FIRST, 30)
    assert arms_of(study, LATER) == expected(study, LATER, 11)
    slots = Participant.objects.filter(study=study).values_list("stratum", "slot")
    assert Counter(stratum for stratum, _ in slots) == Counter(
        {services.stratum_key(study, FIRST): 30, services.stratum_key(study, LATER): 11}
    )


def test_arms_are_balanced_within_each_stratum() -> None:
    study = make_study()
    for i in range(60):
        services.enrol(study, FIRST if i % 3 else LATER)
    for values in (FIRST, LATER):
        counts = Counter(arms_of(study, values))
        assert abs(counts["massage"] - counts["usual care"]) <= 3  # half the largest block


def test_two_studies_have_different_seeds_and_lists() -> None:
    one, two = make_study(), make_study()
    assert bytes(one.allocation_seed) != bytes(two.allocation_seed)
    assert len(bytes(one.allocation_seed)) == 32
    assert expected(one, FIRST, 40) != expected(two, FIRST, 40)


def test_a_ratio_of_two_to_one_is_kept() -> None:
    study = make_study(arms={"massage": 2, "usual care": 1}, factors=[])
    for _ in range(30):
        services.enrol(study, {})
    counts = Counter(arms_of(study, {}))
    assert abs(counts["massage"] - 2 * counts["usual care"]) <= 6
    assert arms_of(study, {}) == expected(study, {}, 30)


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({}, "give parity"),
        ({"parity": "first baby", "site": "A"}, "leave out site"),
        ({"parity": "First"}, "parity must be one of: first baby, not first"),
    ],
)
def test_a_wrong_stratum_is_refused_and_nothing_is_stored(
    values: dict[str, str], message: str
) -> None:
    study = make_study()
    with pytest.raises(ValidationError, match=message):
        services.enrol(study, values)
    assert not Participant.objects.exists()


def test_a_study_with_one_arm_cannot_enrol() -> None:
    study = make_study(arms={"massage": 1})
    with pytest.raises(ValidationError, match="at least two arms"):
        services.enrol(study, FIRST)
    assert not Participant.objects.exists()


def test_a_code_used_twice_is_refused() -> None:
    study = make_study()
    services.enrol(study, FIRST, code="A-001")
    with pytest.raises(ValidationError, match="A-001 is already used"):
        services.enrol(study, LATER, code="A-001")
    assert Participant.objects.count() == 1


def test_generated_codes_are_random_not_sequential() -> None:
    study = make_study()
    codes = [services.enrol(study, FIRST).code for _ in range(5)]
    assert len(set(codes)) == 5
    assert all(code.startswith("P-") and len(code) == 10 for code in codes)


def test_an_enrolment_that_meets_a_taken_slot_takes_the_next(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """As when another enrolment commits slots 0 and 1 between this one's look and insert."""
    study = make_study()
    services.enrol(study, FIRST)
    services.enrol(study, FIRST)
    monkeypatch.setattr(services, "_next_slot", lambda study, stratum: 0)
    third = services.enrol(study, FIRST)
    assert third.slot == 2
    assert third.arm.name == expected(study, FIRST, 3)[2]
    assert sorted(Participant.objects.values_list("slot", flat=True)) == [0, 1, 2]


def test_a_collision_that_never_ends_is_raised_not_hidden(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    study = make_study()
    for _ in range(services.MAX_SLOT_ATTEMPTS + 1):
        services.enrol(study, FIRST)
    monkeypatch.setattr(services, "_next_slot", lambda study, stratum: 0)
    with pytest.raises(IntegrityError, match="No free slot"):
        services.enrol(study, FIRST)


def test_withdrawal_keeps_the_participant_and_her_choice() -> None:
    study = make_study()
    participant = services.enrol(study, FIRST)
    services.withdraw(participant, keeps_data=False)
    participant.refresh_from_db()
    assert participant.withdrawn_at is not None
    assert participant.withdrawal_keeps_data is False
    with pytest.raises(ValidationError, match="already withdrawn"):
        services.withdraw(participant, keeps_data=True)


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database is shared between threads without real "
    "concurrency; the file database test below covers SQLite, this runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_share_a_slot_on_postgresql() -> None:
    study = make_study()
    at_once(lambda _: services.enrol(study, FIRST), range(8))
    slots = sorted(Participant.objects.values_list("slot", flat=True))
    assert slots == list(range(8))
    assert arms_of(study, FIRST) == expected(study, FIRST, 8)


RACE = """
import json, sys
import django
django.setup()
from django.db import connection
from firsttouch.studies import services
from firsttouch.studies.models import Arm, Participant, Study
from tests.concurrency import at_once, migrate_if_needed

# The whole schema (a participant refers to her account, her account to its groups...): the
# test copied it in already, unless the suite runs on PostgreSQL.
migrate_if_needed()
study = Study.objects.create(title="race", target_size=40)
for name in ("massage", "usual care"):
    Arm.objects.create(study=study, name=name)
connection.close()
at_once(lambda _: services.enrol(study, {}), range(12))
rows = list(Participant.objects.order_by("slot").values_list("slot", "arm__name"))
print(json.dumps({"rows": rows, "seed": bytes(study.allocation_seed).hex()}))
"""


def test_concurrent_enrolments_never_share_a_slot_on_a_sqlite_file(
    migrated_data_dir: Path,
) -> None:
    """Twelve threads, each with its own connection to one SQLite file through the project's
    engine (writers queue on a lock, then ``BEGIN IMMEDIATE``)."""
    env = {**os.environ, "FIRSTTOUCH_DATA_DIR": str(migrated_data_dir)}
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", RACE],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=Path(__file__).resolve().parents[3],
    )
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout.strip().splitlines()[-1])
    assert [slot for slot, _ in out["rows"]] == list(range(12))
    seed = bytes.fromhex(out["seed"])
    arms = list(islice(allocation_list(seed, "[]", {"massage": 1, "usual care": 1}, (2, 4, 6)), 12))
    assert [arm for _, arm in out["rows"]] == arms
