"""Which rows a caller may reach: the family's (babies, entries) or her own (her wellbeing).

Both answer 404 for a row the caller may not see, exactly as for one that does not exist: the
API never confirms that someone else's row is there.
"""

from __future__ import annotations

from typing import Any, TypeVar

from django.db import models
from django.http import Http404

from firsttouch.core.http import FamilyRequest
from firsttouch.core.scoping import FamilyOwned, get_scoped_or_404

F = TypeVar("F", bound=FamilyOwned)
R = TypeVar("R", bound=models.Model)


def family_row_or_404(model: type[F], request: FamilyRequest, id: int) -> F:
    """A row of the caller's family by id."""
    return get_scoped_or_404(model, request.family, pk=id)


def own_rows(
    rows: models.QuerySet[R], request: FamilyRequest, owner_field: str = "user"
) -> models.QuerySet[R]:
    """The caller's own rows: private records are scoped by user, not by family."""
    return rows.filter(**{owner_field: request.user})


def own_row_or_404(
    rows: models.QuerySet[R], request: FamilyRequest, owner_field: str = "user", **lookup: Any
) -> R:
    """One of the caller's own rows; another user's (her partner's too) is a 404."""
    found = own_rows(rows, request, owner_field).filter(**lookup).first()
    if found is None:
        raise Http404(f"No {rows.model._meta.verbose_name} matches.")
    return found
