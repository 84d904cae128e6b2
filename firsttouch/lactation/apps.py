from django.apps import AppConfig


class LactationConfig(AppConfig):
    name = "firsttouch.lactation"
    label = "lactation"
