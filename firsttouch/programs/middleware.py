"""Staff sessions end after a spell without requests; families' sessions are left alone.

A session becomes a staff session when it passes a staff page's guard (``guards.py``) or the
two-factor step: from then on it carries the time of its last request. A family's session never
carries it, so a mother stays logged in as before (two months, ``SESSION_COOKIE_AGE``).
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

LAST_SEEN_KEY = "staff_last_seen"


def mark_staff_session(request: HttpRequest) -> None:
    """Start (or refresh) the idle clock of a session that can see family data."""
    request.session[LAST_SEEN_KEY] = timezone.now().timestamp()


def idle_too_long(last_seen: float, now: float) -> bool:
    return now - last_seen > settings.STAFF_IDLE_MINUTES * 60


class StaffIdleTimeoutMiddleware:
    """Log a staff session out past ``STAFF_IDLE_MINUTES`` since its last request."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        last_seen = request.session.get(LAST_SEEN_KEY)
        if last_seen is not None:
            now = timezone.now().timestamp()
            if idle_too_long(float(last_seen), now):
                logout(request)  # flushes the session, the mark with it
                messages.info(
                    request,
                    f"You were logged out after {settings.STAFF_IDLE_MINUTES} minutes without "
                    "activity. Log in again to continue.",
                )
            else:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)
