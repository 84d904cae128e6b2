from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render

from firsttouch.babies.models import Baby
from firsttouch.core.http import FamilyRequest, family_required
from firsttouch.core.scoping import get_scoped_or_404, scoped


@family_required
def home(request: FamilyRequest) -> HttpResponse:
    """The family's landing page: the first baby's day, or what to do first."""
    baby = scoped(Baby, request.family).first()
    if baby is None:
        return render(request, "home/welcome.html")
    return redirect("baby", baby_id=baby.pk)


@family_required
def baby(request: FamilyRequest, baby_id: int) -> HttpResponse:
    baby = get_scoped_or_404(Baby, request.family, pk=baby_id)
    return render(request, "home/baby.html", {"baby": baby,
                                              "babies": scoped(Baby, request.family)})
