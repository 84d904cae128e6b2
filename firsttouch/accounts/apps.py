from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "firsttouch.accounts"
    label = "accounts"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the proxy header check)
