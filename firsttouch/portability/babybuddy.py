"""Reading Baby Buddy: its REST API (token auth, limit/offset pages) and its CSV exports.

Only the shapes are Baby Buddy's (field and column names, choice values); turning a row into a
firsttouch entry is ours. A row is a plain dict with Baby Buddy's names whichever door it came
through: the API names the child ``child``, a CSV export ``child_id`` (plus the child's first
and last name); the API gives times with an offset, a CSV gives local times without one.
"""

from __future__ import annotations

import hashlib
import ipaddress
import json
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from http.client import HTTPMessage
from typing import IO, Any

from django.conf import settings
from django.utils import timezone

from firsttouch.babies.models import Baby
from firsttouch.tracking.models import (
    BottleContents,
    BreastSide,
    Entry,
    Feed,
    FeedKind,
    Growth,
    IntervalEntry,
    Nappy,
    Note,
    PointEntry,
    Sleep,
)

TIMEOUT_SECONDS = 10
PAGE_SIZE = 100
# A page of 100 rows is a few tens of kB; anything this big is not Baby Buddy.
MAX_RESPONSE_BYTES = 5 * 1024 * 1024
NOTES_MAX = 2000

# Our kind name, Baby Buddy's API endpoint, what a person calls it, and the field to sort by
# (oldest first, so rows added in Baby Buddy while we import land on later pages).
KINDS: list[tuple[str, str, str, str]] = [
    ("child", "children", "children", "birth_date"),
    ("sleep", "sleep", "sleep", "start"),
    ("feeding", "feedings", "feedings", "start"),
    ("diaperchange", "changes", "diaper changes", "time"),
    ("tummytime", "tummy-times", "tummy time (as notes)", "start"),
    ("weight", "weight", "weights", "date"),
    ("note", "notes", "notes", "time"),
]
KIND_NAMES = [k[0] for k in KINDS]
LABELS = {k[0]: k[2] for k in KINDS}

OUNCE_ML = Decimal("29.5735")
POUND_G = Decimal("453.59237")
WEIGHT_UNITS = {"kg": Decimal(1000), "lb": POUND_G, "g": Decimal(1)}
VOLUME_UNITS = {"ml": Decimal(1), "oz": OUNCE_ML}


DRY_NAPPY = "Neither wet nor solid: firsttouch logs only wet or dirty nappies."


class BabyBuddyError(Exception):
    """Baby Buddy could not be read; ``field`` is the input to fix (base_url or token)."""

    def __init__(self, message: str, field: str = "base_url") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class RowProblem(Exception):
    """A row that cannot become an entry; the message is the reason shown in the summary."""


# --- The REST API -----------------------------------------------------------------------------


def normalize_base_url(raw: str) -> str:
    """``https://bb.example.org/api/`` and ``https://bb.example.org`` name the same server."""
    text = (raw or "").strip()
    parts = urllib.parse.urlsplit(text)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise BabyBuddyError(
            "Enter your Baby Buddy's address, starting with http:// or "
            "https://, for example https://baby.example.org."
        )
    path = parts.path.rstrip("/")
    if path.endswith("/api"):
        path = path[: -len("/api")]
    netloc = parts.hostname.lower() + (f":{parts.port}" if parts.port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, path, "", ""))


