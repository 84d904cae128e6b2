"""The password check of the API's token routes, counted by the log-in throttle.

A family's token (``POST /api/v1/auth/token``) and a staff token (``POST /api/v1/staff/token``)
check the password the way the log-in page does. The assembled API answers the two refusals
(``throttle.Throttled``: 429 with Retry-After; :class:`WrongPassword`: 401, the attempt stays
counted). The caller decides what else the account needs (staff, a second factor) and calls
``throttle.succeeded`` once it is satisfied.
"""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest

from . import throttle
from .forms import client_ip
from .models import ThrottleKind, User


class WrongPassword(Exception):
    """The e-mail address or the password is wrong."""


def checked_password(
    request: HttpRequest, email: str, password: str
) -> tuple[throttle.Attempt, User]:
    """The account whose password this is, and its attempt, still counted until the caller
    calls ``throttle.succeeded``."""
    attempt = throttle.begin(ThrottleKind.LOGIN, email, client_ip(request))
    if not attempt.allowed:
        raise throttle.Throttled(attempt)
    user = authenticate(request, username=attempt.account, password=password)
    if not isinstance(user, User):
        raise WrongPassword
    return attempt, user
