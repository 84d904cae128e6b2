from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "firsttouch.studies"
    label = "studies"
