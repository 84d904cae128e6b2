from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "firsttouch.programs"
    label = "programs"

    def ready(self) -> None:
        # Clinics listen for a screening's urgent safety response (wellbeing never imports
        # programs): each one she shares with gets its alert.
        from firsttouch.wellbeing.signals import urgent_safety_response

        from .receivers import alert_clinics

        urgent_safety_response.connect(alert_clinics, dispatch_uid="programs.alert_clinics")