def refuse_private_address(base_url: str) -> None:
    """Refuse an address on the server's own networks when the deployment says so.

    With ``IMPORT_ALLOW_PRIVATE_ADDRESSES`` off (a server hosting many families), every
    address the host name resolves to must be public: a family member must not be able to make
    the server probe its internal network (loopback, private, link-local ranges).
    """
    if settings.IMPORT_ALLOW_PRIVATE_ADDRESSES:
        return
    parts = urllib.parse.urlsplit(base_url)
    host = parts.hostname or ""
    try:
        found = socket.getaddrinfo(
            host, parts.port or (443 if parts.scheme == "https" else 80), proto=socket.IPPROTO_TCP
        )
    except OSError as exc:
        raise BabyBuddyError(f"The name {host} could not be found. Check the address.") from exc
    for *_, sockaddr in found:
        address = ipaddress.ip_address(sockaddr[0])
        if not address.is_global:
            raise BabyBuddyError(
                "This server only imports from Baby Buddy servers on the internet, not from "
                "addresses on a private network. Use the CSV export instead."
            )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """Follow no redirect: urllib would send the API key on to wherever it points."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        raise BabyBuddyError(f"The address redirects to {newurl}. Enter that address instead.")


class Client:
    """A small, read-only Baby Buddy API client on the standard library."""

    def __init__(self, base_url: str, token: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.base_url = normalize_base_url(base_url)
        self.token = (token or "").strip()
        if not self.token:
            raise BabyBuddyError("Enter the API key from your Baby Buddy user settings.", "token")
        self.timeout = timeout
        refuse_private_address(self.base_url)
        self._opener = urllib.request.build_opener(_NoRedirect)

    def get(self, endpoint: str, **params: Any) -> dict[str, Any]:
        query = urllib.parse.urlencode(params)
        url = f"{self.base_url}/api/{endpoint}/" + (f"?{query}" if query else "")
        request = urllib.request.Request(
            url, headers={"Authorization": f"Token {self.token}", "Accept": "application/json"}
        )
        host = urllib.parse.urlsplit(self.base_url).netloc
        try:
            with self._opener.open(request, timeout=self.timeout) as response:
                body = response.read(MAX_RESPONSE_BYTES + 1)
        except urllib.error.HTTPError as exc:
            if exc.code in {401, 403}:
                raise BabyBuddyError(
                    "Baby Buddy refused the API key. Copy it again from "
                    "your Baby Buddy user settings.",
                    "token",
                ) from exc
            if exc.code == 404:
                raise BabyBuddyError(
                    f"There is no Baby Buddy API at {self.base_url}. Check the address."
                ) from exc
            raise BabyBuddyError(
                f"Baby Buddy answered with an error (HTTP {exc.code}). Try again later."
            ) from exc
        except BabyBuddyError:
            raise
        except (urllib.error.URLError, TimeoutError, OSError, ValueError) as exc:
            raise BabyBuddyError(
                f"Could not reach {host}. Check the address and that the server is running."
            ) from exc
        if len(body) > MAX_RESPONSE_BYTES:
            raise BabyBuddyError(
                f"{self.base_url} answered with far more than a page of "
                "Baby Buddy rows; it does not look like Baby Buddy."
            )
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise BabyBuddyError(
                f"{self.base_url} does not look like Baby Buddy: its API did not answer with JSON."
            ) from exc
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("results"), list)
            or not isinstance(data.get("count"), int)
        ):
            raise BabyBuddyError(
                f"{self.base_url} does not look like Baby Buddy: its API answered in another shape."
            )
        return data

    def page(
        self, kind: str, offset: int, limit: int = PAGE_SIZE
    ) -> tuple[list[dict[str, Any]], int, bool]:
        """(rows, total count, whether more pages follow) for one of our kinds."""
        endpoint, ordering = next((e, o) for k, e, _, o in KINDS if k == kind)
        data = self.get(endpoint, limit=limit, offset=offset, ordering=ordering)
        rows = [r for r in data["results"] if isinstance(r, dict)]
        return rows, data["count"], bool(data.get("next"))

    def counts(self) -> dict[str, int]:
        """How many rows of each kind: checks the address and the key before anything is
        saved, and sizes the progress bar."""
        return {kind: self.page(kind, 0, 1)[1] for kind in KIND_NAMES}


# --- CSV exports ------------------------------------------------------------------------------


def detect_kind(columns: set[str]) -> str | None:
    """Which Baby Buddy export a CSV is, from its header (the file name is often changed)."""
    if {"first_name", "birth_date"} <= columns:
        return "child"
    if {"wet", "solid"} <= columns:
        return "diaperchange"
    if {"type", "method", "start"} <= columns:
        return "feeding"
    if {"milestone", "start"} <= columns:
        return "tummytime"
    if {"weight", "date"} <= columns:
        return "weight"
    if {"note", "time"} <= columns:
        return "note"
    if {"start", "end"} <= columns and ("nap" in columns or "amount" not in columns):
        return "sleep"
    return None


def row_key(kind: str, row: dict[str, str]) -> str:
    """The row's Baby Buddy id, or for a file without ids a stable hash of its content."""
    ident = (row.get("id") or "").strip()
    if ident:
        return ident
    content = json.dumps(
        [kind, sorted((k, (v or "").strip()) for k, v in row.items() if k and k != "id")]
    )
    return "h" + hashlib.sha256(content.encode()).hexdigest()[:40]


