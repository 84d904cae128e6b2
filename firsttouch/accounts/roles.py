"""What a caregiver's role changes: some pages are written for the mother alone.

The EPDS ("how a new mother has been feeling") and the breast-massage guide are about the
person who gave birth. Another caregiver (a partner, a grandparent) keeps everything else,
their own mood and self-care included; opening a mother's page, they are told what is there
for them rather than met with a 404 or a questionnaire that does not fit them.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.http import HttpResponse
from django.shortcuts import render

from firsttouch.core.http import FamilyRequest

from .models import Role, User

P = ParamSpec("P")


def is_mother(user: User) -> bool:
    """Whether the mother's own pages are for this person (their role in the family)."""
    membership = getattr(user, "membership", None)
    return membership is not None and membership.role == Role.MOTHER


def for_mothers(
    view: Callable[Concatenate[FamilyRequest, P], HttpResponse],
) -> Callable[Concatenate[FamilyRequest, P], HttpResponse]:
    """A mother's page; anyone else gets a page saying what is there for them (inside
    ``family_required``, which has already checked the log-in and the family)."""

    @wraps(view)
    def wrapper(request: FamilyRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        if not is_mother(request.user):
            return render(request, "accounts/for_mothers.html", {"role": request.membership})
        return view(request, *args, **kwargs)

    return wrapper
