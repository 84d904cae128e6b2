"""``firsttouch demo``: a family with eight weeks of believable data, to try the app at once.

Running it again replaces the previous demo family (the demo user and everything of its
family are deleted first), so it is safe to run as often as you like. The randomness is
seeded: the same day gives the same data. Rows are written with ``bulk_create`` and are
correct by construction (no overlapping sleeps or crying, nothing in the future), because
the per-row rules would make a few thousand rows slow.
"""

from __future__ import annotations

import random
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import transaction
from django.utils import timezone

import firsttouch
from firsttouch.accounts import services as accounts
from firsttouch.accounts.models import Family, User
from firsttouch.babies.models import Baby
from firsttouch.massage.models import MassageSession
from firsttouch.tracking.models import (
    Crying,
    Entry,
    Feed,
    GasEpisode,
    Growth,
    Nappy,
    Note,
    Sleep,
)

EMAIL = "demo@example.com"
PASSWORD = "firsttouch-demo"
FAMILY_NAME = "Demo family"
TIME_ZONE = "Europe/London"
BABY_NAME = "Ava"
BABY_AGE_DAYS = 70
DAYS = 56
SEED = 20240607

CONTENT_DIR = Path(firsttouch.__file__).parent / "content"
# Cue ids we would like to show, in both spellings; only those in cues.toml are used.
WANTED_GOOD_CUES = (
    "eye-contact",
    "eye_contact",
    "smiling",
    "relaxed-limbs",
    "relaxed_hands",
    "cooing",
    "calm-breathing",
)
WANTED_BAD_CUES = ("turning-away", "looking_away", "arching", "crying", "squirming")

NOTES = {
    12: "Grandparents visited this afternoon.",
    20: "First proper smile today!",
    41: "Vaccinations this morning. Quiet, sleepy afternoon.",
    48: "Bath before the massage tonight: she loved it.",
}


def _known_cues() -> set[str]:
    """Every cue id in content/cues.toml, whatever its sections are called."""
    path = CONTENT_DIR / "cues.toml"
    if not path.exists():
        return set()
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {
        str(item["id"])
        for value in data.values()
        if isinstance(value, list)
        for item in value
        if isinstance(item, dict) and "id" in item
    }


def _routine_version(slug: str) -> str | None:
    """The routine's version, or None when the library does not ship that routine."""
    path = CONTENT_DIR / "routines" / f"{slug}.toml"
    if not path.exists():
        return None
    return str(tomllib.loads(path.read_text(encoding="utf-8")).get("version", ""))


