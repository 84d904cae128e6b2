from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "firsttouch.courses"
    label = "courses"
    verbose_name = "Classes and NICU programmes"

    def ready(self) -> None:
        # The caseload shows each family's course target; programs cannot import courses.
        from firsttouch.programs.caseload import register_course_lookup

        from .caseload import current_courses

        register_course_lookup(current_courses)
