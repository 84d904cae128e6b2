"""Background work for imports, run by ``firsttouch worker``'s regular sweep."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from firsttouch.accounts.models import Family

from .importing import STALE_AFTER, expire_stale
from .models import ImportJob, ImportState


@task()
def forget_stale_import_keys() -> int:
    """Stop every import left unfinished for a day, erasing its Baby Buddy API key.

    The key is a credential to another server, kept only so a running import can fetch its
    next page. Until now it was erased only when the family opened the import page again; a
    family that never comes back left it in the database for good. Returns how many jobs were
    stopped.
    """
    cutoff = timezone.now() - STALE_AFTER
    stale = ImportJob.objects.filter(state=ImportState.RUNNING, updated_at__lt=cutoff)
    family_ids = set(stale.values_list("family_id", flat=True))
    count = stale.count()
    for family in Family.objects.filter(pk__in=family_ids):
        expire_stale(family)  # the same rule, and message, as opening the page
    # A finished job never keeps a key (``_end`` empties it); make sure of it all the same.
    ImportJob.objects.exclude(state=ImportState.RUNNING).exclude(token="").update(token="")
    return count