# --- Values -----------------------------------------------------------------------------------


def parse_time(value: Any, tz: tzinfo) -> datetime:
    """An API time keeps its offset; a CSV's local time is read in the family's time zone."""
    text = str(value or "").strip()
    if not text:
        raise RowProblem("A time is missing.")
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError as exc:
        raise RowProblem(f"The time {text!r} could not be read.") from exc
    _check_year(moment.year, text)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=tz)
    return moment


def parse_date(value: Any) -> date:
    text = str(value or "").strip()
    try:
        day = date.fromisoformat(text[:10])
    except ValueError as exc:
        raise RowProblem(f"The date {text!r} could not be read.") from exc
    _check_year(day.year, text)
    return day


# A year outside these is a typo or a placeholder (Baby Buddy accepts year 1), never a real
# entry; such a value could not even be converted between time zones near the limits.
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _check_year(year: int, text: str) -> None:
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise RowProblem(
            f"The date {text!r} is not a real date for an entry "
            f"(years {FIRST_YEAR} to {LAST_YEAR} only)."
        )


def parse_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value or "").strip().lower() in {"1", "true", "yes", "y", "t"}


def parse_number(value: Any) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except InvalidOperation as exc:
        raise RowProblem(f"The number {value!r} could not be read.") from exc
    return number if number.is_finite() else None


def _notes(*parts: Any) -> str:
    text = "\n".join(str(p).strip() for p in parts if p and str(p).strip())
    return text[:NOTES_MAX]


def child_id(row: dict[str, Any]) -> str:
    return str(row.get("child", row.get("child_id", "")) or "").strip()


def child_name(row: dict[str, Any]) -> str:
    """A child's full name from a child row or, in a CSV export, from an entry's columns."""
    first = row.get("first_name", row.get("child_first_name", "")) or ""
    last = row.get("last_name", row.get("child_last_name", "")) or ""
    return f"{str(first).strip()} {str(last).strip()}".strip()


# --- Rows to entries --------------------------------------------------------------------------


@dataclass
class Units:
    weight: str = "kg"
    volume: str = "ml"


def build_entry(kind: str, row: dict[str, Any], baby: Baby, tz: tzinfo, units: Units) -> Entry:
    """An unsaved firsttouch entry for one Baby Buddy row (``RowProblem`` if it cannot be)."""
    builder = BUILDERS.get(kind)
    if builder is None:
        raise RowProblem("firsttouch has nothing to keep this in.")
    return builder(row, baby, tz, units)


def _sleep(row: dict[str, Any], baby: Baby, tz: tzinfo, units: Units) -> Entry:
    return Sleep(
        baby=baby,
        start=parse_time(row.get("start"), tz),
        end=parse_time(row.get("end"), tz),
        notes=_notes(row.get("notes")),
    )


