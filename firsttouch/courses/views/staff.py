"""Staff pages for classes and NICU programmes (mounted at /staff/<org_id>/courses/).

Every view is behind ``organisation_staff`` (another organisation's staff get a 404), then a
role check: class leaders and admins run courses, clinicians (and admins, to read) NICU
programmes, researchers nothing here. A page that shows a family's practice asks
``consented_categories`` (through ``services``) and writes one access-log row per family shown.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from firsttouch.accounts.models import Family
from firsttouch.programs import audit
from firsttouch.programs.guards import StaffRequest, organisation_staff
from firsttouch.programs.models import StaffMembership

from .. import services
from ..forms import CourseForm, EnrolForm, NicuProgrammeForm, SessionForm
from ..models import Course, Enrolment, NicuProgramme

MASSAGE = services.MASSAGE
P = ParamSpec("P")


def _role(
    allowed: Callable[[StaffMembership], bool],
) -> Callable[[Callable[Concatenate[StaffRequest, P], HttpResponse]], Callable[..., HttpResponse]]:
    """A 404 for staff whose role has no business on the page, before the method is checked:
    a researcher learns nothing here, not even which methods a route accepts."""

    def decorate(
        view: Callable[Concatenate[StaffRequest, P], HttpResponse],
    ) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: StaffRequest, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
            if not allowed(request.staff):
                raise Http404("Nothing here.")
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


course_staff = _role(services.manages_courses)
nicu_staff = _role(services.sees_nicu_programmes)
prescriber = _role(services.prescribes)


def _course(request: StaffRequest, course_id: int) -> Course:
    return get_object_or_404(Course, pk=course_id, organisation=request.staff.organisation)


def _log(request: StaffRequest, family: Family, what: str, why: str) -> None:
    audit.record_access(
        staff=request.user,
        organisation=request.staff.organisation,
        family=family,
        categories={MASSAGE},
        what=what,
        why=why,
    )


@organisation_staff
@_role(lambda m: services.manages_courses(m) or services.sees_nicu_programmes(m))
@require_safe
def index(request: StaffRequest, org_id: int) -> HttpResponse:
    """Courses, and NICU programmes for those who see them. Names only: no family data."""
    membership = request.staff
    organisation = membership.organisation
    context = {
        "organisation": organisation,
        "courses": (
            Course.objects.filter(organisation=organisation).select_related("leader")
            if services.manages_courses(membership)
            else None
        ),
        "programmes": (
            NicuProgramme.objects.filter(organisation=organisation).select_related("family")
            if services.sees_nicu_programmes(membership)
            else None
        ),
        "prescribable": (
            services.families_sharing(organisation, MASSAGE)
            if services.prescribes(membership)
            else []
        ),
    }
    return render(request, "courses/staff/index.html", context)


@organisation_staff
@course_staff
def course_new(request: StaffRequest, org_id: int) -> HttpResponse:
    organisation = request.staff.organisation
    form = CourseForm(
        request.POST or None,
        organisation=organisation,
        initial={"leader": request.user.pk, "weekly_target": 3},
    )
    if request.method == "POST" and form.is_valid():
        course = services.save_course(form.instance)
        messages.success(request, f"{course.title} created. Add its sessions below.")
        return redirect("courses_staff:course", org_id=org_id, course_id=course.pk)
    return render(
        request,
        "courses/staff/course_form.html",
        {"organisation": organisation, "form": form, "course": None},
        status=400 if form.is_bound else 200,
    )


@organisation_staff
@course_staff
def course_edit(request: StaffRequest, org_id: int, course_id: int) -> HttpResponse:
    course = _course(request, course_id)
    form = CourseForm(request.POST or None, instance=course, organisation=course.organisation)
    if request.method == "POST" and form.is_valid():
        services.save_course(form.instance)
        messages.success(request, _("Course saved."))
        return redirect("courses_staff:course", org_id=org_id, course_id=course.pk)
    return render(
        request,
        "courses/staff/course_form.html",
        {"organisation": course.organisation, "form": form, "course": course},
        status=400 if form.is_bound else 200,
    )


def _course_page(
    request: StaffRequest,
    course: Course,
    session_form: SessionForm | None = None,
    enrol_form: EnrolForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The course page: sessions, the roster with ticks and practice; one log row for each
    family whose practice is shown (those that consent to massage sessions now)."""
    rows = services.read_roster(course, request.user)
    sessions = list(course.sessions.all())
    tickable = services.tickable_sessions(course)
    return render(
        request,
        "courses/staff/course.html",
        {
            "organisation": course.organisation,
            "course": course,
            "sessions": sessions,
            "tickable": {s.pk for s in tickable},
            "rows": rows,
            "session_form": session_form or SessionForm(course=course),
            "enrol_form": enrol_form or EnrolForm(course=course),
        },
        status=status,
    )


@organisation_staff
@course_staff
@require_safe
def course(request: StaffRequest, org_id: int, course_id: int) -> HttpResponse:
    return _course_page(request, _course(request, course_id))


