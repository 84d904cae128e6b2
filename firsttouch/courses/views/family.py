"""The family's side: its classes (next class, attendance, home practice against the target)
and its NICU programme (routine, prescribed minutes, this week's progress)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from firsttouch.core.http import FamilyRequest, family_required

from .. import services
from ..models import Enrolment


@require_safe
@family_required
def classes(request: FamilyRequest) -> HttpResponse:
    programmes = [
        (p, services.nicu_adherence_for_family(p))
        for p in services.family_programmes(request.family)
    ]
    return render(
        request,
        "courses/classes.html",
        {
            "courses": services.family_courses(request.family),
            "programmes": programmes,
            "nav_section": "today",
            "now": timezone.now(),
        },
    )


@require_POST
@family_required
def leave(request: FamilyRequest, enrolment_id: int) -> HttpResponse:
    """Leave a course: either caregiver may; another family's enrolment is a 404."""
    enrolment = (
        Enrolment.objects.current()
        .select_related("course")
        .filter(pk=enrolment_id, family=request.family)
        .first()
    )
    if enrolment is None:
        raise Http404("No such class.")
    services.leave(enrolment)
    messages.success(request, _("You have left %(title)s.") % {"title": enrolment.course.title})
    return redirect("courses:classes")
