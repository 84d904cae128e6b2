from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "firsttouch.accounts"
    label = "accounts"
