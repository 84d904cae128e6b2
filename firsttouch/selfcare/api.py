"""API routes for the selfcare app, mounted by firsttouch/api/api.py."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["selfcare"])
