"""Replaying a create that a client retries with the same ``Idempotency-Key``.

Only successful creates are remembered: a refused request saved nothing, so the client may fix
it and resend with the same key. Keys are per user and live for 24 hours.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from datetime import timedelta
from typing import TYPE_CHECKING, Any, cast

from django.apps import apps
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.http.request import RawPostDataException
from django.utils import timezone
from ninja import Schema
from ninja.responses import NinjaJSONEncoder

from .errors import ApiError

if TYPE_CHECKING:
    from firsttouch.api.models import IdempotencyKey

HEADER = "Idempotency-Key"
KEEP_FOR = timedelta(hours=24)
JSON = "application/json; charset=utf-8"


def _keys() -> type[IdempotencyKey]:
    # The model is the api app's; fetched from the registry so the kit imports no app.
    return cast("type[IdempotencyKey]", apps.get_model("api", "IdempotencyKey"))


def _replay(stored: IdempotencyKey, method_path: str, request_hash: str) -> HttpResponse:
    if stored.method_path != method_path or stored.request_hash != request_hash:
        raise ApiError(
            422,
            f"This {HEADER} was already used for a different request. Use a "
            "new key for a new request.",
            "idempotency_key_reused",
        )
    response = HttpResponse(stored.body, status=stored.status, content_type=JSON)
    response["Idempotent-Replayed"] = "true"
    return response


def rendered(schema: type[Schema], body: Any) -> str:
    """``body`` as JSON exactly as ninja would answer it for a route declaring ``schema``, so a
    handler wrapped in :func:`idempotent` sends the same bytes it sent before."""
    return json.dumps(schema.model_validate(body).model_dump(by_alias=True), cls=NinjaJSONEncoder)


def fingerprint(request: HttpRequest) -> str:
    """A hash of what was sent: the body, or for a multipart upload (whose body Django reads
    as a stream and cannot give back) its fields and its files' contents."""
    try:
        return hashlib.sha256(request.body).hexdigest()
    except RawPostDataException:
        digest = hashlib.sha256()
        for name, values in sorted(request.POST.lists()):
            digest.update(json.dumps([name, values]).encode())
        for name, files in sorted(request.FILES.lists()):
            for upload in files:
                digest.update(json.dumps([name, upload.name, upload.size]).encode())
                upload.seek(0)
                for chunk in upload.chunks():
                    digest.update(chunk)
                upload.seek(0)
        return digest.hexdigest()


def idempotent(request: HttpRequest, create: Callable[[], tuple[int, str]]) -> HttpResponse:
    """Run ``create`` (returning status and JSON text) at most once per user and key."""
    key = request.headers.get(HEADER, "").strip()
    if not key:
        status, body = create()
        return HttpResponse(body, status=status, content_type=JSON)
    if len(key) > 255:
        raise ApiError(
            422,
            f"The {HEADER} header is too long (255 characters at most).",
            fields={HEADER: ["Use at most 255 characters."]},
        )
    user_id = cast(int, request.user.pk)
    method_path = f"{request.method} {request.path}"
    request_hash = fingerprint(request)
    _keys().objects.filter(created_at__lt=timezone.now() - KEEP_FOR).delete()
    stored = _keys().objects.filter(user_id=user_id, key=key).first()
    if stored is not None:
        return _replay(stored, method_path, request_hash)
    try:
        with transaction.atomic():
            status, body = create()
            _keys().objects.create(
                user_id=user_id,
                key=key,
                method_path=method_path,
                request_hash=request_hash,
                status=status,
                body=body,
            )
    except IntegrityError:
        # A concurrent retry won the race: its create stands, ours was rolled back.
        stored = _keys().objects.filter(user_id=user_id, key=key).first()
        if stored is None:
            raise
        return _replay(stored, method_path, request_hash)
    return HttpResponse(body, status=status, content_type=JSON)
