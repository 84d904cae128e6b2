"""firsttouch against the bare Django + ninja ceiling (bench/bare/), in the same run.

Issue 10 asks that creating an entry reach at least 80 % of a bare Django + django-ninja
app's throughput on the same machine in the same run, and that `firsttouch serve`'s
defaults be the best configuration measured. Both servers are started with the same
gunicorn settings; for each configuration and scenario wrk drives them in turn (firsttouch,
bare, firsttouch, bare...) so both meet the same load, and the CPU time of each server's
processes per request is read from /proc (`run.server_cpu_seconds`).

    .venv/bin/python bench/ceiling.py [--duration 6] [--rounds 3] [--concurrency 8]
        [--configs sync:2,sync:4,gthread:2x4,gthread:4x4] [--out bench/results/x.json]

Scenarios: create a nappy (`POST /api/v1/nappies`, times going back so none collide) and
list a week of nappies (`GET /api/v1/nappies?baby=…&since=…&limit=100`, the same number of
rows in both). SQLite, as `make run` serves it. A measurement, never a test: figures go in
bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import run as common  # bench/run.py: set-up, wrk parsing, CPU time from /proc

BENCH = Path(__file__).resolve().parent
PYTHON = sys.executable

NAPPY_COUNT = """
from datetime import timedelta
from django.utils import timezone
from firsttouch.tracking.models import Nappy
since = timezone.now() - timedelta(days=7)
print(Nappy.objects.filter(baby_id={baby}, time__gte=since).count())
"""

# Each thread logs nappies one second apart going back from 30 days ago (outside the listed
# week), its own range per thread and run, so no two requests send the same body.
CREATE_NAPPY = r"""
local counter = 0
local threads = 0
function setup(thread) thread:set("tid", threads); threads = threads + 1 end
function init(args) base = os.time() - 30 * 86400 - (RUN * 2 + tid) * 3 * 86400 end
function request()
  counter = counter + 1
  local body = string.format('{"baby": %d, "time": "%s", "wet": true}', BABY,
    os.date("!%Y-%m-%dT%H:%M:%SZ", base - counter))
  return wrk.format("POST", "/api/v1/nappies", HEADERS, body)
