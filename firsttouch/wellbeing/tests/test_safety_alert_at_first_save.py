"""Item 10 above "Never" raises the clinic's urgent alert when it is first saved, draft or not.

Once per response (a database constraint, tested under a forced race), through the services,
the API and the page's draft save; a later change of item 10 leaves the alert and is recorded;
an alert that cannot be recorded for a draft is retried by the worker like any other.
"""

from __future__ import annotations

from typing import Any
from unittest import mock

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from firsttouch.api.tests.helpers import ApiClient
from firsttouch.programs import services as programs
from firsttouch.programs.consent import give_consent
from firsttouch.programs.models import Alert, Organisation
from firsttouch.wellbeing import services
from firsttouch.wellbeing.models import Response, SafetyEvent, SafetyEventKind, Status
from firsttouch.wellbeing.signals import urgent_safety_response
from tests.cast import Member
from tests.concurrency import at_once

FORWARD = {1, 2, 4}
NEVER, HARDLY_EVER, SOMETIMES, QUITE_OFTEN = 3, 2, 1, 0  # item 10's option indexes


def rest() -> dict[str, int]:
    """Items 1 to 9 all at score 0."""
    return {str(i): 0 if i in FORWARD else 3 for i in range(1, 10)}


@pytest.fixture
def clinic(alice: Member) -> Organisation:
    found = Organisation.objects.create(name="Riverside clinic", contact_email="team@river.test")
    give_consent(alice.user, found, {"screenings_mood"})
    return found


def raised(response: Response) -> list[SafetyEvent]:
    return list(SafetyEvent.objects.filter(response=response, kind=SafetyEventKind.RAISED))


def changes(response: Response) -> list[tuple[int | None, int | None]]:
    return [
        (e.old_score, e.new_score)
        for e in SafetyEvent.objects.filter(response=response, kind=SafetyEventKind.CHANGED)
    ]


@pytest.mark.parametrize("index", [QUITE_OFTEN, SOMETIMES, HARDLY_EVER])
def test_a_draft_with_only_item_10_records_the_alert_at_once(
    alice: Member, clinic: Organisation, index: int
) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"10": index})
    assert draft.status == Status.DRAFT
    assert [a.organisation for a in Alert.objects.filter(response_id=draft.pk)] == [clinic]
    [event] = raised(draft)
    assert (event.link_id, event.old_score, event.new_score) == ("10", None, 3 - index)


def test_never_raises_nothing(alice: Member, clinic: Organisation) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"10": NEVER})
    assert not Alert.objects.exists()
    assert not SafetyEvent.objects.filter(response=draft).exists()


def test_resaving_and_completing_raise_it_only_once(alice: Member, clinic: Organisation) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"10": SOMETIMES})
    services.save_answers(draft, {"1": 0})
    services.save_answers(draft, {"10": SOMETIMES})
    services.save_answers(draft, rest())
    services.complete(draft)
    services.complete(draft)
    assert Alert.objects.filter(response_id=draft.pk).count() == 1
    assert len(raised(draft)) == 1
    assert changes(draft) == []


def test_a_later_change_keeps_the_alert_and_records_old_and_new(
    alice: Member, clinic: Organisation
) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"10": SOMETIMES})
    services.save_answers(draft, {"10": QUITE_OFTEN})
    services.save_answers(draft, {"10": NEVER})
    services.save_answers(draft, rest())
    done = services.complete(draft)
    assert done.flags["safety"] is False  # her final answer is "Never"...
    assert Alert.objects.filter(response_id=draft.pk).count() == 1  # ...the alert stands
    assert changes(draft) == [(2, 3), (3, 0)]
    assert all(e.at is not None for e in SafetyEvent.objects.filter(response=draft))


def test_an_earlier_never_then_a_yes_raises_it_with_the_old_answer(
    alice: Member, clinic: Organisation
) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"10": NEVER})
    assert not Alert.objects.exists()
    services.save_answers(draft, {"10": HARDLY_EVER})
    [event] = raised(draft)
    assert (event.old_score, event.new_score) == (0, 1)
    assert Alert.objects.filter(response_id=draft.pk).count() == 1


def test_the_database_refuses_a_second_raised_row(alice: Member) -> None:
    draft = services.submit(alice.user, alice.family, "epds", {"10": SOMETIMES})
    with pytest.raises(IntegrityError), transaction.atomic():
        SafetyEvent.objects.create(
            response=draft, kind=SafetyEventKind.RAISED, link_id="10", new_score=2
        )


def test_a_save_that_loses_the_race_does_not_alert_again(
    alice: Member, clinic: Organisation
) -> None:
    """Two saves at once: both see no alert yet; the constraint lets only one raise it."""
    draft = services.submit(alice.user, alice.family, "epds", {"10": NEVER})
    SafetyEvent.objects.create(  # the other save committed its row first
        response=draft, kind=SafetyEventKind.RAISED, link_id="10", old_score=0, new_score=2
    )
    sent: list[Any] = []

    def listener(**kwargs: Any) -> list[Any]:
        sent.append(kwargs["response"].pk)
        return []

    urgent_safety_response.connect(listener, dispatch_uid="race-listener")
    try:
        with mock.patch("django.db.models.query.QuerySet.exists", return_value=False):
            services.save_answers(draft, {"10": SOMETIMES})
    finally:
        urgent_safety_response.disconnect(dispatch_uid="race-listener")
    assert sent == []
    assert len(raised(draft)) == 1


