"""API routes for the lactation app, mounted by firsttouch/api/api.py."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["lactation"])
