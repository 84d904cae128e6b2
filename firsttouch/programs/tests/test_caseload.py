"""The caseload service: one row per sharing family, only consented figures, constant queries."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.courses.models import Course, Enrolment
from firsttouch.massage.models import MassageSession
from firsttouch.programs.caseload import CaseloadError, CaseloadFilters, caseload, caseload_page
from firsttouch.programs.consent import give_consent, revoke
from firsttouch.programs.models import Alert, Organisation
from firsttouch.tracking.models import Note, Sleep
from firsttouch.wellbeing.models import Response, Status
from firsttouch.wellbeing.scoring import Thresholds, band_for
from tests.cast import Member, make_baby, make_member

EVERYTHING = {"massage_sessions", "baby_logs", "screenings_mood", "notes"}


@pytest.fixture
def clinic(db: None) -> Organisation:
    return Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")


def screening(member: Member, total: int, days_ago: int = 1) -> Response:
    return Response.objects.create(
        family=member.family,
        respondent=member.user,
        instrument_id="epds",
        instrument_version="1",
        status=Status.COMPLETE,
        completed_at=timezone.now() - timedelta(days=days_ago),
        total=total,
        band=band_for(total, Thresholds.from_settings()),
    )


def massage(baby: Baby, days_ago: float) -> MassageSession:
    start = timezone.now() - timedelta(days=days_ago)
    return MassageSession.objects.create(
        baby=baby, started_at=start, ended_at=start + timedelta(minutes=15)
    )


def test_only_families_with_an_active_consent_are_listed(
    alice: Member, bob: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"notes"})
    consent = give_consent(bob.user, clinic, {"notes"})
    revoke(consent)
    rows = caseload(clinic)
    assert [r.family_id for r in rows] == [alice.family.pk]
    assert rows[0].label == alice.family.name and rows[0].categories == {"notes"}


def test_a_partners_consent_never_shows_her_screening(
    alice: Member, dan: Member, clinic: Organisation
) -> None:
    screening(alice, total=15)
    give_consent(dan.user, clinic, {"screenings_mood", "massage_sessions"})
    (row,) = caseload(clinic)
    assert row.epds_band == ""  # Dan shares his own screenings: he has none
    give_consent(alice.user, clinic, {"screenings_mood"})
    (row,) = caseload(clinic)
    assert row.epds_band == "probable" and row.epds_at is not None


def test_figures_outside_consent_are_not_shared(
    alice: Member, mia: Baby, clinic: Organisation
) -> None:
    screening(alice, total=11)
    massage(mia, days_ago=1)
    give_consent(alice.user, clinic, {"notes"})
    (row,) = caseload(clinic)
    assert row.epds_band is None and row.epds_at is None
    assert row.sessions_week is None and row.sessions_month is None
    assert row.last_activity is None  # a massage is not "activity" she shares
    assert list(caseload_page(clinic).object_list) == [row]  # the page reads the same way


def test_massage_counts_the_last_7_and_28_days_and_the_course_target(
    alice: Member, mia: Baby, clinic: Organisation
) -> None:
    for days in (1, 3, 10, 27, 40):
        massage(mia, days)
    give_consent(alice.user, clinic, {"massage_sessions"})
    course = Course.objects.create(
        organisation=clinic, title="Baby massage", weekly_target=4, starts_on=timezone.localdate()
    )
    Enrolment.objects.create(course=course, family=alice.family, caregiver=alice.user)
    (row,) = caseload(clinic)
    assert (row.sessions_week, row.sessions_month) == (2, 4)
    assert row.course is not None and (row.course.title, row.course.weekly_target) == (
        "Baby massage",
        4,
    )
    assert row.last_activity is not None
    assert abs(row.last_activity - (timezone.now() - timedelta(days=1))) < timedelta(minutes=1)


def test_last_activity_is_the_latest_shared_entry(
    alice: Member, mia: Baby, clinic: Organisation
) -> None:
    now = timezone.now()
    Sleep.objects.create(
        baby=mia, start=now - timedelta(days=2), end=now - timedelta(days=2) + timedelta(hours=1)
    )
    Note.objects.create(baby=mia, time=now - timedelta(hours=3), notes="A calm day")
    give_consent(alice.user, clinic, {"baby_logs"})
    (row,) = caseload(clinic)
    assert (
        row.last_activity is not None
        and row.last_activity.date() == (now - timedelta(days=2)).date()
    )
    give_consent(alice.user, clinic, {"baby_logs", "notes"})
    (row,) = caseload(clinic)
    assert row.last_activity is not None and abs(
        row.last_activity - (now - timedelta(hours=3))
    ) < timedelta(seconds=1)


def test_open_alerts_are_counted_for_her_family_only(
    alice: Member, bob: Member, clinic: Organisation
) -> None:
    give_consent(alice.user, clinic, {"screenings_mood"})
    give_consent(bob.user, clinic, {"screenings_mood"})
    mine = {"organisation": clinic, "respondent": alice.user, "family_id": alice.family.pk}
    Alert.objects.create(**mine, response_id=1)
    Alert.objects.create(**mine, response_id=2, acknowledged_at=timezone.now())
    Alert.objects.create(**mine, response_id=3, resolved_at=timezone.now())
    rows = {r.family_id: r.open_alerts for r in caseload(clinic)}
    assert rows == {alice.family.pk: 1, bob.family.pk: 0}
    only = caseload(clinic, filters=CaseloadFilters(open_alerts=True))
    assert [r.family_id for r in only] == [alice.family.pk]


def test_sort_and_filter(alice: Member, bob: Member, clinic: Organisation) -> None:
    carol = make_member("carol@example.com", "Carol")
    screening(alice, total=11)  # possible
    screening(bob, total=5)  # below
    give_consent(alice.user, clinic, {"screenings_mood"})
    give_consent(bob.user, clinic, {"screenings_mood", "notes"})
    give_consent(carol.user, clinic, {"notes"})
    by_band = [r.family_id for r in caseload(clinic, sort="band")]
    assert by_band == [alice.family.pk, bob.family.pk, carol.family.pk]
    reverse = [r.family_id for r in caseload(clinic, sort="-band")]
    assert reverse == [bob.family.pk, alice.family.pk, carol.family.pk]  # not shared stays last
    assert [r.family_id for r in caseload(clinic, filters=CaseloadFilters(band="below"))] == [
        bob.family.pk
    ]
    shares_notes = caseload(clinic, filters=CaseloadFilters(category="notes"))
    assert {r.family_id for r in shares_notes} == {bob.family.pk, carol.family.pk}
    search = caseload(clinic, filters=CaseloadFilters(search=carol.family.name[:3].lower()))
    assert [r.family_id for r in search] == [carol.family.pk]


@pytest.mark.parametrize(
    ("sort", "filters"),
    [
        ("colour", CaseloadFilters()),
        ("family", CaseloadFilters(band="severe")),
        ("family", CaseloadFilters(category="everything")),
    ],
)
def test_an_unknown_sort_or_filter_is_refused(
    clinic: Organisation, sort: str, filters: CaseloadFilters
) -> None:
    with pytest.raises(CaseloadError):
        caseload(clinic, sort=sort, filters=filters)


def _families(clinic: Organisation, count: int, start: int) -> None:
    for i in range(start, start + count):
        member = make_member(f"m{i}@example.com", f"Mother {i}")
        baby = make_baby(member.family, f"Baby {i}")
        massage(baby, 2)
        Note.objects.create(baby=baby, time=timezone.now(), notes="fine")
        screening(member, total=i % 20)
        Alert.objects.create(
            organisation=clinic, respondent=member.user, response_id=i, family_id=member.family.pk
        )
        give_consent(member.user, clinic, EVERYTHING)


def test_the_number_of_queries_does_not_grow_with_the_families(clinic: Organisation) -> None:
    course = Course.objects.create(
        organisation=clinic, title="Massage", weekly_target=3, starts_on=timezone.localdate()
    )
    _families(clinic, 3, 0)
    with CaptureQueriesContext(connection) as few:
        assert len(caseload(clinic)) == 3
    _families(clinic, 27, 3)
    for member_family in list(caseload(clinic))[:5]:
        first = Baby.objects.filter(family_id=member_family.family_id).first()
        assert first is not None
        Enrolment.objects.create(
            course=course,
            family_id=member_family.family_id,
            caregiver_id=first.family.memberships.first().user_id,  # type: ignore[union-attr]
        )
    with CaptureQueriesContext(connection) as many:
        rows = caseload(clinic)
    assert len(rows) == 30 and sum(1 for r in rows if r.course) == 5
    assert all(r.epds_band and r.open_alerts == 1 and r.sessions_week == 1 for r in rows)
    assert len(many) == len(few)


@pytest.mark.parametrize("sort", ["family", "-band", "-activity", "week"])
def test_a_page_holds_the_same_rows_and_figures_as_the_whole_caseload(
    clinic: Organisation, sort: str
) -> None:
    _families(clinic, 7, 0)
    whole = caseload(clinic, sort=sort)
    pages = [caseload_page(clinic, sort=sort, number=n, per_page=3) for n in (1, 2, 3)]
    assert [p.paginator.num_pages for p in pages] == [3, 3, 3]
    assert [row for page in pages for row in page.object_list] == whole
    assert all(r.sessions_week == 1 and r.last_activity for r in whole)
