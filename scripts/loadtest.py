"""Load test: 64 concurrent clients for 60 s on the production profile, loopback only.

    .venv/bin/python scripts/loadtest.py [--connections 64] [--duration 60] [--workers 5]

Starts its own PostgreSQL (port 55432) and Redis (56379), gunicorn on 127.0.0.1:8026
with the demo content, then drives the reader pages with wrk (apt-get install wrk).
Exits non-zero on any error (socket error, timeout or non-2xx/3xx answer); prints
throughput and the latency percentiles, p99 included. See docs/operations.md.
"""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from production_stack import (
    READER_PAGES,
    App,
    backing_services,
    log,
)

PORT = 8026
DATABASE = "agency_prod_load"
ROTATING_REQUESTS = """
paths = {%s}
counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1])
end
"""


def run_wrk(port, paths, connections, duration, threads=2):
    """Run wrk against `paths` in turn; return its parsed summary."""
    if shutil.which("wrk") is None:
        sys.exit("wrk est introuvable : apt-get install wrk")
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(ROTATING_REQUESTS % ", ".join(f'"{path}"' for path in paths))
    output = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{duration}s",
            "--timeout",
            "10s",
            "--latency",
            "-s",
            script.name,
            f"http://127.0.0.1:{port}",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    Path(script.name).unlink()
    return parse_wrk(output)


def to_ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def parse_wrk(output):
    summary = {"raw": output}
    for percent in ("50", "75", "90", "99"):
        match = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s|m)\s*$", output, re.MULTILINE)
        summary[f"p{percent}_ms"] = to_ms(*match.groups())
    summary["requests"] = int(re.search(r"(\d+) requests in", output)[1])
    summary["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    summary["socket_errors"] = sum(map(int, errors.groups())) if errors else 0
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    summary["bad_status"] = int(bad[1]) if bad else 0
    return summary


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--connections", type=int, default=64)
    parser.add_argument("--duration", type=int, default=60, choices=range(1, 301))
    parser.add_argument("--workers", type=int, default=5)
    options = parser.parse_args()

    with (
        backing_services(DATABASE) as (postgres, redis),
        App(PORT, postgres.url(DATABASE), redis.url(), options.workers) as app,
    ):
        app.prepare().start()
        paths = [path for _, path in READER_PAGES]
        log(f"wrk: {options.connections} clients, {options.duration} s, {len(paths)} pages")
        summary = run_wrk(PORT, paths, options.connections, options.duration)

    errors = summary["socket_errors"] + summary["bad_status"]
    print(summary["raw"])
    print(
        f"{options.connections} clients, {options.duration} s, {options.workers} workers: "
        f"{summary['requests']} requests, {summary['rps']:.0f} req/s, "
        f"p50 {summary['p50_ms']:.1f} ms, p99 {summary['p99_ms']:.1f} ms, {errors} errors"
    )
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