end
"""


def parse_config(text: str) -> tuple[str, int, int]:
    """``sync:4`` or ``gthread:4x4`` to (worker class, workers, threads)."""
    kind, _, size = text.partition(":")
    workers, _, threads = size.partition("x")
    return kind, int(workers), int(threads or 1)


def wait_up(url: str) -> None:
    for _ in range(600):
        try:
            urllib.request.urlopen(url, timeout=1)
            return
        except urllib.error.HTTPError:
            return  # answering, even if 401
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server at {url} did not start")


def start_firsttouch(
    env: dict[str, str], config: tuple[str, int, int], port: int
) -> subprocess.Popen[bytes]:
    kind, workers, threads = config
    cmd = [common.FIRSTTOUCH, "serve", "--port", str(port), "--workers", str(workers)]
    cmd += ["--worker-class", kind] + (["--threads", str(threads)] if kind == "gthread" else [])
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def start_bare(
    env: dict[str, str], config: tuple[str, int, int], port: int
) -> subprocess.Popen[bytes]:
    kind, workers, threads = config
    cmd = [PYTHON, "-m", "gunicorn", "bare.wsgi:application", "--chdir", str(BENCH)]
    cmd += ["--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--worker-class", kind]
    cmd += ["--threads", str(threads), "--preload", "--log-level", "error", "--no-control-socket"]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def drive(
    server: subprocess.Popen[bytes], port: int, script: str, duration: int, concurrency: int
) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    cpu_before = common.server_cpu_seconds(server.pid)
    cmd = ["wrk", "-t", str(min(2, concurrency)), "-c", str(concurrency), "-d", f"{duration}s"]
    out = common.run(
        [*cmd, "--latency", "-s", lua.name, f"http://127.0.0.1:{port}"], dict(os.environ)
    )
    cpu = common.server_cpu_seconds(server.pid) - cpu_before
    os.unlink(lua.name)
    row = common.parse_wrk(out)
    row["cpu_ms_per_request"] = 1000 * cpu / row["requests"] if row["requests"] else float("nan")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=int, default=6, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each app per scenario")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--configs", default="", help="default: firsttouch serve's own")
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    data = Path(tempfile.mkdtemp(prefix="ft-ceiling-"))
    env = {**os.environ, "FIRSTTOUCH_DATA_DIR": str(data), "LOG_LEVEL": "ERROR"}
    env.pop("DATABASE_URL", None)
    common.run([common.FIRSTTOUCH, "migrate", "--noinput", "-v", "0"], env)
    common.run([common.FIRSTTOUCH, "demo"], env)
    ft = json.loads(
        common.run([common.FIRSTTOUCH, "shell", "-c", common.SETUP], env).splitlines()[-1]
    )
    count = [common.FIRSTTOUCH, "shell", "-c", NAPPY_COUNT.format(baby=ft["baby"])]
    week = int(common.run(count, env).split()[-1])

    bare_env = {**env, "BARE_DB": str(data / "bare.sqlite3"), "PYTHONPATH": str(BENCH)}
    bare = json.loads(
        common.run([PYTHON, "-m", "bare.setup", str(week)], bare_env).splitlines()[-1]
    )
    print(f"== {week} nappies in the listed week, in both apps", flush=True)

    default = os.cpu_count() or 1
    configs = [parse_config(c) for c in args.configs.split(",") if c] or [
        ("gthread", max(2, 2 * default), 4)
    ]
    results = []
    for config in configs:
        ports = common.free_port(), common.free_port()
        servers = start_firsttouch(env, config, ports[0]), start_bare(bare_env, config, ports[1])
        try:
            for port in ports:
                wait_up(f"http://127.0.0.1:{port}/api/v1/nappies")
            apps = {
                "firsttouch": (servers[0], ports[0], ft["key"], ft["writer"], ft["baby"]),
                "bare": (servers[1], ports[1], bare["key"], bare["baby"], bare["baby"]),
            }
            since = ft["since"]
            for scenario in ("create a nappy", "list a week of nappies"):
                rows: dict[str, list[dict[str, float]]] = {name: [] for name in apps}
                for n in range(args.rounds):
                    for name, (server, port, key, writer, baby) in apps.items():
                        headers = {
                            "Authorization": f"Bearer {key}",
                            "Content-Type": "application/json",
                        }
                        if scenario == "create a nappy":
                            script = common.lua_header(writer, headers, "", n) + CREATE_NAPPY
                        else:
                            path = f"/api/v1/nappies?baby={baby}&since={since}&limit=100"
                            script = common.lua_header(baby, headers, path, n) + common.GET
                        rows[name].append(
                            drive(server, port, script, args.duration, args.concurrency)
                        )
                summary = {
                    name: {
                        "rps": statistics.median(r["rps"] for r in runs),
                        "p99_ms": statistics.median(r["p99_ms"] for r in runs),
                        "cpu_ms_per_request": statistics.median(
                            r["cpu_ms_per_request"] for r in runs
                        ),
                        "non_2xx": sum(r["non_2xx"] for r in runs),
                        "runs": runs,
                    }
                    for name, runs in rows.items()
                }
                ours, ceiling = summary["firsttouch"], summary["bare"]
                ratio_rps = ours["rps"] / ceiling["rps"]
                ratio_cpu = ceiling["cpu_ms_per_request"] / ours["cpu_ms_per_request"]
                label = f"{config[0]} {config[1]}x{config[2]}"
                print(
                    f"{label:14} {scenario:24} firsttouch {ours['rps']:6.0f} req/s "
                    f"{ours['cpu_ms_per_request']:5.2f} ms CPU  p99 {ours['p99_ms']:6.1f} | bare "
                    f"{ceiling['rps']:6.0f} req/s {ceiling['cpu_ms_per_request']:5.2f} ms CPU  p99 "
                    f"{ceiling['p99_ms']:6.1f} | throughput {ratio_rps:5.0%}, CPU-bound "
                    f"{ratio_cpu:5.0%} of the ceiling  "
                    f"(non-2xx {ours['non_2xx']}/{ceiling['non_2xx']})",
                    flush=True,
                )
                results.append(
                    {
                        "config": label,
                        "scenario": scenario,
                        **summary,
                        "throughput_ratio": ratio_rps,
                        "cpu_ratio": ratio_cpu,
                    }
                )
        finally:
            for server in servers:
                server.terminate()
                server.wait(timeout=20)
    report = {
        "load_average": os.getloadavg(),
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "results": results,
    }
    out = args.out or BENCH / "results" / f"ceiling-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(report, indent=2))
    print(f"== written {out}")


if __name__ == "__main__":
    main()