@dataclass
class DemoData:
    """Walks day by day through the baby's life, appending rows in time order."""

    baby: Baby
    user: User
    tz: ZoneInfo
    now: datetime
    rng: random.Random
    rows: dict[type[Any], list[Any]] = field(default_factory=dict)

    def build(self, first_day: date, days: int) -> None:
        good = [c for c in WANTED_GOOD_CUES if c in _known_cues()]
        bad = [c for c in WANTED_BAD_CUES if c in _known_cues()]
        self.cues = (good, bad)
        self.versions = {
            slug: _routine_version(slug) for slug in ("bedtime-wind-down", "tummy-gas-constipation")
        }
        wakes = [self._at(first_day + timedelta(days=n), time(6, 30), 60) for n in range(days + 1)]
        birth_weight, birth_length = 3350, 50.5
        for n in range(days):
            day = first_day + timedelta(days=n)
            bedtime = self._at(day, time(19, 15), 45)
            self._daytime(day, wakes[n], bedtime)
            self._night(bedtime, wakes[n + 1])
            age_weeks = (day - self.baby.birth_date).days / 7
            if n % 7 == 2:
                weight = birth_weight + int(age_weeks * 200) + self.rng.randint(-40, 40)
                length = round(birth_length + age_weeks * 0.8, 1)
                self._add(
                    Growth(time=self._at(day, time(10, 30), 30), weight_g=weight, length_cm=length)
                )
            if n in NOTES:
                self._add(Note(time=self._at(day, time(20, 30), 20), notes=NOTES[n]))

    def _at(self, day: date, at: time, jitter_minutes: int) -> datetime:
        """A local wall time, as UTC: later arithmetic is then real time, even on DST nights."""
        local = datetime.combine(day, at, tzinfo=self.tz).astimezone(UTC)
        return local + timedelta(minutes=self.rng.randint(0, jitter_minutes))

    def _hour(self, moment: datetime) -> int:
        return moment.astimezone(self.tz).hour

    def _minutes(self, low: int, high: int) -> timedelta:
        return timedelta(minutes=self.rng.randint(low, high))

    def _add(self, row: Any) -> None:
        """Keep only what has already happened: nothing ends after now."""
        moment = getattr(row, "end", None) or getattr(row, "ended_at", None)
        moment = moment or getattr(row, "time", None) or row.started_at
        if moment > self.now:
            return
        if isinstance(row, Entry):
            row.baby = self.baby
            row.created_by = self.user
        self.rows.setdefault(type(row), []).append(row)

    def _feed(self, start: datetime, night: bool = False) -> datetime:
        end = start + self._minutes(12, 25)
        if not night and self.rng.random() < 0.15:
            self._add(
                Feed(
                    start=start,
                    end=end,
                    kind="bottle",
                    contents="breast_milk",
                    amount_ml=self.rng.choice(range(90, 150, 10)),
                )
            )
        else:
            side = self.rng.choice(["left", "right", "left", "right", "both"])
            self._add(Feed(start=start, end=end, kind="breast", side=side))
        dirty = self.rng.random() < (0.2 if night else 0.45)
        if not night or self.rng.random() < 0.5 or dirty:
            self._add(
                Nappy(
                    time=end + self._minutes(1, 6),
                    wet=True,
                    dirty=dirty,
                    consistency="loose" if dirty else "",
                    colour=self.rng.choice(["yellow", "yellow", "green"]) if dirty else "",
                )
            )
        return end

    def _daytime(self, day: date, wake: datetime, bedtime: datetime) -> None:
        evening = bedtime - timedelta(minutes=50)
        tummy_day = self.rng.random() < 0.25
        t = wake
        while t + timedelta(minutes=120) < evening:
            t = self._feed(t)
            awake = self._minutes(50, 90)
            afternoon = 13 <= self._hour(t) < 17
            if tummy_day and afternoon:
                self._massage(t + self._minutes(25, 35), "tummy-gas-constipation")
                tummy_day = False
            elif self.rng.random() < (0.45 if self._hour(t) >= 15 else 0.2):
                start = t + self._minutes(5, 15)
                self._add(
                    Crying(
                        start=start,
                        end=start + self._minutes(10, 35),
                        intensity=self.rng.choice(["fussing", "crying", "crying"]),
                    )
                )
            if afternoon and self.rng.random() < 0.15:
                self._add(
                    GasEpisode(
                        time=t + self._minutes(20, 40),
                        severity=self.rng.choice(["mild", "moderate"]),
                        relieved_by=self.rng.choice(
                            ["bicycle legs", "burping", "tummy massage", ""]
                        ),
                    )
                )
            t += awake
            nap_end = min(t + self._minutes(30, 110), evening - timedelta(minutes=5))
            if nap_end - t >= timedelta(minutes=20):
                self._add(Sleep(start=t, end=nap_end))
            t = max(t, nap_end)
        # Most evenings, not all: the insights page compares evenings with and without a
        # massage and needs at least 7 of each to say anything.
        if self.rng.random() < 0.7:
            self._massage(evening + self._minutes(3, 8), "bedtime-wind-down")
        self._feed(bedtime - self._minutes(22, 25))

    def _night(self, bedtime: datetime, wake: datetime) -> None:
        age_days = (bedtime.astimezone(self.tz).date() - self.baby.birth_date).days
        feeds = 3 if age_days < 42 else 2
        stretch = (wake - bedtime - feeds * timedelta(minutes=30)) / (feeds + 1)
        start = bedtime
        for n in range(feeds + 1):
            end = wake if n == feeds else start + stretch + self._minutes(-20, 20)
            self._add(Sleep(start=start, end=end))
            if n < feeds:
                start = self._feed(end + self._minutes(2, 4), night=True) + self._minutes(2, 4)

    def _massage(self, start: datetime, slug: str) -> None:
        version = self.versions.get(slug)
        if version is None:
            return
        good, bad = self.cues
        cues = self.rng.sample(good, k=min(len(good), self.rng.randint(1, 3)))
        if bad and self.rng.random() < 0.2:
            cues.append(self.rng.choice(bad))
        early = self.rng.random() < 0.05
        bedtime = slug == "bedtime-wind-down"
        self._add(
            MassageSession(
                baby=self.baby,
                created_by=self.user,
                routine_slug=slug,
                routine_version=version,
                started_at=start,
                ended_at=start + self._minutes(4, 7 if early else 15),
                steps_completed=self.rng.randint(2, 4) if early else self.rng.randint(6, 10),
                ended_early=early,
                ended_early_reason="She got hungry." if early else "",
                state_before=self.rng.choice(["calm", "calm", "fussy"]),
                state_after=self.rng.choice(
                    ["drowsy", "calm", "asleep"] if bedtime else ["calm", "calm", "fussy"]
                ),
                cues=cues,
                oil="sunflower oil",
            )
        )

    def counts(self) -> Iterator[tuple[str, int]]:
        for model, rows in self.rows.items():
            yield str(model._meta.verbose_name_plural), len(rows)


