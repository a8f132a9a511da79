"""HTTP benchmark and page weight, written to docs/benchmarks.md (`make bench`).

    .venv/bin/python scripts/http_bench.py [--duration 10] [--connections 16] [--no-write]

Starts its own PostgreSQL and Redis, gunicorn with 2 workers on 127.0.0.1:8028 on the
production profile with the demo content, and measures with wrk (bounded: a few
runs of `--duration` seconds each, loopback only):

- throughput and p50/p99 latency of the home, article and influencer pages, with the
  shared page cache (what anonymous readers get) and without it (what a cache miss,
  or a logged-in editor, costs), next to a static file served by the same gunicorn
  (whitenoise) as the ceiling;
- the weight of each public page type: HTML, CSS, JavaScript and images, as sent
  (compressed where the server compresses) and uncompressed.

Figures depend on the machine; they are never asserted by the test suite.
"""

import argparse
import gzip
import http.client
import json
import os
import platform
import re
import sys
import time
from html.parser import HTMLParser
from pathlib import Path

from loadtest import run_wrk
from production_stack import (
    BASE_DIR,
    App,
    backing_services,
    log,
)

PORT = 8028
DATABASE = "agency_prod_bench"
BENCHMARK_PAGES = [
    ("accueil", "/"),
    ("article", "/articles/thomas-pesquet-influenceur-en-orbite/"),
    ("influenceur", "/influenceurs/thomas-pesquet/"),
]
WEIGHED_PAGES = [
    *BENCHMARK_PAGES,
    ("étiquette", "/tags/astronautes/"),
    ("auteur", "/auteurs/claire-armand/"),
    ("annuaire", "/influenceurs/"),
    ("classement", "/plateformes/facebook/"),
    ("recherche", "/recherche/?q=Pesquet"),
    ("flux RSS", "/feed/"),
]
BENCHMARKS_FILE = BASE_DIR / "docs" / "benchmarks.md"
LOAD_AVERAGE = os.getloadavg()


class Assets(HTMLParser):
    """The stylesheets, scripts and images a page makes the browser fetch."""

    def __init__(self):
        super().__init__()
        self.found = {"css": [], "js": [], "images": []}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and "stylesheet" in (attrs.get("rel") or "") and attrs.get("href"):
            self.found["css"].append(attrs["href"])
        elif tag == "script" and attrs.get("src"):
            self.found["js"].append(attrs["src"])
        elif tag == "img" and attrs.get("src") and not attrs["src"].startswith("data:"):
            self.found["images"].append(attrs["src"])


def fetch(path, compressed):
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=10)
    headers = {"Accept-Encoding": "br, gzip" if compressed else "identity"}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def page_weight(path):
    """Bytes per kind for one page: (as sent, uncompressed), HTML gzipped as a proxy would."""
    status, _, html = fetch(path, compressed=False)
    assert status == 200, (path, status)
    weight = {"html": (len(gzip.compress(html, 6)), len(html))}
    parser = Assets()
    parser.feed(html.decode())
    for kind, urls in parser.found.items():
        sent = raw = 0
        for url in dict.fromkeys(urls):
            _, _, body = fetch(url, compressed=True)
            sent += len(body)
            raw += len(fetch(url, compressed=False)[2])
        weight[kind] = (sent, raw)
    return weight


def static_file_path(app):
    manifest = json.loads((Path(app.env["STATIC_ROOT"]) / "staticfiles.json").read_text())
    return "/static/" + manifest["paths"]["css/site.css"]


def measure(label, paths, options):
    rows = []
    for name, path in paths:
        fetch(path, compressed=False)  # warm the page cache and the workers
        summary = run_wrk(PORT, [path], options.connections, options.duration)
        errors = summary["socket_errors"] + summary["bad_status"]
        rows.append((name, label, summary["rps"], summary["p50_ms"], summary["p99_ms"], errors))
        log(f"{name} ({label}): {summary['rps']:.0f} req/s, p99 {summary['p99_ms']:.1f} ms")
    return rows


