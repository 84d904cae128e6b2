from django.apps import AppConfig


class StudiesConfig(AppConfig):
    name = "firsttouch.studies"
    label = "studies"

    def ready(self) -> None:
        # Studies listen (wellbeing and accounts never import studies): a completed EPDS in
        # an open window is an assessment; a deleted account is a withdrawal.
        from django.contrib.auth import get_user_model
        from django.db.models.signals import pre_delete

        from firsttouch.wellbeing.signals import screening_completed

        from . import receivers

        screening_completed.connect(
            receivers.link_completed_screening, dispatch_uid="studies.link_screening"
        )
        pre_delete.connect(
            receivers.withdraw_on_account_deletion,
            sender=get_user_model(),
            dispatch_uid="studies.withdraw_on_account_deletion",
        )
