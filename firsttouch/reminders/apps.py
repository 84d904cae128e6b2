from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "firsttouch.reminders"
    label = "reminders"