def remove_demo() -> None:
    """Delete the demo user and their family, with every baby and entry (cascade)."""
    Family.objects.filter(memberships__user__email=EMAIL).delete()
    User.objects.filter(email=EMAIL).delete()


@transaction.atomic
def create_demo(now: datetime | None = None) -> DemoData:
    now = now or timezone.now()
    remove_demo()
    tz = ZoneInfo(TIME_ZONE)
    today = now.astimezone(tz).date()
    user = accounts.sign_up(email=EMAIL, password=PASSWORD, name="Sam", time_zone=TIME_ZONE)
    family = user.membership.family
    family.name = FAMILY_NAME
    family.save(update_fields=["name"])
    baby = Baby.objects.create(
        family=family,
        name=BABY_NAME,
        birth_date=today - timedelta(days=BABY_AGE_DAYS),
        usual_bedtime=time(19, 30),
    )
    data = DemoData(baby, user, tz, now, random.Random(SEED))
    data.build(today - timedelta(days=DAYS - 1), DAYS)
    for model, rows in data.rows.items():
        model.objects.bulk_create(rows, batch_size=500)
    return data


def login_address(host: str | None = None, port: int | None = None) -> str:
    """The log-in page where ``firsttouch serve --host --port`` answers (as ``make run``
    prints it); the configured SITE_URL when neither is given."""
    if host is None and port is None:
        return f"{settings.SITE_URL}/login/"
    return f"http://{host or '127.0.0.1'}:{port or 8000}/login/"


class Command(BaseCommand):
    help = "Create (or recreate) a demo family with eight weeks of data, and print the log-in."

    def add_arguments(self, parser: CommandParser) -> None:
        # `make demo` passes the HOST and PORT that `make run` serves on, so the address it
        # prints is the one that answers; without them, the configured SITE_URL.
        parser.add_argument("--host", help="the address `firsttouch serve` listens on")
        parser.add_argument("--port", type=int, help="the port `firsttouch serve` listens on")

    def handle(self, *args: Any, **options: Any) -> None:
        data = create_demo()
        summary = ", ".join(f"{n} {name}" for name, n in data.counts())
        self.stdout.write(f"Demo family ready for {BABY_NAME}: {summary}.")
        self.stdout.write(f"Log in at {login_address(options['host'], options['port'])}")
        self.stdout.write(f"  e-mail:   {EMAIL}")
        self.stdout.write(f"  password: {PASSWORD}")
