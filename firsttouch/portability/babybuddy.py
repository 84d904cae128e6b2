"""Reading Baby Buddy: its REST API (token auth, limit/offset pages) and its CSV exports.

Only the shapes are Baby Buddy's (field and column names, choice values); turning a row into a
firsttouch entry is ours. A row is a plain dict with Baby Buddy's names whichever door it came
through: the API names the child ``child``, a CSV export ``child_id`` (plus the child's first
and last name); the API gives times with an offset, a CSV gives local times without one.
"""

from __future__ import annotations

import hashlib
import http.client
import ipaddress
import json
import socket
import ssl
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from firsttouch.babies.models import Baby
from firsttouch.core import moments
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
    ("child", "children", gettext_noop("children"), "birth_date"),
    ("sleep", "sleep", gettext_noop("sleep"), "start"),
    ("feeding", "feedings", gettext_noop("feedings"), "start"),
    ("diaperchange", "changes", gettext_noop("diaper changes"), "time"),
    ("tummytime", "tummy-times", gettext_noop("tummy time (as notes)"), "start"),
    ("weight", "weight", gettext_noop("weights"), "date"),
    ("note", "notes", gettext_noop("notes"), "time"),
]
KIND_NAMES = [k[0] for k in KINDS]
LABELS = {k[0]: k[2] for k in KINDS}

OUNCE_ML = Decimal("29.5735")
POUND_G = Decimal("453.59237")
WEIGHT_UNITS = {"kg": Decimal(1000), "lb": POUND_G, "g": Decimal(1)}
VOLUME_UNITS = {"ml": Decimal(1), "oz": OUNCE_ML}


DRY_NAPPY = gettext_noop("Neither wet nor solid: firsttouch logs only wet or dirty nappies.")


class BabyBuddyError(Exception):
    """Baby Buddy could not be read; ``field`` is the input to fix (base_url or token)."""

    def __init__(self, message: str, field: str = "base_url") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class RowProblem(Exception):
    """A row that cannot become an entry; the message is the reason shown in the summary."""


# --- The REST API -----------------------------------------------------------------------------

Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def normalize_base_url(raw: str) -> str:
    """``https://bb.example.org/api/`` and ``https://bb.example.org`` name the same server.

    An IPv6 literal keeps its brackets (``http://[2001:db8::1]:8000``); a port that is not a
    number is the same typing mistake as a missing scheme, not a server error.
    """
    text = (raw or "").strip()
    try:
        parts = urllib.parse.urlsplit(text)
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
        parts = urllib.parse.urlsplit("")
    if parts.scheme not in {"http", "https"} or not host:
        raise BabyBuddyError(
            gettext(
                "Enter your Baby Buddy's address, starting with http:// or "
                "https://, for example https://baby.example.org."
            )
        )
    path = parts.path.rstrip("/")
    if path.endswith("/api"):
        path = path[: -len("/api")]
    host = host.lower()
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{port}" if port else "")
    return urllib.parse.urlunsplit((parts.scheme, netloc, path, "", ""))


def is_public(address: Address) -> bool:
    """Whether an address is on the internet rather than on one of the server's own networks.

    ``is_global`` alone is not enough: it calls some multicast ranges global, and an IPv6
    address can carry an IPv4 one (``::ffff:127.0.0.1`` is loopback, 6to4 embeds another),
    so the embedded address is judged too.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is not None and not is_public(embedded):
            return False
        if address.teredo is not None and not all(is_public(a) for a in address.teredo):
            return False
    return address.is_global and not (
        address.is_private
        or address.is_loopback
        or address.is_link_local
        or address.is_multicast
        or address.is_reserved
        or address.is_unspecified
    )


@dataclass(frozen=True)
class Target:
    """One checked address of the Baby Buddy host, ready to connect to without a new lookup."""

    address: Address
    family: socket.AddressFamily
    sockaddr: tuple[Any, ...]


class Unreachable(Exception):
    """Any way of not reaching the server; the caller shows one message for all of them."""


def resolve(host: str, port: int) -> list[Target]:
    """Look the host up once and check every address it has.

    When private addresses are not allowed, one private address among public ones refuses the
    whole host: which one the connection would use is the resolver's choice, not ours.
    """
    try:
        found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP)
        targets = [
            Target(ipaddress.ip_address(str(sockaddr[0]).split("%")[0]), fam, tuple(sockaddr))
            for fam, _, _, _, sockaddr in found
            if fam in (socket.AF_INET, socket.AF_INET6)
        ]
    except (OSError, ValueError, UnicodeError) as exc:
        raise Unreachable(f"{host} could not be looked up") from exc
    if not targets:
        raise Unreachable(f"{host} has no address")
    if not settings.IMPORT_ALLOW_PRIVATE_ADDRESSES:
        refused = [t.address for t in targets if not is_public(t.address)]
        if refused:
            raise Unreachable(f"{host} resolves to {refused[0]}, not a public address")
    return targets


def connect(target: Target, timeout: float) -> socket.socket:
    """A TCP connection to exactly this address (no name lookup happens here)."""
    sock = socket.socket(target.family, socket.SOCK_STREAM)
    try:
        sock.settimeout(timeout)
        sock.connect(target.sockaddr)
    except BaseException:
        sock.close()
        raise
    return sock


def _open(targets: list[Target], timeout: float) -> socket.socket:
    """The first checked address that answers, in the resolver's order."""
    last: OSError = OSError("no address")
    for target in targets:
        try:
            return connect(target, timeout)
        except OSError as exc:
            last = exc
    raise last


