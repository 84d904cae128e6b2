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
        from firsttouch.lactation import signals as lactation
        from firsttouch.tracking import signals as tracking
        from firsttouch.wellbeing.signals import screening_completed, urgent_safety_response

        from . import receivers

        urgent_safety_response.connect(
            receivers.alert_clinics, dispatch_uid="programs.alert_clinics"
        )
        # The rest of the alert queue: a high EPDS total, baby and lactation red flags.
        screening_completed.connect(receivers.alert_epds_high, dispatch_uid="programs.epds_high")
        tracking.red_flags_raised.connect(
            receivers.alert_baby_red_flags, dispatch_uid="programs.baby_red_flags"
        )
        lactation.red_flags_raised.connect(
            receivers.alert_lactation_red_flags, dispatch_uid="programs.lactation_red_flags"
        )
