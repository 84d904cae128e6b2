"""Benchmark `firsttouch serve` with wrk: requests/s and p50/p99 latency at concurrency 1 and 16.

Scenarios (issue #2): create a sleep entry, list a week of sleep, create a massage session,
render the demo baby's home page. The server runs on a fresh data directory seeded by
`firsttouch demo`; SQLite by default, PostgreSQL when DATABASE_URL is set.

    .venv/bin/python bench/run.py [--duration 10] [--workers 4] [--out bench/results/x.json]

Figures go in bench/README.md; this is a measurement, never a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
FIRSTTOUCH = str(BIN / "firsttouch")

SETUP = """
import json
from datetime import timedelta
from django.contrib.sessions.backends.db import SessionStore
from django.utils import timezone
from firsttouch.accounts.models import ApiToken, User
from firsttouch.babies.models import Baby
user = User.objects.get(username="demo@example.com")
baby = Baby.objects.filter(family=user.membership.family).first()
# The sleep creates go back 400+ days, so they are logged for a sibling born long enough ago
# (entries before a baby's birth are refused) with no history of its own to overlap.
born = timezone.localdate() - timedelta(days=1000)
writer = Baby.objects.create(family=user.membership.family, name="Bench", birth_date=born)
_, key = ApiToken.issue(user, "bench")
s = SessionStore()
s["_auth_user_id"] = str(user.pk)
s["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
s["_auth_user_hash"] = user.get_session_auth_hash()
s.create()
since = (timezone.now() - timedelta(days=7)).strftime("%Y-%m-%dT%H:%M:%SZ")
info = {"key": key, "baby": baby.pk, "writer": writer.pk, "session": s.session_key, "since": since}
print(json.dumps(info))
"""

# Each wrk thread creates back-to-back one-minute sleeps going back in time from its own
# starting point, so entries never overlap and every create succeeds (a 422 would measure
# the error path instead).
CREATE_SLEEP = r"""
local counter = 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) base = os.time() - 400 * 86400 - (RUN * 2 + tid) * 40 * 86400 end
function request()
  counter = counter + 1
  local s = base - counter * 120
  local body = string.format(
    '{"baby": %d, "start": "%s", "end": "%s"}', BABY,
    os.date("!%Y-%m-%dT%H:%M:%SZ", s), os.date("!%Y-%m-%dT%H:%M:%SZ", s + 60))
  return wrk.format("POST", "/api/v1/sleep", HEADERS, body)
end
"""

CREATE_MASSAGE = r"""
local counter = 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) base = os.time() - 10 * 86400 - (RUN * 2 + tid) * 86400 end
function request()
  counter = counter + 1
  local s = base - counter * 7
  local body = string.format(
    '{"baby": %d, "routine_slug": "bedtime-wind-down", "started_at": "%s", "ended_at": "%s", ' ..
    '"state_before": "fussy", "state_after": "calm", "tool": "hands"}', BABY,
    os.date("!%Y-%m-%dT%H:%M:%SZ", s), os.date("!%Y-%m-%dT%H:%M:%SZ", s + 600))
  return wrk.format("POST", "/api/v1/massage-sessions", HEADERS, body)
end
"""

GET = r"""
function request() return wrk.format("GET", PATH, HEADERS) end
"""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def run(cmd: list[str], env: dict[str, str]) -> str:
    return subprocess.run(cmd, env=env, check=True, capture_output=True, text=True).stdout


def lua_header(baby: int, headers: dict[str, str], path: str = "", run: int = 0) -> str:
    """Globals for the scenario script; RUN keeps each run's new entries apart in time."""
    pairs = ", ".join(f'["{k}"] = "{v}"' for k, v in headers.items())
    return f'BABY = {baby}\nRUN = {run}\nHEADERS = {{{pairs}}}\nPATH = "{path}"\n'


def server_cpu_seconds(root: int) -> float:
    """User + system CPU time of the server and all its processes (gunicorn's workers).

    Read from /proc around each run: CPU time per request is a steadier figure than
    requests/s on a shared machine, where other people's work takes cores away but not
    (much) adds to our own processes' CPU time. Exited workers are not counted.
    """
    tick = os.sysconf("SC_CLK_TCK")
    parents: dict[int, int] = {}
    times: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry.name)] = int(fields[1])
        times[int(entry.name)] = (int(fields[11]) + int(fields[12])) / tick
    family = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in family and pid not in family:
                family.add(pid)
                grew = True
    return sum(times.get(pid, 0.0) for pid in family)


