from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "firsttouch.api"
    label = "api"
