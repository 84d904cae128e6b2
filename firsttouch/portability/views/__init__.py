"""The family's data in and out, one module per service it presents.

``export``: the export page and its CSV and FHIR downloads. ``importing``: the Baby Buddy
import and a job's progress. ``deletion``: deleting an account.
"""

from __future__ import annotations

# The API serves the very same downloads (portability/api.py imports them from here).
from .export import csv_download, fhir_download

__all__ = ["csv_download", "fhir_download"]
