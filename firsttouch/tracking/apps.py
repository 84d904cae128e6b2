from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "firsttouch.tracking"
    label = "tracking"
