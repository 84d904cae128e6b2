"""One throttle for every way in: the log-in page, /admin/login/, the API token route and
password-reset requests, and for every password a signed-in person types again (changing the
password, deleting the account): a stolen session must not become a way to guess the password.

Two counts are kept separately, per account and per address, because each stops a different
attack without the other's harm: the account count stops someone guessing one parent's
password from many addresses, and the (much higher) address count stops one address guessing
many accounts without letting it lock everybody else out.

An attempt is counted *before* the password is checked, with an atomic database increment, so
twenty simultaneous guesses get at most the limit of checks between them (counting afterwards
let several requests read the same old count and all pass). A right password then takes its
own attempt back: the account starts again, and the address loses only that one attempt, not
the failures it made on other accounts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import ngettext

from .models import LoginCounter, ThrottleKind, ThrottleScope

if TYPE_CHECKING:
    from .models import User


@dataclass(frozen=True)
class Attempt:
    """One counted attempt: whether it may go ahead, and when to try again if not."""

    kind: str
    account: str
    address: str | None
    allowed: bool
    retry_after_seconds: int

    @property
    def retry_after_minutes(self) -> int:
        return max(1, math.ceil(self.retry_after_seconds / 60))

    @property
    def message(self) -> str:
        if self.kind == ThrottleKind.RESET:
            return ngettext(
                "Too many password-reset requests. Wait %(minutes)d minute and try again.",
                "Too many password-reset requests. Wait %(minutes)d minutes and try again.",
                self.retry_after_minutes,
            ) % {"minutes": self.retry_after_minutes}
        return ngettext(
            "Too many failed log-ins. Wait %(minutes)d minute, or reset your password.",
            "Too many failed log-ins. Wait %(minutes)d minutes, or reset your password.",
            self.retry_after_minutes,
        ) % {"minutes": self.retry_after_minutes}

    @property
    def signed_in_message(self) -> str:
        """For a signed-in person re-typing the password: the count is the log-in one."""
        return ngettext(
            "Too many wrong passwords. Wait %(minutes)d minute and try again, "
            "or log out and reset your password.",
            "Too many wrong passwords. Wait %(minutes)d minutes and try again, "
            "or log out and reset your password.",
            self.retry_after_minutes,
        ) % {"minutes": self.retry_after_minutes}


class Throttled(Exception):
    """The attempt was refused: the password was not checked."""

    def __init__(self, attempt: Attempt) -> None:
        super().__init__(attempt.message)
        self.attempt = attempt


def _window() -> timedelta:
    return timedelta(minutes=settings.LOGIN_FAILURE_WINDOW_MINUTES)


def _limit(scope: str) -> int:
    if scope == ThrottleScope.ACCOUNT:
        return int(settings.LOGIN_FAILURE_LIMIT)
    return int(settings.LOGIN_FAILURE_ADDRESS_LIMIT)


def count(kind: str, scope: str, subject: str, now: datetime | None = None) -> LoginCounter:
    """Add one to this subject's count in the current window and return the counter.

    Each step is a single UPDATE (or the INSERT that creates the row), so two requests can
    never both read the same count: PostgreSQL holds the row lock and SQLite the writer lock
    until the transaction ends, and the count is read back inside it.
    """
    now = now or timezone.now()
    fresh_after = now - _window()
    rows = LoginCounter.objects.filter(kind=kind, scope=scope, subject=subject)
    with transaction.atomic():
        for _ in range(3):
            if rows.filter(window_started__gt=fresh_after).update(count=F("count") + 1):
                break
            # The row is from an old window: this attempt starts a new one.
            if rows.filter(window_started__lte=fresh_after).update(count=1, window_started=now):
                break
            try:
                with transaction.atomic():
                    LoginCounter.objects.create(
                        kind=kind, scope=scope, subject=subject, count=1, window_started=now
                    )
                break
            except IntegrityError:
                continue  # another request created it first: increment theirs
        return rows.get()


def _subject(account: str) -> str:
    # Whatever was typed, even a megabyte or a NUL byte (which PostgreSQL refuses), is counted
    # under a key the column holds; no real username is longer than 150 characters.
    return account.replace("\x00", "").strip().lower()[:254]


def begin(kind: str, account: str, address: str | None) -> Attempt:
    """Count an attempt on ``account`` from ``address``; refuse it past either limit."""
    now = timezone.now()
    account = _subject(account)
    retry_after = 0.0
    subjects = [(ThrottleScope.ACCOUNT, account)]
    if address:
        subjects.append((ThrottleScope.ADDRESS, address))
    for scope, subject in subjects:
        counter = count(kind, scope, subject, now)
        if counter.count > _limit(scope):
            ends = counter.window_started + _window()
            retry_after = max(retry_after, (ends - now).total_seconds())
    if retry_after == 0:
        _forget_old_windows(now)
    return Attempt(kind, account, address, retry_after == 0, math.ceil(retry_after))


def check_password(user: User, password: str, address: str | None) -> bool:
    """Whether ``password`` is ``user``'s, counted on the log-in throttle like a log-in.

    Raises ``Throttled`` past either limit, without checking the password. A wrong password
    stays counted against the account and the address; the right one clears them as a log-in
    does.
    """
    attempt = begin(ThrottleKind.LOGIN, user.get_username(), address)
    if not attempt.allowed:
        raise Throttled(attempt)
    if not user.check_password(password):
        return False
    succeeded(attempt)
    return True


def succeeded(attempt: Attempt) -> None:
    """The right password: the account starts again; the address gets back this one attempt."""
    forget_account(attempt.account, attempt.kind)
    if attempt.address:
        LoginCounter.objects.filter(
            kind=attempt.kind,
            scope=ThrottleScope.ADDRESS,
            subject=attempt.address,
            count__gt=0,
        ).update(count=F("count") - 1)


def forget_account(account: str, kind: str = ThrottleKind.LOGIN) -> None:
    """Clear an account's count (after a right password, or a new one set by a reset link)."""
    LoginCounter.objects.filter(
        kind=kind, scope=ThrottleScope.ACCOUNT, subject=_subject(account)
    ).delete()


def _forget_old_windows(now: datetime) -> None:
    """Drop counters whose window has ended: they mean nothing, and keeping them would keep a
    trace of who tried to log in. Best effort: two clean-ups at once may deadlock on
    PostgreSQL, and the loser simply leaves the rows to the next attempt."""
    try:
        with transaction.atomic():
            LoginCounter.objects.filter(window_started__lte=now - _window()).delete()
    except DatabaseError:
        pass
