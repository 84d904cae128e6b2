"""Reminder pages: what is due (with snooze/decline), settings, and the calendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from firsttouch.core.http import FamilyRequest, family_required

from . import feed, services
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
            "is_mother": services.is_mother(request.user),
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
