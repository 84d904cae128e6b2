from __future__ import annotations

from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import Membership


class FamilyMiddleware:
    """Attach ``request.membership`` and ``request.family``; show times in the family's zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        membership: Membership | None = None
        if request.user.is_authenticated:
            membership = (
                Membership.objects.select_related("family").filter(user_id=request.user.pk).first()
            )
        request.membership = membership  # type: ignore[attr-defined]
        request.family = membership.family if membership else None  # type: ignore[attr-defined]
        if membership is not None:
            timezone.activate(ZoneInfo(membership.family.time_zone))
        else:
            timezone.deactivate()
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