@organisation_staff
@course_staff
@require_POST
def session_new(request: StaffRequest, org_id: int, course_id: int) -> HttpResponse:
    found = _course(request, course_id)
    form = SessionForm(request.POST, course=found)
    if form.is_valid():
        services.save_session(form.instance)
        messages.success(request, _("Session added."))
        return redirect("courses_staff:course", org_id=org_id, course_id=found.pk)
    return _course_page(request, found, session_form=form, status=400)


@organisation_staff
@course_staff
@require_POST
def enrol(request: StaffRequest, org_id: int, course_id: int) -> HttpResponse:
    found = _course(request, course_id)
    form = EnrolForm(request.POST, course=found)
    if not form.is_valid():
        return _course_page(request, found, enrol_form=form, status=400)
    try:
        enrolment = services.enrol(found, form.cleaned_data["family"])
    except services.CourseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"{enrolment.family.name} enrolled.")
    return redirect("courses_staff:course", org_id=org_id, course_id=found.pk)


@organisation_staff
@course_staff
@require_POST
def attendance(request: StaffRequest, org_id: int, course_id: int) -> HttpResponse:
    """Save the ticks of the whole table: ``present`` values are "session:enrolment"."""
    found = _course(request, course_id)
    ticks: set[tuple[int, int]] = set()
    for value in request.POST.getlist("present"):
        session_id, _sep, enrolment_id = value.partition(":")
        if session_id.isdigit() and enrolment_id.isdigit():
            ticks.add((int(session_id), int(enrolment_id)))
    services.record_course_attendance(found, ticks, request.user)
    messages.success(request, _("Attendance saved."))
    return redirect("courses_staff:course", org_id=org_id, course_id=found.pk)


@organisation_staff
@course_staff
@require_safe
def course_family(
    request: StaffRequest, org_id: int, course_id: int, family_id: int
) -> HttpResponse:
    """One enrolled family's practice week by week and attendance: 404 without consent."""
    found = _course(request, course_id)
    enrolment = (
        Enrolment.objects.current()
        .select_related("family", "course__organisation")
        .filter(course=found, family_id=family_id)
        .first()
    )
    if enrolment is None:
        raise Http404("No such family in this course.")
    adherence = services.course_adherence_for_staff(enrolment)
    if not adherence.shared:
        raise Http404("No such family in this course.")
    _log(request, enrolment.family, f"course #{found.pk} home practice by week", "course")
    present = {a.session_id: a.present for a in enrolment.attendance.all()}
    return render(
        request,
        "courses/staff/course_family.html",
        {
            "organisation": found.organisation,
            "course": found,
            "enrolment": enrolment,
            "adherence": adherence,
            "attendance": [(s, present.get(s.pk)) for s in found.sessions.all()],
        },
    )


# --- NICU programmes -----------------------------------------------------------------------


def _sharing_family(request: StaffRequest, family_id: int) -> Family:
    """A family that consents to massage sessions with this organisation, or 404."""
    family = Family.objects.filter(pk=family_id).first()
    if family is None or family not in services.families_sharing(
        request.staff.organisation, MASSAGE
    ):
        raise Http404("No such family.")
    return family


@organisation_staff
@prescriber
def nicu_new(request: StaffRequest, org_id: int, family_id: int) -> HttpResponse:
    """A clinician prescribes a routine for one of the family's babies."""
    family = _sharing_family(request, family_id)
    organisation = request.staff.organisation
    form = NicuProgrammeForm(
        request.POST or None,
        family=family,
        organisation=organisation,
        initial={"minutes_per_day": 15, "days_per_week": 7, "started_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        form.instance.prescribed_by = request.user
        programme = services.save_programme(form.instance)
        messages.success(request, _("Programme saved. Approve home use when the family is ready."))
        return redirect("courses_staff:nicu", org_id=org_id, programme_id=programme.pk)
    _log(request, family, f"NICU programme form, family #{family.pk}", "prescribe")
    return render(
        request,
        "courses/staff/nicu_form.html",
        {"organisation": organisation, "family": family, "form": form},
        status=400 if form.is_bound else 200,
    )


@organisation_staff
@nicu_staff
@require_http_methods(["GET", "HEAD", "POST"])
def nicu(request: StaffRequest, org_id: int, programme_id: int) -> HttpResponse:
    """A programme and the mother's minutes (GET, logged); POST approves home use."""
    programme = get_object_or_404(
        NicuProgramme.objects.select_related("family", "baby", "organisation"),
        pk=programme_id,
        organisation=request.staff.organisation,
    )
    adherence = services.nicu_adherence_for_staff(programme)
    if not adherence.shared:
        raise Http404("No such programme.")
    if request.method == "POST":
        try:
            services.approve_home_use(programme, request.staff)
        except services.CourseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Home use approved. The family sees it on their page."))
        return redirect("courses_staff:nicu", org_id=org_id, programme_id=programme.pk)
    _log(request, programme.family, f"NICU programme #{programme.pk}", "programme")
    return render(
        request,
        "courses/staff/nicu.html",
        {
            "organisation": programme.organisation,
            "programme": programme,
            "adherence": adherence,
            "can_approve": services.prescribes(request.staff),
        },
    )
