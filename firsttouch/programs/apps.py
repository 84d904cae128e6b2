from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "firsttouch.programs"
    label = "programs"
