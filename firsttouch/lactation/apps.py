from django.apps import AppConfig


class LactationConfig(AppConfig):
    name = "firsttouch.lactation"
    label = "lactation"

    def ready(self) -> None:
        # Fail at start-up, naming the field, if content/lactation.toml is broken.
        from .content import guide

        guide()
