"""Imports from Baby Buddy: the job that shows progress, and what each imported row became.

Both belong to a family and go with it (``CASCADE``), so deleting the family leaves nothing.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from firsttouch.accounts.models import Family
from firsttouch.core.scoping import FamilyOwned


class ImportSource(models.TextChoices):
    API = "api", _("Baby Buddy (its API)")
    CSV = "csv", _("Baby Buddy (CSV files)")


class ImportState(models.TextChoices):
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Stopped with an error")
    CANCELLED = "cancelled", _("Cancelled")


def empty_counts() -> dict[str, Any]:
    return {}


class ImportJob(FamilyOwned):
    """One import, advanced a chunk at a time by whoever has the page open (no worker needed).

    The cursor (``stage``, ``offset``) lives here so a closed tab can pick up where it stopped.
    ``token`` is the Baby Buddy API key, kept only while the job runs. An uploaded CSV's rows
    are staged as :class:`ImportRow` rows until they are imported (one small row each, so a
    step touches only its own batch); they are deleted when the job ends. ``ready`` is false
    while an upload is still being staged: no step runs until every row is there.
    """

    FAMILY_PATH = "family"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    source = models.CharField(max_length=10, choices=ImportSource.choices)
    base_url = models.CharField(max_length=300, blank=True)
    token = models.CharField(max_length=200, blank=True)
    weight_unit = models.CharField(max_length=5, default="kg")
    volume_unit = models.CharField(max_length=5, default="ml")
    fallback_baby_id = models.IntegerField(null=True, blank=True)
    # The zone a CSV's local times are read in; empty means the family's.
    time_zone = models.CharField(max_length=64, blank=True)
    state = models.CharField(
        max_length=10, choices=ImportState.choices, default=ImportState.RUNNING
    )
    stage = models.PositiveSmallIntegerField(default=0)
    offset = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    counts = models.JSONField(default=empty_counts)
    ready = models.BooleanField(default=True)
    error = models.TextField(blank=True)
    failures = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Import {self.pk} ({self.source}, {self.state})"

    @property
    def is_running(self) -> bool:
        return self.state == ImportState.RUNNING

    @property
    def percent(self) -> int:
        if self.total <= 0:
            return 100 if not self.is_running else 0
        return min(100, round(100 * self.processed / self.total))


class ImportedRecord(FamilyOwned):
    """A Baby Buddy row already imported into this family: a second import skips it.

    ``source`` is the Baby Buddy address (or ``csv``), ``kind`` its endpoint name and
    ``source_id`` its id (or, for a CSV row without one, a hash of the row).
    """

    FAMILY_PATH = "family"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=300)
    kind = models.CharField(max_length=20)
    source_id = models.CharField(max_length=64)
    target_kind = models.CharField(max_length=20)
    target_id = models.IntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["family", "source", "kind", "source_id"], name="imported_record_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.source} {self.kind} {self.source_id}"


class RowStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    IMPORTED = "imported", _("Imported")
    SKIPPED = "skipped", _("Skipped")


class ImportRow(FamilyOwned):
    """One row of an uploaded CSV, waiting for its step (then imported or skipped, and why).

    Rows are taken in ``order`` (Baby Buddy's kind order: children first, so entries find their
    baby) and then as read. Each step updates only its own batch, in one short transaction.
    """

    FAMILY_PATH = "family"

    family = models.ForeignKey(Family, on_delete=models.CASCADE, related_name="+")
    job = models.ForeignKey(ImportJob, on_delete=models.CASCADE, related_name="staged_rows")
    order = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=20)
    source_id = models.CharField(max_length=64)
    data = models.JSONField()
    status = models.CharField(max_length=10, choices=RowStatus.choices, default=RowStatus.PENDING)
    reason = models.TextField(blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["job", "status", "order", "id"], name="import_row_next"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_id} ({self.status})"
