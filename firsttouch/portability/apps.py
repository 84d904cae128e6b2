from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    """A family's data leaving the app: exports (CSV, FHIR) and account deletion."""

    name = "firsttouch.portability"
    label = "portability"
