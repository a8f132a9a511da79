"""HTTP benchmark, in-process render cost and page weight, written to docs/benchmarks.md.

    .venv/bin/python scripts/http_bench.py [--duration 10] [--dbs sqlite,postgres]

For each database (SQLite file, then a throwaway PostgreSQL) it builds the
1,000-article blog (`load_demo` then `generate_articles --count 1000`) and measures
the reader pages:

- in-process (scripts/render_bench.py): median wall and CPU time of an uncached
  render through the whole middleware stack, SQL queries, HTML and gzip bytes;
- through gunicorn (3 sync workers, production profile, 127.0.0.1:8028) with wrk
  (bounded runs of `--duration` seconds, loopback only): requests/s, p50 and p99,
  uncached (`PAGE_CACHE_SECONDS=0`) for every page, and from the page cache in
  files (no Redis) and in Redis for the home, article and tag pages, next to a
  static file served by the same gunicorn (whitenoise) as the ceiling;
- the weight of each page type: HTML, CSS, JavaScript and images.

It then writes the tables, with the load average, to docs/benchmarks.md. Run the
Wagtail peer (../shared/bench/wagtail-peer.sh) right after, in the same sitting,
and compare. Figures depend on the machine; the test suite never asserts them.
"""

import argparse
import gzip
import http.client
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from html.parser import HTMLParser
from pathlib import Path

from loadtest import run_wrk
from production_stack import (
    BASE_DIR,
    PYTHON,
    App,
    backing_services,
    log,
)

# Ports of its own, so that it can run while a load or fault test does.
PORT = 8028
POSTGRES_PORT, REDIS_PORT = 55428, 56328
DATABASE = "agency_prod_bench"
ARTICLES = 1000
WORKERS = 3  # as the Wagtail peer
# The pages the targets are about: also measured from the page cache.
CACHED_PAGES = ("accueil", "article", "étiquette")
WEIGHED_PAGES = ("accueil", "article", "étiquette", "influenceur", "annuaire", "recherche")
BENCHMARKS_FILE = BASE_DIR / "docs" / "benchmarks.md"
RESULTS_FILE = BASE_DIR / "var" / "bench-results.json"
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
    # Generous: right after a wrk run the workers are still answering its queued requests.
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=60)
    headers = {"Accept-Encoding": "br, gzip" if compressed else "identity"}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, response.headers, body


def build_blog(app):
    log(f"migrate, collectstatic, load_demo, generate_articles --count {ARTICLES}")
    app.manage("migrate", "--no-input", "--verbosity", "0")
    app.manage("collectstatic", "--no-input", "--verbosity", "0")
    app.manage("load_demo", "--verbosity", "0")
    app.manage("generate_articles", "--count", str(ARTICLES), "--verbosity", "0")


