from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "firsttouch.programs"
    label = "programs"

    def ready(self) -> None:
        # The crisis lines are validated at start-up, like all clinical content: a broken
        # deployment file must stop the app now, not surface when a mother needs help.
        from firsttouch.wellbeing.safety import crisis_file

        crisis_file()
