from django.apps import AppConfig


class TrackingConfig(AppConfig):
    name = "firsttouch.tracking"
    label = "tracking"

    def ready(self) -> None:
        # Fail at start-up, naming the field, if content/baby_red_flags.toml is broken.
        from .red_flags import red_flags

        red_flags()
