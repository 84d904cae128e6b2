"""Request typing and the guard every family page uses."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family, Membership, User

P = ParamSpec("P")


class FamilyRequest(HttpRequest):
    """A request from a logged-in caregiver; ``family_required`` guarantees ``family``."""

    user: User
    family: Family
    membership: Membership


def family_required(
    view: Callable[Concatenate[FamilyRequest, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """Log-in required, and a family: a removed caregiver is told how to get back in."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if getattr(request, "family", None) is None:
            return render(request, "accounts/no_family.html", status=403)
        return view(request, *args, **kwargs)  # type: ignore[arg-type]

    return wrapper


def htmx_or_full(
    request: HttpRequest, full: str, partial: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """Render only the fragment for htmx requests, the whole page otherwise."""
    template = partial if getattr(request, "htmx", False) else full
    return render(request, template, context, status=status)
