"""POST and GET /api/v1/nappies behind a bearer token: one query for the token, one for the rows."""

import hashlib
from datetime import datetime

from django.http import HttpRequest
from django.urls import path
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer

from .models import Nappy, Token


class Bearer(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Token | None:
        digest = hashlib.sha256(token.encode()).hexdigest()
        return Token.objects.filter(key_hash=digest).first()


api = NinjaAPI(auth=Bearer(), urls_namespace="bare")


class NappyIn(Schema):
    baby: int
    time: datetime
    wet: bool = False
    dirty: bool = False
    notes: str = ""


class NappyOut(Schema):
    id: int
    baby: int
    time: datetime
    wet: bool
    dirty: bool
    notes: str
    created_at: datetime

    @staticmethod
    def resolve_baby(obj: Nappy) -> int:
        return obj.baby_id


@api.post("/nappies", response={201: NappyOut})
def create(request: HttpRequest, body: NappyIn) -> tuple[int, Nappy]:
    fields = body.dict()
    return 201, Nappy.objects.create(baby_id=fields.pop("baby"), **fields)


@api.get("/nappies", response=list[NappyOut])
def listing(request: HttpRequest, baby: int, since: datetime, limit: int = 100) -> list[Nappy]:
    family = request.auth.family_id  # type: ignore[attr-defined]
    rows = Nappy.objects.filter(baby_id=baby, baby__family_id=family, time__gte=since)
    return list(rows.order_by("-time")[:limit])


urlpatterns = [path("api/v1/", api.urls)]
