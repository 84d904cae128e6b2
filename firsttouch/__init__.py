"""firsttouch: infant massage, the baby's outcomes and the mother's wellbeing, self-hosted."""

__version__ = "0.1.0"
