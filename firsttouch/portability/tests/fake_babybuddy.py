"""A stand-in Baby Buddy server for the import tests: a real HTTP server in a thread.

It answers like Baby Buddy's REST API (``/api/<endpoint>/``, ``Authorization: Token <key>``,
limit/offset pages with ``count``, ``next``, ``previous`` and ``results``, times with an
offset) from data the test chooses, and records the requests it got.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

KEY = "0123456789abcdef0123456789abcdef01234567"
NEW_YORK_WINTER = timezone(timedelta(hours=-5))


@dataclass
class FakeBabyBuddy:
    data: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    key: str = KEY
    requests: list[str] = field(default_factory=list)
    hosts: list[str] = field(default_factory=list)  # the Host header of each request
    down: bool = False
    redirect_to: str = ""
    url: str = ""

    def serve(self) -> Iterator[FakeBabyBuddy]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def _send(self, status: int, body: Any) -> None:
                raw = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(raw)))
                self.end_headers()
                self.wfile.write(raw)

            def do_GET(self) -> None:
                fake.requests.append(self.path)
                fake.hosts.append(self.headers.get("Host", ""))
                if fake.redirect_to:
                    self.send_response(302)
                    self.send_header("Location", fake.redirect_to)
                    self.end_headers()
                    return
                if fake.down:
                    self._send(503, {"detail": "Service unavailable."})
                    return
                if self.headers.get("Authorization") != f"Token {fake.key}":
                    self._send(403, {"detail": "Invalid token."})  # as Baby Buddy answers
                    return
                parts = urlsplit(self.path)
                segments = [s for s in parts.path.split("/") if s]
                if len(segments) != 2 or segments[0] != "api" or segments[1] not in fake.data:
                    self._send(404, {"detail": "Not found."})
                    return
                query = parse_qs(parts.query)
                limit = int(query.get("limit", ["100"])[0])
                offset = int(query.get("offset", ["0"])[0])
                rows = fake.data[segments[1]]
                order = query.get("ordering", [""])[0]
                if order:
                    rows = sorted(
                        rows,
                        key=lambda r: str(r.get(order.lstrip("-"), "")),
                        reverse=order.startswith("-"),
                    )
                page = rows[offset : offset + limit]
                base = f"{fake.url}{parts.path}"
                more = offset + limit < len(rows)
                self._send(
                    200,
                    {
                        "count": len(rows),
                        "next": f"{base}?limit={limit}&offset={offset + limit}" if more else None,
                        "previous": None if offset == 0 else f"{base}?limit={limit}",
                        "results": page,
                    },
                )

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{server.server_port}"
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            server.shutdown()
            server.server_close()


def iso(moment: datetime) -> str:
    """As Baby Buddy's API writes times: ISO 8601 with the server's offset."""
    return moment.astimezone(NEW_YORK_WINTER).isoformat()


def sample(mia_born: date, nights: int = 150) -> dict[str, list[dict[str, Any]]]:
    """Two children (Mia, already in firsttouch, and Theo, new) and a bit of everything.

    Mia gets one night's sleep per night for ``nights`` nights (more than a page of 100), the
    newest ending three hours before now.
    """
    now = datetime.now(UTC).replace(microsecond=0)
    last_end = now - timedelta(hours=3)
    theo_born = mia_born - timedelta(days=400)
    children = [
        {
            "id": 1,
            "first_name": "Mia",
            "last_name": "Smith",
            "birth_date": mia_born.isoformat(),
            "birth_time": None,
            "slug": "mia-smith",
            "picture": None,
        },
        {
            "id": 2,
            "first_name": "Theo",
            "last_name": "Smith",
            "birth_date": theo_born.isoformat(),
            "birth_time": "08:15:00",
            "slug": "theo-smith",
            "picture": None,
        },
    ]
    sleep = []
    for i in range(nights):
        end = last_end - timedelta(days=i)
        start = end - timedelta(hours=6)
        sleep.append(
            {
                "id": 1000 + i,
                "child": 1,
                "start": iso(start),
                "end": iso(end),
                "duration": "06:00:00",
                "nap": False,
                "notes": None,
                "tags": [],
            }
        )
    base = last_end - timedelta(hours=1)

    def feed(
        ident: int,
        hours: int,
        child: int,
        kind: str,
        method: str,
        amount: float | None,
        notes: str | None = None,
    ) -> dict[str, Any]:
        start = base - timedelta(hours=hours)
        return {
            "id": ident,
            "child": child,
            "start": iso(start),
            "end": iso(start + timedelta(minutes=20)),
            "duration": "00:20:00",
            "type": kind,
            "method": method,
            "amount": amount,
            "notes": notes,
            "tags": [],
        }

    feedings = [
        feed(1, 1, 1, "breast milk", "left breast", None),
        feed(2, 2, 1, "formula", "bottle", 120.0, "Took it all"),
        feed(3, 3, 1, "fortified breast milk", "bottle", 90.0),
        feed(4, 4, 2, "solid food", "self fed", None),
        feed(5, 5, 1, "breast milk", "both breasts", 30.0),
    ]
    changes = [
        {
            "id": 1,
            "child": 1,
            "time": iso(base - timedelta(minutes=10)),
            "wet": True,
            "solid": True,
            "color": "yellow",
            "amount": 2.0,
            "notes": None,
            "tags": [],
        },
        {
            "id": 2,
            "child": 1,
            "time": iso(base - timedelta(minutes=90)),
            "wet": True,
            "solid": False,
            "color": "",
            "amount": None,
            "notes": None,
            "tags": [],
        },
        # Neither wet nor solid (Baby Buddy allows it): firsttouch has no dry nappy.
        {
            "id": 3,
            "child": 2,
            "time": iso(base - timedelta(minutes=50)),
            "wet": False,
            "solid": False,
            "color": "",
            "amount": None,
            "notes": "dry check",
            "tags": [],
        },
    ]
    tummy = [
        {
            "id": 1,
            "child": 1,
            "start": iso(base - timedelta(hours=6)),
            "end": iso(base - timedelta(hours=6) + timedelta(minutes=5)),
            "duration": "00:05:00",
            "milestone": "Lifted her head",
            "tags": [],
        },
    ]
    weight = [
        {
            "id": 1,
            "child": 1,
            "weight": 4.2,
            "date": (mia_born + timedelta(days=14)).isoformat(),
            "notes": "Health visitor",
            "tags": [],
        },
        {
            "id": 2,
            "child": 2,
            "weight": 9.85,
            "date": (theo_born + timedelta(days=300)).isoformat(),
            "notes": None,
            "tags": [],
        },
    ]
    notes = [
        {
            "id": 1,
            "child": 1,
            "note": "First smile!",
            "image": None,
            "time": iso(base - timedelta(hours=7)),
            "tags": [],
        },
    ]
    return {
        "children": children,
        "sleep": sleep,
        "feedings": feedings,
        "changes": changes,
        "tummy-times": tummy,
        "weight": weight,
        "notes": notes,
    }


@pytest.fixture
def babybuddy(settings: Any) -> Iterator[FakeBabyBuddy]:
    """The fake listens on 127.0.0.1, so the deployment must allow private addresses (as a
    household running both on one machine does); the default refuses them."""
    settings.IMPORT_ALLOW_PRIVATE_ADDRESSES = True
    yield from FakeBabyBuddy().serve()
