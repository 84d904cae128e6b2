"""The guard on every staff page: logged in, staff, two-factor verified, of this organisation.

A page of an organisation someone is not staff of is a 404, like another family's baby: we do
not confirm that an organisation or a family exists to someone with no business there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import wraps
from typing import TYPE_CHECKING, Concatenate, ParamSpec
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone

from firsttouch.accounts.models import Family

from . import audit, staff, twofactor
from .middleware import mark_staff_session

if TYPE_CHECKING:
    from firsttouch.accounts.models import User

    from .models import StaffMembership

P = ParamSpec("P")


class StaffRequest(HttpRequest):
    """A request that passed ``staff_required``; with ``organisation_staff``, ``staff``."""

    user: User
    staff: StaffMembership


def _second_factor(request: HttpRequest) -> HttpResponse | None:
    """Where an unverified staff session must go first, or None when it is verified."""
    if request.user.is_verified():  # type: ignore[union-attr]
        return None
    name = "staff:verify" if twofactor.has_device(request.user) else "staff:setup"  # type: ignore[arg-type]
    return redirect(f"{reverse(name)}?{urlencode({'next': request.get_full_path()})}")


def staff_required(
    view: Callable[Concatenate[StaffRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Staff of some organisation, with a verified second factor."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not staff.is_staff_member(request.user):  # type: ignore[arg-type]
            raise Http404("No staff pages here.")
        detour = _second_factor(request)
        if detour is not None:
            return detour
        mark_staff_session(request)
        return view(request, *args, **kwargs)  # type: ignore[arg-type]

    return wrapper


def organisation_staff(
    view: Callable[Concatenate[StaffRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """``staff_required``, and staff of the ``org_id`` in the URL (``request.staff``)."""

    @staff_required
    @wraps(view)
    def wrapper(request: StaffRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        membership = staff.membership_in(request.user, int(kwargs["org_id"]))  # type: ignore[call-overload]
        if membership is None:
            raise Http404("No such organisation.")
        request.staff = membership
        # Every page of an organisation shows its times in the organisation's zone (named on
        # the page), the same for all its staff whatever the server's zone.
        with timezone.override(ZoneInfo(membership.organisation.time_zone)):
            return view(request, *args, **kwargs)

    return wrapper


def family_for_staff(request: StaffRequest, family_id: int) -> Family:
    """The family a staff page is about: a 404 for a role that sees no family, or no family.

    Whether anything of it may be shown is the page's consent check, after this.
    """
    found = Family.objects.filter(pk=family_id).first() if request.staff.sees_families else None
    if found is None:
        raise Http404("No such family.")
    return found


def log_family_read(
    request: StaffRequest, family: Family, categories: Iterable[str], what: str, why: str
) -> None:
    """The one access-log row of a staff page's read of ``family``: the reason the link gave
    (``?why=``, e.g. "alert #12"), else the page's own."""
    audit.record_access(
        staff=request.user,
        organisation=request.staff.organisation,
        family=family,
        categories=categories,
        what=what,
        why=request.GET.get("why", "")[:100] or why,
    )
