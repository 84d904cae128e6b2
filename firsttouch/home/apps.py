from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "firsttouch.home"
    label = "home"

    def ready(self) -> None:
        # The massage reminder may follow tonight's bedtime window (reminders imports no home).
        from firsttouch.reminders.services import register_bedtime_window_start

        from .bedtime import family_window_start

        register_bedtime_window_start(family_window_start)