def http_section(rows, options):
    lines = [
        "## HTTP",
        "",
        f"`make bench` ({time.strftime('%Y-%m-%d')}): gunicorn, 2 sync workers, production "
        f"profile (DEBUG off, PostgreSQL 15, Redis), demo content; wrk on the same machine "
        f"({os.cpu_count()} cores, {platform.machine()}), loopback, {options.connections} "
        f"connections, {options.duration} s per line; load average {LOAD_AVERAGE[0]:.1f} when "
        "it started (other jobs on the machine make the figures noisy). gunicorn closes each "
        "connection (sync workers), so every request pays a TCP handshake.",
        "",
        "| page | served | requests/s | p50 (ms) | p99 (ms) | errors |",
        "| --- | --- | ---: | ---: | ---: | ---: |",
    ]
    lines += [
        f"| {name} | {label} | {rps:.0f} | {p50:.1f} | {p99:.1f} | {errors} |"
        for name, label, rps, p50, p99, errors in rows
    ]
    lines += [
        "",
        "*page cache*: an anonymous reader's page from the shared Redis cache; *rendered*: "
        "`PAGE_CACHE_SECONDS=0`, every request renders from PostgreSQL (a miss, or a "
        "logged-in editor). The static file is the ceiling: whitenoise answering from "
        "memory through the same gunicorn.",
        "",
    ]
    return lines


def weight_section(weights):
    def kib(value):
        return f"{value / 1024:.1f}"

    lines = [
        "## Page weight",
        "",
        "Bytes a first visit downloads, in KiB: *sent* is compressed (HTML gzipped at level 6 "
        "as the reverse proxy would; CSS and JS as whitenoise serves them, brotli or gzip), "
        "*raw* uncompressed. Repeat visits fetch only the HTML: static files have hashed "
        "names and are cached for a year.",
        "",
        "| page | HTML sent / raw | CSS sent / raw | JS sent / raw | images | total sent |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, weight in weights:
        total = sum(sent for sent, _ in weight.values())
        lines.append(
            f"| {name} | {kib(weight['html'][0])} / {kib(weight['html'][1])} "
            f"| {kib(weight['css'][0])} / {kib(weight['css'][1])} "
            f"| {kib(weight['js'][0])} / {kib(weight['js'][1])} "
            f"| {kib(weight['images'][0])} | {kib(total)} |"
        )
    lines.append("")
    return lines


def replace_sections(text, sections):
    """Replace (or append) our `## ` sections, leaving every other section untouched."""
    for section in sections:
        heading = section[0]
        body = "\n".join(section).rstrip() + "\n"
        pattern = re.compile(rf"^{re.escape(heading)}\n.*?(?=^## |\Z)", re.MULTILINE | re.DOTALL)
        if pattern.search(text):
            text = pattern.sub(lambda _, body=body: body + "\n", text, count=1)
        else:
            text = text.rstrip() + "\n\n" + body if text.strip() else "# Benchmarks\n\n" + body
    return text.rstrip() + "\n"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, choices=range(1, 61))
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    options = parser.parse_args()

    rows = []
    with backing_services(DATABASE) as (postgres, redis):
        database = postgres.url(DATABASE)
        with App(PORT, database, redis.url(), workers=2) as cached:
            cached.prepare().start()
            weights = [(name, page_weight(path)) for name, path in WEIGHED_PAGES]
            rows += measure("page cache", BENCHMARK_PAGES, options)
            rows += measure("static file", [("site.css", static_file_path(cached))], options)
        with App(PORT, database, redis.url(), 2, {"PAGE_CACHE_SECONDS": "0"}) as rendered:
            rendered.manage("collectstatic", "--no-input", "--verbosity", "0")
            rendered.start()
            rows += measure("rendered", BENCHMARK_PAGES, options)

    order = [name for name, _ in BENCHMARK_PAGES]
    rows.sort(key=lambda row: order.index(row[0]) if row[0] in order else len(order))
    sections = [http_section(rows, options), weight_section(weights)]
    print("\n".join(line for section in sections for line in section))
    if not options.no_write:
        existing = BENCHMARKS_FILE.read_text() if BENCHMARKS_FILE.exists() else ""
        BENCHMARKS_FILE.write_text(replace_sections(existing, sections))
        log(f"written to {BENCHMARKS_FILE.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
