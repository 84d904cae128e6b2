from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running an install: ``firsttouch serve``, ``worker`` and ``demo``.

    These commands reach into many apps (the worker queues reminders and clinic alerts, the
    demo writes babies, sessions and diary rows), so they live above the apps rather than in
    ``core``, which is the bottom layer and imports none of them.
    """

    name = "firsttouch.ops"
    label = "ops"
