from __future__ import annotations

from django.apps import AppConfig


class MassageConfig(AppConfig):
    name = "firsttouch.massage"
    label = "massage"

    def ready(self) -> None:
        # Load and validate the routine library now: a broken content file must stop start-up
        # with a message naming the file and field (ContentError is ImproperlyConfigured),
        # not surface later in front of a caregiver.
        from .content import library

        library()
