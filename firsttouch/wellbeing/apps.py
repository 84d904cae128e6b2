from __future__ import annotations

from django.apps import AppConfig


class WellbeingConfig(AppConfig):
    name = "firsttouch.wellbeing"
    label = "wellbeing"

    def ready(self) -> None:
        # Validate the bundled questionnaires now: a broken instrument file must stop start-up
        # with the file and field named, never reach a mother half-way through a screening.
        from . import checks  # noqa: F401  (registers the threshold checks)
        from .instruments import bundled, bundled_translations
        from .safety import crisis_file

        bundled()
        bundled_translations()  # a translation that scores differently stops start-up
        # The crisis lines too, like all clinical content: a broken deployment file must stop
        # the app now, not surface when a mother needs help.
        crisis_file()
