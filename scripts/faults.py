"""Fault tests under load, loopback only: the site must ride out each failure by itself.

    .venv/bin/python scripts/faults.py [postgres] [redis] [worker]   # all three by default

Starts its own PostgreSQL (port 55432) and Redis (56379) — never the shared ones —
and gunicorn on 127.0.0.1:8027 (3 workers) with the demo content, then for each
scenario runs readers and writers (writers create tags through the admin, as an
editor would) for about 20 seconds and breaks something in the middle:

- postgres: PostgreSQL restarted. The app must answer again within a few seconds
  of the restart, and every write it acknowledged must be in the database.
- redis: Redis stopped. Every page must still be served (the cache fails open).
- worker: one gunicorn worker killed with SIGKILL. At most the request it was
  serving may fail; gunicorn replaces the worker.

Exits non-zero when a scenario misses its goal. Results: docs/operations.md.
"""

import argparse
import http.client
import itertools
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from production_stack import (
    READER_PAGES,
    SUPERUSER,
    App,
    backing_services,
    log,
)

PORT = 8027
DATABASE = "agency_prod_faults"
ADD_TAG = "/admin/taggit/tag/add/"
READERS, WRITERS = 8, 2
RECOVERY_GOAL_SECONDS = 5


@dataclass
class Outcome:
    started: float
    finished: float
    ok: bool
    what: str


@dataclass
class Journal:
    outcomes: list = field(default_factory=list)
    acknowledged_tags: list = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def record(self, outcome, tag=None):
        with self.lock:
            self.outcomes.append(outcome)
            if tag and outcome.ok:
                self.acknowledged_tags.append(tag)

    def failures(self, since=0.0):
        return [o for o in self.outcomes if not o.ok and o.started >= since]


class Client:
    """One connection per request (gunicorn's sync workers close them anyway)."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}
        self.last_body = ""

    def request(self, method, path, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=15)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if fields is not None:
            body = urlencode(fields)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            self.last_body = response.read().decode()
            for header in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(header).items():
                    self.cookies[name] = morsel.value
            return response.status
        finally:
            connection.close()

    def log_in(self):
        self.request("GET", "/admin/login/")
        username, password = SUPERUSER
        status = self.request(
            "POST",
            "/admin/login/?next=/admin/",
            {
                "username": username,
                "password": password,
                "csrfmiddlewaretoken": self.cookies["csrftoken"],
            },
        )
        assert status == 302, f"login failed: {status}"


def timed(journal, what, action, tag=None):
    started = time.monotonic()
    try:
        ok = action()
    except (OSError, http.client.HTTPException):
        ok = False
    journal.record(Outcome(started, time.monotonic(), ok, what), tag)


def reader(port, journal, stop):
    client = Client(port)
    for _, path in itertools.cycle(READER_PAGES):
        if stop.is_set():
            return
        timed(journal, f"GET {path}", lambda path=path: client.request("GET", path) == 200)


def writer(port, journal, stop, number):
    client = Client(port)
    client.log_in()
    client.request("GET", ADD_TAG)
    # The add form's inline management fields, as a browser would send them back.
    management = dict(re.findall(r'name="([^"]+_FORMS)"[^>]*value="(\d*)"', client.last_body))
    for sequence in itertools.count():
        if stop.is_set():
            return
        tag = f"charge-{number}-{sequence}-{time.monotonic_ns()}"
        fields = {"name": tag, "slug": tag, "csrfmiddlewaretoken": client.cookies["csrftoken"]}
        fields.update(management)
        timed(
            journal,
            "POST tag",
            lambda fields=fields: client.request("POST", ADD_TAG, fields) == 302,
            tag,
        )


def under_load(app, seconds, fault_at, fault):
    """Run readers and writers for `seconds`, call `fault()` at `fault_at`; return the journal."""
    journal, stop = Journal(), threading.Event()
    threads = [
        threading.Thread(target=reader, args=(app.port, journal, stop)) for _ in range(READERS)
    ]
    threads += [
        threading.Thread(target=writer, args=(app.port, journal, stop, number))
        for number in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    time.sleep(fault_at)
    fault_started = time.monotonic()
    fault_result = fault()
    fault_ended = time.monotonic()
    time.sleep(seconds - fault_at)
    stop.set()
    for thread in threads:
        thread.join(30)
    return journal, fault_started, fault_ended, fault_result


def tags_in_database(app):
    import psycopg

    url = app.env["DATABASE_URL"].replace("postgres://", "postgresql://")
    with psycopg.connect(url) as connection:
        return {name for (name,) in connection.execute("SELECT name FROM taggit_tag")}


def summary(journal):
    total = len(journal.outcomes)
    failed = len(journal.failures())
    return (
        f"{total} requests, {failed} failed, {len(journal.acknowledged_tags)} writes acknowledged"
    )


def postgres_restart(app, postgres, redis):
    journal, started, ended, _ = under_load(app, 20, 6, postgres.restart)
    after = [o for o in journal.outcomes if o.started >= ended]
    first_ok = min((o.finished for o in after if o.ok), default=None)
    recovery = None if first_ok is None else first_ok - ended
    late_failures = journal.failures(since=ended + RECOVERY_GOAL_SECONDS)
    lost = set(journal.acknowledged_tags) - tags_in_database(app)
    outage = journal.failures(since=started - 1)
    log(f"PostgreSQL restarted in {ended - started:.1f} s; {summary(journal)}")
    recovery_text = "never" if recovery is None else f"{recovery:.2f} s"
    reads = sum(o.what.startswith("GET") for o in outage)
    log(
        f"  failures around the restart: {len(outage)} ({reads} reads, {len(outage) - reads} "
        f"writes); first success after it: {recovery_text}"
    )
    log(f"  failures more than {RECOVERY_GOAL_SECONDS} s after it: {len(late_failures)}")
    log(f"  acknowledged writes missing from the database: {len(lost)}")
    return recovery is not None and not late_failures and not lost


def redis_stopped(app, postgres, redis):
    journal, *_ = under_load(app, 15, 5, redis.stop)
    failures = journal.failures()
    log(f"Redis stopped; {summary(journal)}")
    log(f"  pages or writes that failed: {len(failures)}")
    redis.start()
    return not failures


def worker_killed(app, postgres, redis):
    def kill():
        victim = app.kill_one_worker()
        log(f"  SIGKILL worker {victim}")
        return victim

    journal, *_ = under_load(app, 15, 5, kill)
    failures = journal.failures()
    log(f"gunicorn worker killed; {summary(journal)}")
    log(f"  failed requests: {len(failures)} ({', '.join(o.what for o in failures) or '-'})")
    log(f"  workers now: {len(app.workers())}")
    return len(failures) <= 1


SCENARIOS = {"postgres": postgres_restart, "redis": redis_stopped, "worker": worker_killed}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenarios", nargs="*", help=f"among {', '.join(SCENARIOS)} (all)")
    options = parser.parse_args()
    options.scenarios = options.scenarios or list(SCENARIOS)
    if unknown := set(options.scenarios) - set(SCENARIOS):
        parser.error(f"unknown scenario: {', '.join(sorted(unknown))}")

    results = {}
    with (
        backing_services(DATABASE) as (postgres, redis),
        App(PORT, postgres.url(DATABASE), redis.url(), workers=3) as app,
    ):
        app.prepare().start()
        for name in options.scenarios:
            log(f"== {name}")
            results[name] = SCENARIOS[name](app, postgres, redis)
    for name, passed in results.items():
        print(f"{name}: {'OK' if passed else 'ÉCHEC'}")
    return 0 if all(results.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