def test_the_api_draft_and_patch_raise_it_once(alice: Member, clinic: Organisation) -> None:
    api = ApiClient(alice)
    created = api.post("/responses", {"instrument": "epds", "answers": {"10": SOMETIMES}})
    assert created.status == 201, created.body
    assert created.body["safety"] is not None  # the crisis help, at once
    rid = created.body["id"]
    assert Alert.objects.filter(response_id=rid).count() == 1
    again = api.patch(f"/responses/{rid}", {"answers": {"10": NEVER}})
    assert again.status == 200, again.body
    api.patch(f"/responses/{rid}", {"answers": {"10": QUITE_OFTEN}})
    assert Alert.objects.filter(response_id=rid).count() == 1
    assert changes(Response.objects.get(pk=rid)) == [(2, 0), (0, 3)]


def test_the_page_draft_save_raises_it_and_never_finishes(
    alice: Member, clinic: Organisation
) -> None:
    client: Client = alice.client()
    data = {f"item-{k}": str(v) for k, v in rest().items()} | {"item-10": str(SOMETIMES)}
    reply = client.post(reverse("wellbeing:epds"), {**data, "save_draft": "1"})
    assert reply.status_code == 204
    draft = Response.objects.get(respondent=alice.user)
    assert draft.status == Status.DRAFT  # all ten answered, but a background save never scores
    assert Alert.objects.filter(response_id=draft.pk).count() == 1
    finished = client.post(reverse("wellbeing:epds"), data)
    assert finished.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.COMPLETE
    assert Alert.objects.filter(response_id=draft.pk).count() == 1


def test_a_draft_alert_that_fails_is_kept_for_the_worker_even_after_a_change(
    alice: Member, clinic: Organisation
) -> None:
    def broken(**kwargs: Any) -> None:
        raise RuntimeError("queue down")

    urgent_safety_response.connect(broken, dispatch_uid="broken-listener")
    try:
        draft = services.submit(alice.user, alice.family, "epds", {"10": SOMETIMES})
    finally:
        urgent_safety_response.disconnect(dispatch_uid="broken-listener")
    draft.refresh_from_db()
    assert draft.flags[services.ALERT_FAILED] is True
    [problem] = programs.alert_problems()  # what check_alerts prints and admins see
    assert f"Response {draft.pk} (draft saved" in problem and "queue down" in problem
    services.save_answers(draft, {"10": NEVER})  # she changes her mind before the retry
    draft.refresh_from_db()
    assert draft.flags[services.ALERT_FAILED] is True  # the mark survives the re-save
    assert list(services.alerts_not_recorded()) == [draft]
    assert services.retry_urgent_alerts() == (1, 0)
    assert Alert.objects.filter(response_id=draft.pk).count() == 1
    assert list(services.alerts_not_recorded()) == []


def test_the_overview_shows_the_crisis_block_first(alice: Member) -> None:
    services.submit(alice.user, alice.family, "epds", rest() | {"10": HARDLY_EVER}, finish=True)
    page = alice.client().get(reverse("wellbeing:overview")).content.decode()
    assert 'id="safety"' in page
    assert page.index("Help is available now") < page.index("Your wellbeing</h1>")
    assert page.index("Help is available now") < page.index("Your last check")


def test_the_overview_shows_it_for_an_unfinished_check_too(alice: Member) -> None:
    services.submit(alice.user, alice.family, "epds", {"10": SOMETIMES})
    page = alice.client().get(reverse("wellbeing:overview")).content.decode()
    assert page.index("Help is available now") < page.index("Your wellbeing</h1>")


def test_the_overview_has_no_crisis_block_after_never(alice: Member) -> None:
    services.submit(alice.user, alice.family, "epds", rest() | {"10": NEVER}, finish=True)
    page = alice.client().get(reverse("wellbeing:overview")).content.decode()
    assert "Help is available now" not in page


@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite's in-memory test database locks whole tables between threads; "
    "the forced race above covers it there, this runs on PostgreSQL",
)
@pytest.mark.django_db(transaction=True)
def test_two_saves_at_once_raise_it_once(alice: Member, clinic: Organisation) -> None:
    """Real threads, each with its own database connection, saving item 10 at the same moment:
    the row lock serialises them, so the second sees the first's answer and its alert."""

    draft = services.submit(alice.user, alice.family, "epds", {"1": 0})

    def save(index: int) -> None:
        mine = Response.objects.get(pk=draft.pk)
        services.save_answers(mine, {"10": index})

    at_once(save, [SOMETIMES, QUITE_OFTEN])
    assert len(raised(draft)) == 1
    assert Alert.objects.filter(response_id=draft.pk).count() == 1
    # The second save saw the first's answer and recorded its change: nothing was lost.
    assert len(changes(draft)) == 1
