"""The one way to reach a family's data.

Every family-owned model inherits :class:`FamilyOwned` and says, in ``FAMILY_PATH``, how a row
reaches its family. Pages and API routes fetch rows only through :func:`scoped` and
:func:`get_scoped_or_404`, so a row of another family is indistinguishable from a row that does
not exist (404, never 403: we do not confirm that someone else's baby exists).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Generic, TypeVar, cast

from django.db import models
from django.http import Http404

if TYPE_CHECKING:
    from firsttouch.accounts.models import Family

M = TypeVar("M", bound="FamilyOwned")


class FamilyQuerySet(models.QuerySet[M], Generic[M]):
    def for_family(self, family: Family | None) -> FamilyQuerySet[M]:
        if family is None:
            return self.none()
        return self.filter(**{self.model.FAMILY_PATH: family})


class FamilyOwned(models.Model):
    """Abstract base: a row that belongs to exactly one family."""

    FAMILY_PATH: ClassVar[str] = "family"

    objects: ClassVar[Any] = FamilyQuerySet.as_manager()

    class Meta:
        abstract = True


def scoped(model: type[M], family: Family | None) -> FamilyQuerySet[M]:
    """All rows of ``model`` that belong to ``family`` (none when there is no family)."""
    return cast(FamilyQuerySet[M], model.objects.for_family(family))


def get_scoped_or_404(model: type[M], family: Family | None, **lookup: Any) -> M:
    """The one row of ``family`` matching ``lookup``; 404 for another family's row too.

    Plain ORM code on purpose: this is the check that keeps families apart. The fast by-id
    fetch (``core.prepared.fetch_scoped``) wraps it from outside and is tested equal to it.
    """
    try:
        return scoped(model, family).get(**lookup)
    except (model.DoesNotExist, ValueError, TypeError) as exc:
        raise Http404(f"No {model._meta.verbose_name} matches.") from exc
