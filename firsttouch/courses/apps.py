from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "firsttouch.courses"
    label = "courses"
    verbose_name = "Classes and NICU programmes"