def parse_wrk(out: str) -> dict[str, float]:
    def latency(label: str) -> float:
        m = re.search(rf"^\s*{label}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M)
        if not m:
            return float("nan")
        value, unit = float(m.group(1)), m.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    total = re.search(r"(\d+) requests in", out)
    return {
        "rps": float(rps.group(1)) if rps else float("nan"),
        "p50_ms": latency("50"),
        "p99_ms": latency("99"),
        "requests": int(total.group(1)) if total else 0,
        "non_2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=10, help="seconds per run")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (0: default)")
    parser.add_argument("--threads", type=int, default=0, help="threads per worker (0: default)")
    parser.add_argument(
        "--worker-class",
        choices=["gthread", "sync"],
        default="",
        help="gunicorn worker class (default: serve's default)",
    )
    parser.add_argument(
        "--scenarios", default="", help="comma-separated scenario numbers to run (1-4), default all"
    )
    parser.add_argument("--concurrency", default="1,16")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is needed: apt-get install wrk")

    data = Path(tempfile.mkdtemp(prefix="ft-bench-"))
    env = {**os.environ, "FIRSTTOUCH_DATA_DIR": str(data), "LOG_LEVEL": "ERROR"}
    engine = "postgresql" if env.get("DATABASE_URL") else "sqlite"
    print(f"== preparing a demo family in {data} ({engine})", flush=True)
    run([FIRSTTOUCH, "migrate", "--noinput", "-v", "0"], env)
    run([FIRSTTOUCH, "demo"], env)
    info = json.loads(run([FIRSTTOUCH, "shell", "-c", SETUP], env).strip().splitlines()[-1])

    port = free_port()
    serve = [FIRSTTOUCH, "serve", "--port", str(port)]
    if args.workers:
        serve += ["--workers", str(args.workers)]
    if args.threads:
        serve += ["--threads", str(args.threads)]
    if args.worker_class:
        serve += ["--worker-class", args.worker_class]
    server = subprocess.Popen(serve, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):  # up to two minutes: a loaded machine starts gunicorn slowly
            try:
                urllib.request.urlopen(f"{base}/api/v1/health", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        api = {"Authorization": f"Bearer {info['key']}", "Content-Type": "application/json"}
        page = {"Cookie": f"sessionid={info['session']}"}
        baby = info["baby"]
        scenarios = [
            ("create a sleep entry", CREATE_SLEEP, api, "", info["writer"]),
            (
                "list a week of sleep",
                GET,
                api,
                f"/api/v1/sleep?baby={baby}&since={info['since']}&limit=100",
                baby,
            ),
            ("create a massage session", CREATE_MASSAGE, api, "", baby),
            ("render the baby's home page", GET, page, f"/baby/{baby}/", baby),
        ]
        if args.scenarios:
            chosen = {int(n) for n in args.scenarios.split(",")}
            scenarios = [s for n, s in enumerate(scenarios, 1) if n in chosen]
        results = []
        for name, script, headers, path, target in scenarios:
            for conc in [int(c) for c in args.concurrency.split(",")]:
                lua = data / "scenario.lua"
                lua.write_text(lua_header(target, headers, path, len(results)) + script)
                threads = min(conc, 2)
                cpu_before = server_cpu_seconds(server.pid)
                out = run(
                    [
                        "wrk",
                        "-t",
                        str(threads),
                        "-c",
                        str(conc),
                        "-d",
                        f"{args.duration}s",
                        "--latency",
                        "-s",
                        str(lua),
                        base,
                    ],
                    env,
                )
                cpu = server_cpu_seconds(server.pid) - cpu_before
                row = {"scenario": name, "concurrency": conc, **parse_wrk(out)}
                row["server_cpu_ms_per_request"] = (
                    round(1000 * cpu / row["requests"], 2) if row["requests"] else float("nan")
                )
                results.append(row)
                print(
                    f"{name:32} c={conc:<3} {row['rps']:8.0f} req/s  p50 {row['p50_ms']:6.1f} ms"
                    f"  p99 {row['p99_ms']:6.1f} ms  cpu {row['server_cpu_ms_per_request']:5.2f}"
                    f" ms/req  non-2xx {row['non_2xx']}",
                    flush=True,
                )
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(data, ignore_errors=True)

    report = {
        "engine": engine,
        "load_average": os.getloadavg(),
        "server": " ".join(serve[1:]),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}",
        "duration_s": args.duration,
        "results": results,
    }
    out_path = args.out or ROOT / "bench" / "results" / f"{time.strftime('%Y%m%d-%H%M%S')}.json"
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_text(json.dumps(report, indent=2))
    print(f"== written {out_path}")


if __name__ == "__main__":
    main()
