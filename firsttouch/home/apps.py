from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "firsttouch.home"
    label = "home"