class _CheckedHTTPConnection(http.client.HTTPConnection):
    """HTTP to the checked addresses; the Host header is still the name that was typed."""

    def __init__(self, host: str, port: int, targets: list[Target], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout)
        self._targets = targets

    def connect(self) -> None:
        self.sock = _open(self._targets, self.timeout)  # type: ignore[arg-type]


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    """HTTPS to the checked addresses; SNI and certificate check against the typed name."""

    def __init__(self, host: str, port: int, targets: list[Target], timeout: float) -> None:
        super().__init__(host, port, timeout=timeout, context=ssl.create_default_context())
        self._targets = targets

    def connect(self) -> None:
        sock = _open(self._targets, self.timeout)  # type: ignore[arg-type]
        self.sock = self._context.wrap_socket(sock, server_hostname=self.host)  # type: ignore[attr-defined]


class Client:
    """A small, read-only Baby Buddy API client on the standard library.

    The host is looked up once, when the client is made, and every request connects to an
    address that lookup returned and that was checked: looking it up again when connecting
    would let a name that answered with a public address the first time answer with a private
    one the second (DNS rebinding). Redirects are never followed (they would carry the API key
    elsewhere), and proxies from the environment are not used (they would do the lookup).
    """

    def __init__(self, base_url: str, token: str, timeout: float = TIMEOUT_SECONDS) -> None:
        self.base_url = normalize_base_url(base_url)
        self.token = (token or "").strip()
        if not self.token:
            raise BabyBuddyError(
                gettext("Enter the API key from your Baby Buddy user settings."), "token"
            )
        self.timeout = timeout
        parts = urllib.parse.urlsplit(self.base_url)
        self._https = parts.scheme == "https"
        self._host = parts.hostname or ""
        self._port = parts.port or (443 if self._https else 80)
        try:
            self._targets = resolve(self._host, self._port)
        except Unreachable as exc:
            raise self.unreachable() from exc

    def unreachable(self) -> BabyBuddyError:
        """One message for a refused connection, a timeout, an unknown name, a blocked
        address or a bad certificate: different messages would tell a family member which
        addresses and ports of the server's networks are open (a port scanner)."""
        host = urllib.parse.urlsplit(self.base_url).netloc
        message = gettext(
            "Could not reach %(host)s. Check the address and that the server is running."
        ) % {"host": host}
        if not settings.IMPORT_ALLOW_PRIVATE_ADDRESSES:
            message += " " + gettext(
                "This server only imports from Baby Buddy servers on the internet, not from "
                "a private or local network; the CSV export works from anywhere."
            )
        return BabyBuddyError(message)

    def _connection(self) -> http.client.HTTPConnection:
        kind = _CheckedHTTPSConnection if self._https else _CheckedHTTPConnection
        return kind(self._host, self._port, self._targets, self.timeout)

    def get(self, endpoint: str, **params: Any) -> dict[str, Any]:
        query = urllib.parse.urlencode(params)
        url = f"{self.base_url}/api/{endpoint}/" + (f"?{query}" if query else "")
        parts = urllib.parse.urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        connection = self._connection()
        try:
            connection.request(
                "GET",
                target,
                headers={"Authorization": f"Token {self.token}", "Accept": "application/json"},
            )
            response = connection.getresponse()
            status, location = response.status, response.getheader("Location") or ""
            body = response.read(MAX_RESPONSE_BYTES + 1)
        except (OSError, http.client.HTTPException, ValueError) as exc:
            raise self.unreachable() from exc
        finally:
            connection.close()
        if status in {301, 302, 303, 307, 308}:
            newurl = urllib.parse.urljoin(url, location)
            raise BabyBuddyError(
                gettext("The address redirects to %(url)s. Enter that address instead.")
                % {"url": newurl}
            )
        if status in {401, 403}:
            raise BabyBuddyError(
                gettext(
                    "Baby Buddy refused the API key. Copy it again from your Baby Buddy user "
                    "settings."
                ),
                "token",
            )
        if status == 404:
            raise BabyBuddyError(
                gettext("There is no Baby Buddy API at %(url)s. Check the address.")
                % {"url": self.base_url}
            )
        if not 200 <= status < 300:
            raise BabyBuddyError(
                gettext("Baby Buddy answered with an error (HTTP %(status)d). Try again later.")
                % {"status": status}
            )
        if len(body) > MAX_RESPONSE_BYTES:
            raise BabyBuddyError(
                gettext(
                    "%(url)s answered with far more than a page of "
                    "Baby Buddy rows; it does not look like Baby Buddy."
                )
                % {"url": self.base_url}
            )
        try:
            data = json.loads(body)
        except ValueError as exc:
            raise BabyBuddyError(
                gettext("%(url)s does not look like Baby Buddy: its API did not answer with JSON.")
                % {"url": self.base_url}
            ) from exc
        if (
            not isinstance(data, dict)
            or not isinstance(data.get("results"), list)
            or not isinstance(data.get("count"), int)
        ):
            raise BabyBuddyError(
                gettext("%(url)s does not look like Baby Buddy: its API answered in another shape.")
                % {"url": self.base_url}
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
        raise RowProblem(gettext_noop("A time is missing."))
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


def _check_year(year: int, text: str) -> None:
    # The app's one sane range (core/moments.py): a year outside it is a typo or a placeholder
    # (Baby Buddy accepts year 1), never a real entry.
    if not moments.EARLIEST_YEAR <= year <= moments.LATEST_YEAR:
        raise RowProblem(
            f"The date {text!r} is not a real date for an entry "
            f"(years {moments.EARLIEST_YEAR} to {moments.LATEST_YEAR} only)."
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
        raise RowProblem(gettext_noop("firsttouch has nothing to keep this in."))
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
        raise RowProblem(gettext_noop("The weight is missing."))
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
