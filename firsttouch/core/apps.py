from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "firsttouch.core"
    label = "core"
