"""Reminder pages: what is due (with snooze/decline), settings, the calendar feed, and the
small JSON endpoints the settings page calls to turn notifications on a device on and off."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from firsttouch.accounts.roles import is_mother
from firsttouch.core.http import FamilyRequest, family_required

from . import feed, push, services
from .forms import ReminderSettingsForm


@family_required
def due(request: FamilyRequest) -> HttpResponse:
    """Everything due now, on its own page (the home page shows the same partial)."""
    return render(
        request, "reminders/due.html", {"reminders": services.due_reminders(request.user)}
    )


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return redirect(target)
    return redirect("reminders:due")


def _answer(request: FamilyRequest, key: str, action: str) -> HttpResponse:
    try:
        if action == "snooze":
            services.snooze(request.user, key)
        else:
            services.decline(request.user, key)
    except services.UnknownReminder as exc:
        raise Http404("That reminder is not due for you.") from exc
    if getattr(request, "htmx", False):
        return render(
            request,
            "reminders/_due.html",
            {
                "reminders": services.due_reminders(request.user),
                "next": request.POST.get("next", ""),
            },
        )
    messages.success(
        request,
        _("Snoozed for 3 days.")
        if action == "snooze"
        else _("Done: we will not remind you about this one."),
    )
    return _back(request)


@require_POST
@family_required
def snooze(request: FamilyRequest, key: str) -> HttpResponse:
    return _answer(request, key, "snooze")


@require_POST
@family_required
def decline(request: FamilyRequest, key: str) -> HttpResponse:
    return _answer(request, key, "decline")


@family_required
def settings_page(request: FamilyRequest) -> HttpResponse:
    prefs = services.settings_for(request.user)
    form = ReminderSettingsForm(request.POST or None, instance=prefs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Reminder settings saved."))
        return redirect("reminders:settings")
    return _settings(request, form)


def _settings(
    request: FamilyRequest, form: ReminderSettingsForm, new_feed_url: str | None = None
) -> HttpResponse:
    prefs = services.settings_for(request.user)
    return render(
        request,
        "reminders/settings.html",
        {
            "form": form,
            "has_feed": bool(prefs.feed_token_hash),
            "feed_created_at": prefs.feed_created_at,
            "new_feed_url": new_feed_url,
            "is_mother": is_mother(request.user),
            "push_public_key": push.public_key(),
            "push_devices": push.devices_of(request.user),
        },
    )


@require_POST
@family_required
def feed_create(request: FamilyRequest) -> HttpResponse:
    """Create or rotate the link; shown on this response only (it is never stored)."""
    url = feed.feed_url(feed.issue_token(request.user))
    form = ReminderSettingsForm(instance=services.settings_for(request.user))
    return _settings(request, form, new_feed_url=url)


@require_POST
@family_required
def feed_revoke(request: FamilyRequest) -> HttpResponse:
    if feed.revoke_token(request.user):
        messages.success(
            request, _("Calendar link turned off. Calendars using it will stop updating.")
        )
    return redirect("reminders:settings")


def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """No log-in (calendar apps cannot log in): the secret in the link is the key."""
    user = feed.owner_of(token)
    if user is None:
        raise Http404("No such calendar.")
    response = HttpResponse(feed.build(user), content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, max-age=900"
    response["X-Robots-Tag"] = "noindex"
    return response


# --- Notifications on this device (Web Push) ---------------------------------------------
# Session and CSRF like every page form; the body is the browser's JSON. A device is named by
# its endpoint, which only that browser knows, so "this device" is whatever endpoint it sends.


def _invalid(message: str) -> JsonResponse:
    return JsonResponse({"error": {"code": "invalid", "message": message}}, status=422)


def _body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body or b"null")
    except ValueError:
        return None


def _endpoint(request: HttpRequest) -> str | None:
    data = _body(request)
    endpoint = data.get("endpoint") if isinstance(data, dict) else None
    return endpoint if isinstance(endpoint, str) and endpoint else None


@require_POST
@family_required
def push_subscribe(request: FamilyRequest) -> HttpResponse:
    try:
        keys = push.parse(_body(request))
    except push.BadSubscription as exc:
        return _invalid(str(exc))
    push.subscribe(request.user, keys, request.headers.get("User-Agent", ""))
    return JsonResponse({"subscribed": True}, status=201)


@require_POST
@family_required
def push_unsubscribe(request: FamilyRequest) -> HttpResponse:
    endpoint = _endpoint(request)
    if endpoint is None:
        return _invalid(_("Say which device to turn off (its endpoint)."))
    push.unsubscribe(request.user, endpoint)
    return JsonResponse({"subscribed": False})


@require_POST
@family_required
def push_status(request: FamilyRequest) -> HttpResponse:
    """Whether the browser's subscription is this person's (a shared device may be another's)."""
    endpoint = _endpoint(request)
    if endpoint is None:
        return _invalid(_("Say which device to look up (its endpoint)."))
    return JsonResponse({"subscribed": push.device_of(request.user, endpoint) is not None})


@require_POST
@family_required
def push_test(request: FamilyRequest) -> HttpResponse:
    endpoint = _endpoint(request)
    device = push.device_of(request.user, endpoint) if endpoint else None
    if device is None:
        raise Http404("Reminders are not on for that device.")
    outcome = push.send(device, push.test_message())
    return JsonResponse({"sent": outcome == push.Outcome.SENT, "outcome": outcome.value})
