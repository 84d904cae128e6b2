"""Who is calling: a logged-in browser session (with CSRF) or a personal API token.

Both set ``request.user`` and ``request.family`` and activate the family's time zone, so every
route scopes its queries the same way whichever door the caller used.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, cast
from zoneinfo import ZoneInfo

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from firsttouch.accounts.models import ApiToken, Membership, User, hash_secret
from firsttouch.core import prepared
from firsttouch.core.http import FamilyRequest

from .errors import NoFamily

# Writing last_used_at on every call would turn each read into a write; a minute is enough to
# show "last used" on the settings page.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def attach_family(request: HttpRequest, user: User, membership: Membership | None = None) -> User:
    """Give the request its family (the scoping input) and the family's clock.

    ``membership`` is passed when the caller already loaded it with the user (the token's
    single query, or the family middleware for a session) so it is not fetched twice.
    """
    if membership is None or membership.user_id != user.pk:
        membership = Membership.objects.select_related("family").filter(user_id=user.pk).first()
    if membership is None:
        raise NoFamily()
    # From here on the request is a FamilyRequest: every handler may rely on these three.
    family_request = cast(FamilyRequest, request)
    family_request.user = user
    family_request.membership = membership
    family_request.family = membership.family
    timezone.activate(ZoneInfo(membership.family.time_zone))
    return user


def _token_query(values: dict[str, Any]) -> QuerySet[ApiToken]:
    return (
        ApiToken.objects.select_related("user__membership__family")
        .filter(key_hash=values["key_hash"])
        .order_by("pk")[:1]
    )


def token_for(raw: str) -> ApiToken | None:
    """The active token for a raw key, with its user, membership and family in one query."""
    # On every API call: run prepared (core/prepared.py's one cache), the ORM when it cannot be.
    found = prepared.objects("api-token", _token_query, key_hash=hash_secret(raw))
    token = found[0] if found else None
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def _membership_of(user: User) -> Membership | None:
    try:
        return user.membership
    except Membership.DoesNotExist:
        return None


class TokenAuth(HttpBearer):
    """``Authorization: Bearer ft_...``: a key from the settings page or POST /auth/token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_for(token.strip())
        if found is None:
            return None
        return attach_family(request, found.user, _membership_of(found.user))


class FamilySessionAuth(SessionAuth):
    """The browser's session; unsafe methods need the CSRF token like any Django form.

    A request that carries an Authorization header meant to use a token: if the token was
    refused, it must get 401, not be judged (and CSRF-checked) as a session. Likewise a request
    with no logged-in session has no credential at all: it gets 401 before the CSRF check
    (which ninja runs first), because "log in" is the answer it needs, not "send a CSRF token".
    A logged-in session without the CSRF token still gets 403 ``csrf_failed``.
    """

    def __call__(self, request: HttpRequest) -> Any:
        if "authorization" in request.headers or not request.user.is_authenticated:
            return None
        return super().__call__(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not user.is_authenticated:
            return None
        return attach_family(request, user, getattr(request, "membership", None))


# Order matters: the token is tried first so API clients never meet the CSRF check.
API_AUTH = [TokenAuth(), FamilySessionAuth()]


# --- Routes for an account rather than a family (staff) ----------------------------------------


class AccountRequest(HttpRequest):
    """A request authenticated as an account, family or none: staff need not be caregivers.

    ``second_factor`` says whether this credential proves a second factor: a token issued after
    one (``ApiToken.second_factor_at``), or a session verified by django-otp. Routes that show
    other families' data refuse it when false; the kit only reports it, the app decides.
    """

    user: User
    second_factor: bool


def _attach_account(request: HttpRequest, user: User, second_factor: bool) -> User:
    account_request = cast(AccountRequest, request)
    account_request.user = user
    account_request.second_factor = second_factor
    return user


class AccountTokenAuth(HttpBearer):
    """``Authorization: Bearer ft_...`` for any active account, with or without a family."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = token_for(token.strip())
        if found is None:
            return None
        return _attach_account(request, found.user, found.second_factor_at is not None)


class AccountSessionAuth(FamilySessionAuth):
    """The browser's session (CSRF on writes, as for families); verified when django-otp says."""

    def authenticate(self, request: HttpRequest, key: str | None) -> User | None:
        user = request.user
        if not isinstance(user, User):
            return None
        # OTPMiddleware adds is_verified() to the request's user; without it nothing is verified.
        verified = getattr(user, "is_verified", None)
        return _attach_account(request, user, bool(verified and verified()))


ACCOUNT_AUTH = [AccountTokenAuth(), AccountSessionAuth()]
