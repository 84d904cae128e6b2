from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "firsttouch.wellbeing"
    label = "wellbeing"
