"""API routes for the programs app, mounted by firsttouch/api/api.py."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["programs"])
