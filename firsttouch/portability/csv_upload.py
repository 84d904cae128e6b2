"""Reading uploaded Baby Buddy CSV exports (files or one ZIP) without letting an upload hurt
the server.

A ZIP can claim anything in its headers and unpack to a thousand times its size (a "zip bomb"),
and a ``*.csv`` entry can itself be an archive. So: the entries' declared sizes and ratios are
checked before anything is unpacked, every entry is then read through a meter that stops at the
same caps whatever its header said, entries that are archives are refused rather than opened,
and rows are read one line at a time from the stream (never a whole file in memory). The caps
are settings (``IMPORT_MAX_UNPACKED_BYTES``, ``IMPORT_MAX_COMPRESSION_RATIO``,
``IMPORT_MAX_ROWS``; see docs/import.md).
"""

from __future__ import annotations

import codecs
import csv
import io
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO

from django.conf import settings
from django.utils.formats import number_format
from django.utils.translation import gettext

from . import babybuddy as bb

TOO_LARGE = 413
NOT_CSV = 422

# Read in chunks of this size: memory stays flat however large an entry is.
CHUNK_BYTES = 64 * 1024
# A compression ratio is judged once an entry has unpacked this much: a tiny file's ratio
# says nothing, and a bomb is large by definition.
RATIO_FLOOR_BYTES = 1024 * 1024
# A Baby Buddy export is a handful of files; a ZIP of thousands is not one, and its directory
# alone would take memory to read.
MAX_ENTRIES = 200
# No Baby Buddy row is near this long; a longer line is not a CSV export.
MAX_LINE_CHARS = 256 * 1024

# The first bytes of the archive and compressed formats a CSV never starts with.
ARCHIVE_MAGIC = (
    b"PK\x03\x04",
    b"PK\x05\x06",
    b"PK\x07\x08",
    b"\x1f\x8b",  # gzip
    b"BZh",  # bzip2
    b"\xfd7zXZ\x00",  # xz
    b"7z\xbc\xaf\x27\x1c",  # 7-Zip
    b"Rar!\x1a\x07",  # RAR
    b"\x28\xb5\x2f\xfd",  # zstd
)


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    """Bytes that are not UTF-8 are read as Latin-1, as older spreadsheet exports are."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error("firsttouch-latin1", _latin1_fallback)


class UploadRefused(Exception):
    """The upload cannot be imported; ``status`` is 413 (too large) or 422 (not CSV)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_ratio: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            settings.IMPORT_MAX_UNPACKED_BYTES,
            settings.IMPORT_MAX_COMPRESSION_RATIO,
            settings.IMPORT_MAX_ROWS,
        )

    @property
    def megabytes(self) -> str:
        return f"{self.max_bytes / (1024 * 1024):g} MB"

    @property
    def rows_text(self) -> str:
        return number_format(self.max_rows, force_grouping=True)


@dataclass(frozen=True)
class StagedRow:
    kind: str
    source_id: str
    data: dict[str, str]


def _too_large(limits: Limits) -> UploadRefused:
    return UploadRefused(
        gettext(
            "The files unpack to more than %(size)s, more than any Baby Buddy export "
            "firsttouch reads at once. Upload fewer files at a time."
        )
        % {"size": limits.megabytes},
        TOO_LARGE,
    )


def _too_compressed(name: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "%(name)s unpacks to far more than its compressed size: it is not a Baby Buddy export."
        )
        % {"name": name},
        TOO_LARGE,
    )


def _nested(name: str) -> UploadRefused:
    return UploadRefused(
        gettext(
            "%(name)s is itself an archive, not a CSV file. firsttouch does not open archives "
            "inside a ZIP: upload the CSV files, or one ZIP of them."
        )
        % {"name": name},
        NOT_CSV,
    )


def _unreadable(name: str) -> UploadRefused:
    return UploadRefused(
        gettext("%(name)s could not be read as a CSV file or a ZIP of them.") % {"name": name},
        NOT_CSV,
    )


