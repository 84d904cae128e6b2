from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from firsttouch.core.http import FamilyRequest, family_required


@family_required
def log(request: FamilyRequest) -> HttpResponse:
    return render(request, "tracking/log.html")
