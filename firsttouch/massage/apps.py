from django.apps import AppConfig


class MassageConfig(AppConfig):
    name = "firsttouch.massage"
    label = "massage"
