"""API routes for reminders, mounted by firsttouch/api/api.py at /api/v1/.

Everything here is the caller's own: what is due for her, her settings, her calendar link.
A key that is not due for the caller (someone else's, a typo, already declined) is a 404.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any

from django.http import Http404, HttpResponse, JsonResponse
from ninja import Field, Query, Router, Schema

from firsttouch.api.kit.idempotency import idempotent, rendered
from firsttouch.api.kit.inputs import LocalTime
from firsttouch.api.kit.paging import ListParams, page_of, paginate
from firsttouch.api.kit.responses import ERRORS, INPUT_ERRORS, WRITE_ERRORS
from firsttouch.core.http import FamilyRequest

from . import feed, services
from .models import ReminderSettings, ReminderState

router = Router(tags=["reminders"])

Key = Annotated[
    str,
    Field(
        description='A reminder key from GET /reminders, e.g. "epds:month-4:12".', max_length=120
    ),
]


class ReminderOut(Schema):
    key: str = Field(description="Stable: snoozing or declining it is remembered by this key.")
    kind: str = Field(description='"epds" (a wellbeing check) or "massage".')
    label: str
    due_on: date
    optional: bool
    reason: str
    url: str = Field(description="Where to take the check (or start the massage) in the app.")


ReminderPage = page_of(ReminderOut)


class ReminderStateOut(Schema):
    key: str
    declined: bool
    snoozed_until: date | None = Field(description="Hidden until this day (family's date).")


class ReminderSettingsIn(Schema):
    massage_time: LocalTime | None = Field(
        None, description="Local time of the daily massage reminder, e.g. 19:30; null for none."
    )
    massage_at_bedtime_window: bool = Field(
        False,
        description="On days the baby's logged sleep gives tonight's bedtime window, remind "
        "when it opens instead of at massage_time.",
    )
    email_enabled: bool = True
    screening_reminders: bool = Field(
        True, description="Wellbeing check reminders (only ever shown to the mother)."
    )


class ReminderSettingsOut(ReminderSettingsIn):
    calendar_feed: bool = Field(description="Whether a calendar link is on.")


class CalendarFeedOut(Schema):
    url: str = Field(
        description="The private iCalendar link. Shown once; POST again to "
        "replace it, DELETE to turn it off."
    )


def _out(reminder: services.Reminder) -> dict[str, Any]:
    item = reminder.item
    return {
        "key": item.key,
        "kind": item.kind,
        "label": item.label,
        "due_on": item.due_on,
        "optional": item.optional,
        "reason": item.reason,
        "url": reminder.url,
    }


def _state(state: ReminderState) -> dict[str, Any]:
    return {"key": state.key, "declined": state.declined, "snoozed_until": state.snoozed_until}


def _settings(prefs: ReminderSettings) -> dict[str, Any]:
    return {
        "massage_time": prefs.massage_time,
        "massage_at_bedtime_window": prefs.massage_at_bedtime_window,
        "email_enabled": prefs.email_enabled,
        "screening_reminders": prefs.screening_reminders,
        "calendar_feed": bool(prefs.feed_token_hash),
    }


@router.get(
    "/reminders",
    response={200: ReminderPage, **INPUT_ERRORS},
    operation_id="list_reminders",
    summary="What is due for me now",
    description="Due wellbeing checks (for the mother only) and today's massage once "
    "its time has come. Snoozed and declined items are left out.",
)
def list_reminders(request: FamilyRequest, params: Query[ListParams]) -> dict[str, Any]:
    return paginate(request, params, services.due_reminders(request.user), _out)


def _answer(request: FamilyRequest, key: str, action: str) -> dict[str, Any]:
    try:
        state = (services.snooze if action == "snooze" else services.decline)(request.user, key)
    except services.UnknownReminder as exc:
        raise Http404("No such reminder is due for you.") from exc
    return _state(state)


@router.post(
    "/reminders/{key}/snooze",
    response={200: ReminderStateOut, **INPUT_ERRORS},
    operation_id="snooze_reminder",
    summary="Remind me in 3 days",
)
def snooze_reminder(request: FamilyRequest, key: Key) -> HttpResponse:
    return idempotent(
        request, lambda: (200, rendered(ReminderStateOut, _answer(request, key, "snooze")))
    )


@router.post(
    "/reminders/{key}/decline",
    response={200: ReminderStateOut, **INPUT_ERRORS},
    operation_id="decline_reminder",
    summary="Not this one",
    description="The item will not be shown or e-mailed again. Declining today's "
    "massage means: not today.",
)
def decline_reminder(request: FamilyRequest, key: Key) -> HttpResponse:
    return idempotent(
        request, lambda: (200, rendered(ReminderStateOut, _answer(request, key, "decline")))
    )


@router.get(
    "/reminder-settings",
    response={200: ReminderSettingsOut, **ERRORS},
    operation_id="get_reminder_settings",
    summary="My reminder settings",
)
def get_settings(request: FamilyRequest) -> dict[str, Any]:
    return _settings(services.settings_for(request.user))


@router.put(
    "/reminder-settings",
    response={200: ReminderSettingsOut, **WRITE_ERRORS},
    operation_id="put_reminder_settings",
    summary="Change my reminder settings",
    description="Replaces all the settings; a field left out takes its default.",
)
def put_settings(request: FamilyRequest, payload: ReminderSettingsIn) -> dict[str, Any]:
    prefs, _ = ReminderSettings.objects.get_or_create(user=request.user)
    for name, value in payload.model_dump().items():
        setattr(prefs, name, value)
    prefs.full_clean()
    prefs.save()
    return _settings(prefs)


@router.post(
    "/calendar-feed",
    response={201: CalendarFeedOut, **ERRORS},
    operation_id="create_calendar_feed",
    summary="Create or replace my calendar link",
    description="Returns the private iCalendar link once; any earlier link stops working. "
    "An `Idempotency-Key` is not replayed here: the link's secret is kept only as a hash, so a "
    "retry issues a new link (still exactly one works).",
)
def create_feed(request: FamilyRequest) -> JsonResponse:
    return JsonResponse({"url": feed.feed_url(feed.issue_token(request.user))}, status=201)


@router.delete(
    "/calendar-feed",
    response={204: None, **ERRORS},
    operation_id="delete_calendar_feed",
    summary="Turn off my calendar link",
    description="The link answers 404 from now on. Safe to repeat.",
)
def delete_feed(request: FamilyRequest) -> HttpResponse:
    feed.revoke_token(request.user)
    return HttpResponse(status=204)
