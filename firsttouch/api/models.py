"""What the API remembers between requests: the first response to each idempotent create."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class IdempotencyKey(models.Model):
    """The response to a create sent with an ``Idempotency-Key`` header, kept for 24 hours.

    A phone on a poor connection resends a POST it never saw answered; replaying the stored
    response instead of creating again keeps one feed from becoming two.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    # Admin-only debugging notes on a technical record: not translated (issue 12 rules).
    method_path = models.CharField(
        max_length=300,
        help_text='e.g. "POST /api/v1/feeds".',  # notranslate
    )
    request_hash = models.CharField(
        max_length=64,
        help_text="sha256 of the request body.",  # notranslate
    )
    status = models.PositiveSmallIntegerField()
    body = models.TextField(help_text="The JSON response, exactly as first sent.")  # notranslate
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects: ClassVar[models.Manager[IdempotencyKey]]

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="api_idempotency_user_key"),
        ]

    def __str__(self) -> str:
        return f"{self.method_path} {self.key}"