def _feeding(row: dict[str, Any], baby: Baby, tz: tzinfo, units: Units) -> Entry:
    what = str(row.get("type") or "").strip().lower()
    method = str(row.get("method") or "").strip().lower()
    amount = parse_number(row.get("amount"))
    extra: list[str] = []
    if what == "fortified breast milk":
        extra.append("Fortified breast milk.")
    feed = Feed(
        baby=baby, start=parse_time(row.get("start"), tz), end=parse_time(row.get("end"), tz)
    )
    sides = {
        "left breast": BreastSide.LEFT,
        "right breast": BreastSide.RIGHT,
        "both breasts": BreastSide.BOTH,
    }
    if method in sides:
        feed.kind, feed.side = FeedKind.BREAST, sides[method]
    elif what == "solid food":
        feed.kind = FeedKind.SOLIDS
    else:  # a bottle, or milk given by a parent or taken by the baby
        feed.kind = FeedKind.BOTTLE
        feed.contents = (
            BottleContents.FORMULA
            if what == "formula"
            else BottleContents.BREAST_MILK
            if "breast milk" in what
            else ""
        )
    if amount is not None and amount > 0:
        ml = int((amount * VOLUME_UNITS[units.volume]).quantize(Decimal(1)))
        if feed.kind == FeedKind.BOTTLE and ml >= 1:
            feed.amount_ml = ml
        else:  # no amount on a breastfeed or solids here, and none under 1 ml: keep it as text
            extra.append(f"Amount in Baby Buddy: {amount.normalize():f}.")
    feed.notes = _notes(row.get("notes"), *extra)
    return feed


def _diaper(row: dict[str, Any], baby: Baby, tz: tzinfo, units: Units) -> Entry:
    dirty = parse_bool(row.get("solid"))
    if not dirty and not parse_bool(row.get("wet")):
        raise RowProblem(DRY_NAPPY)
    colour = str(row.get("color") or "").strip().lower()
    known = {"black", "brown", "green", "yellow"}
    return Nappy(
        baby=baby,
        time=parse_time(row.get("time"), tz),
        wet=parse_bool(row.get("wet")),
        dirty=dirty,
        colour=colour if dirty and colour in known else "",
        notes=_notes(row.get("notes")),
    )


def _tummy_time(row: dict[str, Any], baby: Baby, tz: tzinfo, units: Units) -> Entry:
    """firsttouch has no tummy-time kind: it becomes a note at its start, keeping its length."""
    start = parse_time(row.get("start"), tz)
    end = parse_time(row.get("end"), tz) if row.get("end") else None
    text = "Tummy time"
    if end is not None and end > start:
        minutes = max(1, round((end - start).total_seconds() / 60))
        text += f", {minutes} min"
    milestone = str(row.get("milestone") or "").strip()
    return Note(
        baby=baby,
        time=start,
        notes=_notes(text + (f": {milestone}" if milestone else "."), row.get("notes")),
    )


def _weight(row: dict[str, Any], baby: Baby, tz: tzinfo, units: Units) -> Entry:
    """Baby Buddy weighs on a date: we put it at midday that day (or now, if that is later)."""
    day = parse_date(row.get("date"))
    weight = parse_number(row.get("weight"))
    if weight is None:
        raise RowProblem("The weight is missing.")
    moment = min(datetime.combine(day, time(12), tzinfo=tz), timezone.now())
    grams = int((weight * WEIGHT_UNITS[units.weight]).quantize(Decimal(1)))
    return Growth(baby=baby, time=moment, weight_g=grams, notes=_notes(row.get("notes")))


def _note(row: dict[str, Any], baby: Baby, tz: tzinfo, units: Units) -> Entry:
    return Note(baby=baby, time=parse_time(row.get("time"), tz), notes=_notes(row.get("note")))


BUILDERS = {
    "sleep": _sleep,
    "feeding": _feeding,
    "diaperchange": _diaper,
    "tummytime": _tummy_time,
    "weight": _weight,
    "note": _note,
}


def already_there(entry: Entry) -> bool:
    """An entry of the same kind for the baby at the same moment: the same event, entered by
    hand or imported before by another route (a CSV after the API)."""
    model: Any = type(entry)
    if isinstance(entry, IntervalEntry):
        name, moment = "start", entry.start
    elif isinstance(entry, PointEntry):
        name, moment = "time", entry.time
    else:
        return False
    # Within the same second: the API gives microseconds, a CSV export whole seconds.
    second = moment.replace(microsecond=0)
    qs = model.objects.filter(
        **{
            "baby_id": entry.baby_id,
            f"{name}__gte": second,
            f"{name}__lt": second + timedelta(seconds=1),
        }
    )
    if isinstance(entry, Note):
        qs = qs.filter(notes=entry.notes)
    return bool(qs.exists())
