"""Study instruments: the schedule names only instruments the app can collect; a clinic's
imported bonding questionnaire goes from the FHIR file to the study's data; and the built-in
``baby_logs`` summarises her own family's logs once a time point's target day has passed."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from io import StringIO
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from firsttouch.accounts.models import Family
from firsttouch.massage.models import MassageSession
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import AccessLog, Organisation
from firsttouch.studies import followup, instruments, services, tasks
from firsttouch.studies.dataset import study_data
from firsttouch.studies.instruments import BABY_LOGS, BABY_LOGS_MEASURES, Period
from firsttouch.studies.models import Assessment, Participant, Study
from firsttouch.studies.schedule import Status
from firsttouch.tracking.models import Crying, Feed, Nappy, Sleep
from firsttouch.wellbeing.instruments import INSTRUMENTS_DIR
from firsttouch.wellbeing.models import Response
from tests.cast import Member, make_baby

from .helpers import ELIGIBILITY, ELIGIBLE, make_organisation, make_study

pytestmark = pytest.mark.django_db

DEMO = INSTRUMENTS_DIR / "demo-bonding.fhir.json"
LONDON = ZoneInfo("Europe/London")


def import_demo() -> None:
    out = StringIO()
    call_command("import_instrument", str(DEMO), stdout=out)
    assert "Imported demo-bonding" in out.getvalue()


def recruiting(org: Organisation, schedule: list[dict[str, Any]]) -> Study:
    study = make_study()
    services.change_protocol(
        study,
        organisation=org,
        eligibility=ELIGIBILITY,
        schedule=schedule,
        consent_text="We study whether daily massage helps, using your baby's logs.",
        consent_version="1",
        analysis_design="repeated",
        outcome_instrument=schedule[0]["instruments"][0],
        control_arm="usual care",
    )
    return services.open_recruitment(study)


def enrolled(study: Study, org: Organisation, member: Member) -> Participant:
    give_consent(member.user, org, {"notes"})
    return services.enrol_caregiver(study, member.user, ELIGIBLE, {"parity": "first baby"}, "1")


@pytest.fixture
def org() -> Organisation:
    return make_organisation()


# --- 1. The schedule names instruments the app can collect ---------------------------------


def point(*names: str) -> list[dict[str, Any]]:
    return [{"key": "baseline", "label": "Baseline", "day": 0, "after": 3, "instruments": [*names]}]


def schedule_error(schedule: list[dict[str, Any]]) -> str:
    study = make_study()
    study.schedule = schedule
    with pytest.raises(ValidationError) as caught:
        study.clean()
    return " ".join(caught.value.message_dict["schedule"])


def test_an_unknown_instrument_is_refused_by_name(db: None) -> None:
    message = schedule_error(point("epds", "edps"))
    assert "Unknown instrument 'edps'" in message
    assert "'baby_logs'" in message and "import_instrument" in message
    message = schedule_error(point("pbq", "epds", "pbq", "mpas"))
    assert "Unknown instruments 'pbq', 'mpas'" in message


def test_an_imported_questionnaire_is_known_once_imported(db: None) -> None:
    assert "'demo-bonding'" in schedule_error(point("demo-bonding"))
    import_demo()
    study = make_study()
    study.schedule = point("epds", "demo-bonding", BABY_LOGS)
    study.clean()  # the bundled EPDS, the import and the built-in: all collectable


def test_change_protocol_refuses_the_unknown_instrument_and_changes_nothing(
    org: Organisation,
) -> None:
    study = make_study()
    study.organisation = org
    study.save()
    with pytest.raises(ValidationError, match="'bonding'"):
        services.change_protocol(study, schedule=point("bonding"))
    study.refresh_from_db()
    assert study.schedule == []


# --- 2. The questionnaire path, from the FHIR file to the study's data ----------------------


def test_an_imported_bonding_questionnaire_done_in_her_window_reaches_the_study_data(
    org: Organisation, alice: Member
) -> None:
    import_demo()
    study = recruiting(
        org,
        [
            {"key": "baseline", "label": "Baseline", "day": 0, "after": 3,
             "instruments": ["demo-bonding"]},
            {"key": "week4", "label": "Week 4", "day": 28, "before": 7, "after": 7,
             "instruments": ["demo-bonding"]},
        ],
    )  # fmt: skip
    participant = enrolled(study, org, alice)
    client = alice.client()

    # Her studies page says what is due now and links to the questionnaire.
    page = client.get(reverse("studies:studies")).content.decode()
    form = reverse("wellbeing:instrument", args=["demo-bonding"])
    assert "Due now: <strong>Demo bonding</strong> (Baseline" in page
    assert f'href="{form}" aria-label="Start Demo bonding">start</a>' in page

    # She takes it on its page: answers by option index (0 scores 3, 3 scores 0).
    reply = client.post(form, {"item-1": "0", "item-2": "1", "item-3": "3", "item-4": "2"})
    assert reply.status_code == 302
    (assessment,) = Assessment.objects.filter(participant=participant)
    assert (assessment.time_point, assessment.instrument) == ("baseline", "demo-bonding")
    assert assessment.done_on == timezone.localdate()

    data = study_data(study)
    assert data.scores("demo-bonding") == {(participant.code, "baseline"): 3 + 2 + 0 + 1}
    (record,) = data.assessments
    assert record.subscales == {"closeness": 5, "confidence": 1}
    assert record.instrument_version == "0.1.0"
    assert record.answers == {"1": 3, "2": 2, "3": 0, "4": 1}

    # Done: the link is gone, the time point complete.
    assert "Due now" not in client.get(reverse("studies:studies")).content.decode()
    ((_, state), _) = followup.statuses(participant, timezone.localdate())
    assert state == Status.COMPLETE


def test_the_page_links_the_epds_to_its_own_form_and_not_after_withdrawal(
    org: Organisation, alice: Member
) -> None:
    study = recruiting(org, point("epds", BABY_LOGS))
    participant = enrolled(study, org, alice)
    page = alice.client().get(reverse("studies:studies")).content.decode()
    assert f'href="{reverse("wellbeing:epds")}" aria-label="Start' in page
    assert page.count("Due now:") == 1  # the baby's logs ask nothing of her
    services.withdraw(participant, keeps_data=True)
    assert "Due now" not in alice.client().get(reverse("studies:studies")).content.decode()


# --- 3. The baby's logs summarised ---------------------------------------------------------

LOGS_SCHEDULE = [
    {"key": "baseline", "label": "Baseline", "day": 0, "after": 3,
     "instruments": ["epds", BABY_LOGS]},
    {"key": "week4", "label": "Week 4", "day": 28, "before": 7, "after": 7,
     "instruments": [BABY_LOGS]},
]  # fmt: skip


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=LONDON)


def plant_week(family: Family, target: date) -> None:
    """Two logged days in the 7 before ``target``, and logs that must not count."""
    mia = make_baby(family, "Mia", age_days=60)
    two, five = target - timedelta(days=2), target - timedelta(days=5)
    Sleep.objects.create(baby=mia, start=at(two, 12), end=at(two, 14))
    Sleep.objects.create(baby=mia, start=at(two, 20), end=at(two, 21, 30))
    Sleep.objects.create(baby=mia, start=at(five, 9), end=at(five, 13, 30))
    Crying.objects.create(baby=mia, start=at(two, 17), end=at(two, 17, 30))
    for hour in (6, 10, 15):
        Feed.objects.create(baby=mia, kind="breast", side="left", start=at(two, hour),
                            end=at(two, hour, 20))  # fmt: skip
    for hour in (7, 16):
        Feed.objects.create(baby=mia, kind="bottle", amount_ml=90, start=at(five, hour),
                            end=at(five, hour, 15))  # fmt: skip
    Nappy.objects.create(baby=mia, time=at(two, 8), wet=True)
    Nappy.objects.create(baby=mia, time=at(two, 12), wet=True)
    Nappy.objects.create(baby=mia, time=at(two, 18), dirty=True)
    Nappy.objects.create(baby=mia, time=at(five, 11), wet=True, dirty=True)
    MassageSession.objects.create(baby=mia, started_at=at(two, 19), ended_at=at(two, 19, 15))
    MassageSession.objects.create(baby=mia, started_at=at(five, 18), ended_at=at(five, 18, 20))
    # Not counted: before the period, on the target day, and a timer left running.
    before = target - timedelta(days=9)
    Sleep.objects.create(baby=mia, start=at(before, 1), end=at(before, 11))
    MassageSession.objects.create(baby=mia, started_at=at(before, 18), ended_at=at(before, 19))
    Feed.objects.create(baby=mia, kind="breast", side="both", start=at(target, 0, 30),
                        end=at(target, 0, 50))  # fmt: skip
    Crying.objects.create(baby=mia, start=at(target - timedelta(days=1), 23))


PLANTED = {
    "days_logged": 2,
    "massage_sessions": 2,
    "massage_minutes": 35.0,
    "sleep_hours_per_day": 4.0,  # (2 + 1.5 + 4.5) / 2
    "crying_minutes_per_day": 15.0,  # 30 / 2
    "feeds_per_day": 2.5,  # 5 / 2
    "nappies_per_day": 2.0,  # 4 / 2
    "stools_per_day": 1.0,  # 2 dirty / 2
}


def test_the_data_dictionary_names_every_value_with_a_label_and_a_unit() -> None:
    assert set(BABY_LOGS_MEASURES) == set(PLANTED)
    assert all(label and unit for label, unit in BABY_LOGS_MEASURES.values())


def test_the_summary_of_planted_logs_counts_only_her_family_and_the_period(
    alice: Member, bob: Member
) -> None:
    target = timezone.localdate() - timedelta(days=1)
    plant_week(alice.family, target)
    leo = make_baby(bob.family, "Leo")
    two = target - timedelta(days=2)
    Sleep.objects.create(baby=leo, start=at(two, 1), end=at(two, 9))
    Feed.objects.create(baby=leo, kind="solids", start=at(two, 12), end=at(two, 12, 30))
    MassageSession.objects.create(baby=leo, started_at=at(two, 19), ended_at=at(two, 20))
    period = Period.before(target, LONDON)
    assert (period.first, period.last) == (target - timedelta(days=7), target - timedelta(days=1))
    assert instruments.summarise(alice.family, period) == PLANTED


def test_no_logs_is_days_logged_0_and_none_for_every_measure(alice: Member) -> None:
    make_baby(alice.family)
    values = instruments.summarise(alice.family, Period.before(timezone.localdate(), LONDON))
    assert values == {name: None for name in BABY_LOGS_MEASURES} | {"days_logged": 0}
    assert (
        instruments.summarise(None, Period.before(timezone.localdate(), LONDON))["days_logged"] == 0
    )


def test_a_kind_she_never_logged_is_none_and_a_logged_day_without_it_is_none_of_it(
    alice: Member,
) -> None:
    mia = make_baby(alice.family)
    target = timezone.localdate()
    one, three = target - timedelta(days=1), target - timedelta(days=3)
    Sleep.objects.create(baby=mia, start=at(three, 9), end=at(three, 12))
    Nappy.objects.create(baby=mia, time=at(one, 9), wet=True)
    values = instruments.summarise(alice.family, Period.before(target, LONDON))
    assert values["days_logged"] == 2
    assert values["sleep_hours_per_day"] == 1.5  # 3 h over 2 logged days
    assert values["nappies_per_day"] == 0.5 and values["stools_per_day"] == 0.0
    assert values["feeds_per_day"] is None and values["crying_minutes_per_day"] is None
    assert values["massage_sessions"] is None and values["massage_minutes"] is None


def test_the_sweep_stores_each_summary_once_after_the_target_day(
    org: Organisation, alice: Member, bob: Member
) -> None:
    study = recruiting(org, LOGS_SCHEDULE)
    participant = enrolled(study, org, alice)
    enrolled(study, org, bob)  # bob logs nothing
    anchor = followup.anchor_of(participant)
    plant_week(alice.family, anchor)
    logged = AccessLog.objects.count()

    assert instruments.record_baby_logs(anchor) == 0  # the target day is not over yet
    assert instruments.record_baby_logs(anchor + timedelta(days=1)) == 2
    mine = Assessment.objects.get(participant=participant, instrument=BABY_LOGS)
    assert (mine.time_point, mine.done_on, mine.values) == ("baseline", anchor, PLANTED)
    theirs = Assessment.objects.exclude(participant=participant).get()
    assert theirs.values["days_logged"] == 0 and theirs.values["sleep_hours_per_day"] is None

    # Idempotent: a re-run (or a log added since) changes nothing.
    Sleep.objects.create(baby=alice.family.babies.get(), start=at(anchor - timedelta(days=1), 2),
                         end=at(anchor - timedelta(days=1), 4))  # fmt: skip
    assert instruments.record_baby_logs(anchor + timedelta(days=2)) == 0
    mine.refresh_from_db()
    assert mine.values == PLANTED and Assessment.objects.count() == 2
    assert AccessLog.objects.count() == logged  # nothing shown to staff, nothing logged

    # The study's data carries the values; the record says it is no questionnaire.
    record = next(a for a in study_data(study).assessments if a.code == participant.code)
    assert record.values == PLANTED and record.total is None


def test_completeness_counts_the_summary_as_done_with_the_questionnaires(
    org: Organisation, alice: Member
) -> None:
    study = recruiting(org, LOGS_SCHEDULE)
    participant = enrolled(study, org, alice)
    anchor = followup.anchor_of(participant)
    instruments.record_baby_logs(anchor + timedelta(days=1))
    day = anchor + timedelta(days=1)
    # Baseline asks for the EPDS too: not done until she does it.
    (base, _) = followup.completeness(study, day)
    assert base.counts[Status.OVERDUE] == 1
    followup.record_assessment(participant, "baseline", "epds", day)
    (base, _) = followup.completeness(study, day)
    assert base.counts[Status.COMPLETE] == 1
    # Week 4 lists only the baby's logs: complete once summarised after day 28.
    later = anchor + timedelta(days=29)
    assert instruments.record_baby_logs(later) == 1
    (_, week4) = followup.completeness(study, later)
    assert week4.counts == {Status.COMPLETE: 1}


def test_a_withdrawn_participant_is_not_summarised(org: Organisation, alice: Member) -> None:
    study = recruiting(org, LOGS_SCHEDULE)
    participant = enrolled(study, org, alice)
    plant_week(alice.family, followup.anchor_of(participant))
    services.withdraw(participant, keeps_data=True, reason="too busy")
    assert instruments.record_baby_logs(timezone.localdate() + timedelta(days=40)) == 0
    assert not Assessment.objects.exists()


def test_the_reminder_skips_a_time_point_that_asks_nothing_of_her(
    org: Organisation, alice: Member
) -> None:
    study = recruiting(org, LOGS_SCHEDULE)
    participant = enrolled(study, org, alice)
    anchor = followup.anchor_of(participant)
    assert tasks.remind_participants(anchor) == 1  # baseline: the EPDS
    assert tasks.remind_participants(anchor + timedelta(days=22)) == 0  # week 4: logs only


def test_the_worker_task_summarises_what_is_due_today(org: Organisation, alice: Member) -> None:
    study = recruiting(org, LOGS_SCHEDULE)
    participant = enrolled(study, org, alice)
    assert tasks.summarise_baby_logs.call() == 0  # enrolled today: baseline's day is not over
    Participant.objects.filter(pk=participant.pk).update(
        enrolled_at=timezone.now() - timedelta(days=2)
    )
    assert tasks.summarise_baby_logs.call() == 1
    assert tasks.summarise_baby_logs.call() == 0
    assert Assessment.objects.get().time_point == "baseline"
    assert not Response.objects.exists()  # nothing asked of her
