"""API routes of this app, mounted at /api/v1/ by firsttouch/api/api.py."""

from ninja import Router

router = Router(tags=["reports"])
