from django.apps import AppConfig


class ReportsConfig(AppConfig):
    """The one-page PDF a mother takes to the paediatrician or GP."""

    name = "firsttouch.reports"
    default_auto_field = "django.db.models.BigAutoField"
