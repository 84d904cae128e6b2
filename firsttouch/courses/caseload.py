"""What the caseload (``programs.caseload``) asks of courses: each family's current course.

Programs may not import courses (courses hangs off programs, and the apps have no import
cycles), so ``CoursesConfig.ready`` registers ``current_courses`` with the caseload.
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from firsttouch.programs.caseload import CourseTarget
from firsttouch.programs.models import Organisation

from .models import Enrolment


def current_courses(organisation: Organisation, families: QuerySet[Any]) -> dict[int, CourseTarget]:
    """The course each of ``families`` is enrolled in now with ``organisation``, in one query.

    A family in two courses at once shows the one that started last (the one under way).
    """
    rows = (
        Enrolment.objects.current()
        .filter(course__organisation=organisation, family_id__in=families)
        .order_by("course__starts_on", "pk")
        .values_list("family_id", "course__title", "course__weekly_target")
    )
    return {family_id: CourseTarget(title, target) for family_id, title, target in rows}
