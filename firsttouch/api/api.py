"""The JSON API, mounted at /api/v1/."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="firsttouch API",
    version="1",
    description="Read and log a family's massage sessions and the baby's days.",
    urls_namespace="api",
)


@api.get("/health", auth=None, tags=["meta"])
def health(request: object) -> dict[str, str]:
    return {"status": "ok"}
