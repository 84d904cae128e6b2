"""A server process starts without the heavy libraries it may never use (issue 10, memory).

fpdf2 (with fontTools) and the fhir.resources models cost about 25 MB of resident memory
and over a second of import time in every process; statsmodels (with numpy, scipy and pandas)
costs more; icalendar is smaller but only a calendar app fetching the feed needs it. They are
imported where a PDF is drawn, a FHIR document is built or read, a study is analysed or the
calendar feed is built, so they must not come back at start-up through a module-level import.
A fresh interpreter is needed: the test process has imported everything.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

# Top-level package names that must stay out of a freshly started server process.
HEAVY = (
    "fpdf",
    "fontTools",
    "fhir",
    "fhir_core",
    "reportlab",
    "playwright",
    "icalendar",
    # The study analyses (issue 11): statsmodels and what it brings, about 60 MB resident.
    "statsmodels",
    "patsy",
    "pandas",
    "scipy",
    "numpy",
    # Web Push (issue 12): only the worker sends pushes; aiohttp alone is 0.2 s to import.
    "pywebpush",
    "aiohttp",
)

STARTUP = """
import json, sys
import django
django.setup()
from django.urls import get_resolver
get_resolver().url_patterns  # what a worker loads before its first request
import firsttouch.wsgi
print(json.dumps(sorted({name.split(".")[0] for name in sys.modules})))
"""


def _loaded_after_startup(data_dir: Path) -> set[str]:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "firsttouch.settings",
        "FIRSTTOUCH_DATA_DIR": str(data_dir),
    }
    done = subprocess.run(
        [sys.executable, "-c", STARTUP], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> set[str]:
    return _loaded_after_startup(tmp_path_factory.mktemp("data"))


def test_startup_loads_the_app_itself(loaded: set[str]) -> None:
    # The check below means something only if the URLconf and the API were really loaded.
    assert {"django", "ninja", "firsttouch"} <= loaded


@pytest.mark.parametrize("package", HEAVY)
def test_heavy_library_is_not_imported_at_startup(loaded: set[str], package: str) -> None:
    assert package not in loaded, f"{package} is imported when the server starts"


PRELOAD = """
import json, sys, gc
import django
django.setup()
from django.db import connection
from firsttouch.ops.management.commands.serve import preload
connection.ensure_connection()  # as if loading had opened one
preload()
print(json.dumps({
    "urlconf": "firsttouch.urls" in sys.modules,
    "frozen": gc.get_freeze_count(),
    "connected": connection.connection is not None,
}))
"""


def test_serve_preloads_the_app_before_forking(tmp_path: Path) -> None:
    """The master loads the URLconf and leaves no database connection to share with workers."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "firsttouch.settings",
        "FIRSTTOUCH_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", PRELOAD], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    state = json.loads(done.stdout.strip().splitlines()[-1])
    assert state == {"urlconf": True, "frozen": state["frozen"], "connected": False}
    assert state["frozen"] > 0


def test_serve_tells_gunicorn_to_preload() -> None:
    from firsttouch.ops.management.commands.serve import gunicorn_settings

    opts = {"host": "127.0.0.1", "port": 8000, "workers": 2, "threads": None}
    settings = gunicorn_settings({**opts, "worker_class": "gthread"}, Path("/srv/ft"))
    assert settings["preload_app"] is True
