from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "firsttouch.insights"
    label = "insights"
