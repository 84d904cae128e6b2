from django.apps import AppConfig


class BabiesConfig(AppConfig):
    name = "firsttouch.babies"
    label = "babies"