class _Budget:
    """Bytes unpacked so far across the whole upload."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.spent = 0

    def spend(self, amount: int) -> None:
        self.spent += amount
        if self.spent > self.limits.max_bytes:
            raise _too_large(self.limits)


class _Metered(io.RawIOBase):
    """An entry's bytes read through a meter: it stops at the caps while reading, so a header
    that lies about the size gains nothing."""

    def __init__(self, raw: IO[bytes], budget: _Budget, name: str, compressed: int) -> None:
        super().__init__()
        self._raw = raw
        self._budget = budget
        self._name = name
        self._compressed = compressed
        self.read_bytes = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self._raw.read(min(len(buffer), CHUNK_BYTES))
        count = len(data)
        buffer[:count] = data
        self.read_bytes += count
        self._budget.spend(count)
        ratio_cap = self._budget.limits.max_ratio * max(self._compressed, 1)
        if self.read_bytes > RATIO_FLOOR_BYTES and self.read_bytes > ratio_cap:
            raise _too_compressed(self._name)
        return count


@dataclass
class Upload:
    """The uploaded files; :meth:`rows` reads them (again, each time it is called)."""

    files: list[tuple[str, bytes]]
    limits: Limits = field(default_factory=Limits.from_settings)
    unrecognised: list[str] = field(default_factory=list)

    def rows(self) -> Iterator[StagedRow]:
        """Every non-empty row of every recognised file, checked against the caps as it is
        read. Raises :class:`UploadRefused` at the first cap passed."""
        self.unrecognised = []
        budget = _Budget(self.limits)
        count = 0
        for name, content in self.files:
            for inner, stream in self._streams(name, content, budget):
                for row in self._read_csv(inner, stream):
                    count += 1
                    if count > self.limits.max_rows:
                        raise UploadRefused(
                            gettext(
                                "The files hold more than %(rows)s rows, the most one import "
                                "takes. Import them in parts (a few files at a time)."
                            )
                            % {"rows": self.limits.rows_text},
                            TOO_LARGE,
                        )
                    yield row

    def _streams(
        self, name: str, content: bytes, budget: _Budget
    ) -> Iterator[tuple[str, io.BufferedReader]]:
        if not zipfile.is_zipfile(io.BytesIO(content)):
            if content.startswith(b"PK"):
                raise _unreadable(name)  # a ZIP, but a broken one
            if content.startswith(ARCHIVE_MAGIC):
                raise UploadRefused(
                    gettext(
                        "%(name)s is an archive firsttouch does not open: upload CSV files or "
                        "one ZIP."
                    )
                    % {"name": name},
                    NOT_CSV,
                )
            raw = _Metered(io.BytesIO(content), budget, name, len(content))
            yield name, io.BufferedReader(raw, CHUNK_BYTES)
            return
        try:
            archive = zipfile.ZipFile(io.BytesIO(content))
        except (zipfile.BadZipFile, ValueError, EOFError) as exc:
            raise _unreadable(name) from exc
        with archive:
            entries = [
                info
                for info in archive.infolist()
                if info.filename.lower().endswith(".csv") and not info.is_dir()
            ]
            if len(archive.infolist()) > MAX_ENTRIES:
                raise UploadRefused(
                    gettext(
                        "%(name)s holds more than %(count)d files: it is not a Baby Buddy export."
                    )
                    % {"name": name, "count": MAX_ENTRIES},
                    TOO_LARGE,
                )
            # First what the headers claim (cheap), then the real bytes as they are read.
            if sum(info.file_size for info in entries) > self.limits.max_bytes:
                raise _too_large(self.limits)
            for info in entries:
                claimed = self.limits.max_ratio * max(info.compress_size, 1)
                if info.file_size > RATIO_FLOOR_BYTES and info.file_size > claimed:
                    raise _too_compressed(info.filename)
            for info in entries:
                try:
                    entry = archive.open(info)
                except (zipfile.BadZipFile, RuntimeError, NotImplementedError, ValueError) as exc:
                    raise _unreadable(info.filename) from exc
                with entry:
                    metered = _Metered(entry, budget, info.filename, info.compress_size)
                    yield info.filename, io.BufferedReader(metered, CHUNK_BYTES)

    def _read_csv(self, name: str, stream: io.BufferedReader) -> Iterator[StagedRow]:
        try:
            if stream.peek(8)[:8].startswith(ARCHIVE_MAGIC):
                raise _nested(name)
            text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="firsttouch-latin1")
            reader = csv.DictReader(_lines(text, name))
            columns = {(c or "").strip() for c in reader.fieldnames or []}
            kind = bb.detect_kind(columns)
            if kind is None:
                self.unrecognised.append(name)
                return
            for raw in reader:
                row = {
                    (k or "").strip(): (v or "").strip()
                    for k, v in raw.items()
                    if isinstance(v, str)
                }
                if any(row.values()):
                    yield StagedRow(kind, bb.row_key(kind, row), row)
        except (zipfile.BadZipFile, zlib.error, EOFError, csv.Error) as exc:
            raise _unreadable(name) from exc


def _lines(text: io.TextIOWrapper, name: str) -> Iterator[str]:
    """The stream's lines, refusing one too long to be a row (a line is held in memory)."""
    while line := text.readline(MAX_LINE_CHARS):
        if len(line) >= MAX_LINE_CHARS and not line.endswith("\n"):
            raise UploadRefused(
                gettext(
                    "%(name)s has a line longer than any Baby Buddy row: it is not a CSV export."
                )
                % {"name": name},
                NOT_CSV,
            )
        yield line