def render_costs(app, requests, **env):
    output = subprocess.run(
        [PYTHON, "scripts/render_bench.py", "--requests", str(requests)],
        cwd=BASE_DIR,
        env={**app.env, **env},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


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


FAILED = {"rps": 0.0, "p50_ms": 0.0, "p99_ms": 0.0, "errors": "no answer"}


def measure(label, paths, options):
    """{page name: wrk summary} for each (name, path), one after the other.

    The pages the targets are about get `--duration` seconds, the others half.
    A page that does not answer is recorded as such and the run goes on.
    """
    results = {}
    for name, path in paths:
        duration = options.duration if name in CACHED_PAGES else max(1, options.duration // 2)
        try:
            fetch(path, compressed=False)  # warm the page cache and the workers
            summary = run_wrk(PORT, [path], options.connections, duration)
        except (OSError, subprocess.CalledProcessError) as error:
            log(f"{name} ({label}): {error!r}")
            results[name] = FAILED
            continue
        summary["errors"] = summary["socket_errors"] + summary["bad_status"]
        results[name] = summary
        log(f"{name} ({label}): {summary['rps']:.0f} req/s, p99 {summary['p99_ms']:.1f} ms")
    return results


def bench_database(label, database_url, redis_url, folder, options):
    """Everything measured on one database: {"render": …, "http": {mode: {page: …}}}."""
    shared = {"MEDIA_ROOT": str(folder / "media"), "STATIC_ROOT": str(folder / "static")}
    # No page cache; the fragments (cards, article parts) in files, as without Redis.
    uncached_env = {**shared, "PAGE_CACHE_SECONDS": "0", "CACHE_DIR": str(folder / "fragments")}
    with App(PORT, database_url, "", WORKERS, uncached_env) as uncached:
        build_blog(uncached)
        render = render_costs(uncached, options.requests)
        for name, cost in render_costs(
            uncached, options.requests, FRAGMENT_CACHE_SECONDS="0"
        ).items():
            render[name]["plain_cpu_ms"] = cost["cpu_ms"]
        pages = [(name, result["path"]) for name, result in render.items()]
        cached_pages = [(name, path) for name, path in pages if name in CACHED_PAGES]
        uncached.start()
        weights = [(name, page_weight(path)) for name, path in pages if name in WEIGHED_PAGES]
        http = {"uncached": measure(f"{label}, rendered", pages, options)}
        http["static"] = measure(
            f"{label}, static", [("site.css", static_file_path(uncached))], options
        )
    plain_env = {**shared, "PAGE_CACHE_SECONDS": "0", "FRAGMENT_CACHE_SECONDS": "0"}
    with App(PORT, database_url, "", WORKERS, plain_env) as plain:
        plain.start()
        http["no fragments"] = measure(f"{label}, no fragments", cached_pages, options)
    file_env = {**shared, "CACHE_DIR": str(folder / "cache")}
    with App(PORT, database_url, "", WORKERS, file_env) as in_files:
        in_files.start()
        http["file cache"] = measure(f"{label}, file cache", cached_pages, options)
    with App(PORT, database_url, redis_url, WORKERS, shared) as in_redis:
        in_redis.start()
        http["Redis cache"] = measure(f"{label}, Redis cache", cached_pages, options)
    return {"render": render, "http": http, "weights": weights}


def http_section(results, options, load_before, load_after):
    lines = [
        "## Reader pages, 1,000 articles",
        "",
        f"`make bench` ({time.strftime('%Y-%m-%d %H:%M')}): the 1,000-article blog "
        f"(`generate_articles`), gunicorn with {WORKERS} sync workers on the production profile "
        f"(DEBUG off), wrk on the same machine ({os.cpu_count()} cores, {platform.machine()}), "
        f"loopback, {options.connections} connections, {options.duration} s per line. Load "
        f"average {load_before:.1f} when it started and {load_after:.1f} at the end: the machine "
        "is shared with other jobs, so every figure is noisy and only comparable with figures "
        "taken in the same sitting.",
        "",
        "*render*: in-process median of a request through the whole middleware stack without "
        "the page cache (wall, then CPU of the process; on SQLite the database works inside the "
        "process, on PostgreSQL in another one), with the fragments cached under the content "
        "version (cards, an article's parts, the sitemap: the default), then CPU without them "
        "(`FRAGMENT_CACHE_SECONDS=0`, what the first request after a content change pays). "
        "*req/s*: through gunicorn, without the page cache (`PAGE_CACHE_SECONDS=0`: a miss, "
        "or a logged-in editor) with fragments, then without fragments, then from the page "
        "cache in files (the default without Redis) and in Redis. *gzip*: the HTML at level 6.",
        "",
    ]
    for label, result in results.items():
        render, http = result["render"], result["http"]
        static = http["static"]["site.css"]
        lines += [
            f"### {label}",
            "",
            "| page | render wall / CPU ms | CPU ms, no fragments | queries | HTML / gzip bytes "
            "| req/s uncached | p50 / p99 ms | req/s, no fragments | req/s file cache "
            "| req/s Redis cache |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        for name, cost in render.items():
            rendered = http["uncached"][name]
            modes = ("no fragments", "file cache", "Redis cache")
            others = [http[mode].get(name) for mode in modes]
            lines.append(
                f"| {name} | {cost['wall_ms']} / {cost['cpu_ms']} | {cost['plain_cpu_ms']} "
                f"| {cost['queries']} | {cost['html_bytes']:,} / {cost['gzip_bytes']:,} "
                f"| {rendered['rps']:.0f} | {rendered['p50_ms']:.1f} / {rendered['p99_ms']:.1f} | "
                + " | ".join(f"{c['rps']:.0f}" if c else "–" for c in others)
                + " |"
            )
        lines += [
            f"| static CSS (ceiling) | – | – | 0 | – | {static['rps']:.0f} "
            f"| {static['p50_ms']:.1f} / {static['p99_ms']:.1f} | – | – | – |",
            "",
        ]
        errors = [r["errors"] for mode in http.values() for r in mode.values()]
        failed = errors.count(FAILED["errors"])
        lines += [
            f"Errors (socket or non-2xx) over every run: "
            f"{sum(e for e in errors if isinstance(e, int))}"
            + (f"; {failed} run(s) got no answer within 60 s (0 req/s above)." if failed else ".")
            + " The pages other than home, article and tag ran half as long.",
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
    parser.add_argument("--requests", type=int, default=30, help="in-process renders per page")
    parser.add_argument("--dbs", default="sqlite,postgres")
    parser.add_argument("--no-write", action="store_true", help="print, do not edit the docs")
    options = parser.parse_args()

    results = {}
    with backing_services(DATABASE, POSTGRES_PORT, REDIS_PORT) as (postgres, redis):
        for db in options.dbs.split(","):
            with tempfile.TemporaryDirectory(prefix="agency-bench-") as folder:
                folder = Path(folder)
                if db == "sqlite":
                    url, label = f"sqlite:///{folder / 'bench.sqlite3'}", "SQLite"
                else:
                    postgres.create_database(DATABASE)
                    url, label = postgres.url(DATABASE), "PostgreSQL 15"
                results[label] = bench_database(label, url, redis.url(), folder, options)
                # Kept after each database: a later failure loses nothing measured.
                (BASE_DIR / "var").mkdir(exist_ok=True)
                RESULTS_FILE.write_text(json.dumps(results, default=str))

    weights = next(iter(results.values()))["weights"]
    sections = [http_section(results, options, LOAD_AVERAGE[0], os.getloadavg()[0])]
    sections.append(weight_section(weights))
    print("\n".join(line for section in sections for line in section))
    if not options.no_write:
        existing = BENCHMARKS_FILE.read_text() if BENCHMARKS_FILE.exists() else ""
        BENCHMARKS_FILE.write_text(replace_sections(existing, sections))
        log(f"written to {BENCHMARKS_FILE.relative_to(BASE_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
