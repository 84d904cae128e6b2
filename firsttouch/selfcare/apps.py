from django.apps import AppConfig


class SelfcareConfig(AppConfig):
    name = "firsttouch.selfcare"
    label = "selfcare"
