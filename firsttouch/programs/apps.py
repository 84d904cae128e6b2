from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "firsttouch.programs"
    label = "programs"

    def ready(self) -> None:
        # The consent text is content: a broken file stops start-up, naming file and field,
        # rather than failing in front of a mother who is about to agree.
        from .consent import current_text

        current_text()
        # Clinics listen for a screening's urgent safety response (wellbeing never imports
        # programs): each one she shares with gets its alert.
        from firsttouch.wellbeing.signals import urgent_safety_response

        from .receivers import alert_clinics

        urgent_safety_response.connect(alert_clinics, dispatch_uid="programs.alert_clinics")
