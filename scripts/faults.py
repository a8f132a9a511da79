"""Fault tests under load, loopback only: the site must ride out each failure by itself.

    .venv/bin/python scripts/faults.py [postgres] [redis] [worker] [outage] [flood]  # all

Starts its own PostgreSQL (port 55432) and Redis (56379) — never the shared ones —
and gunicorn on 127.0.0.1:8027 (3 workers) with the demo content, then for each
scenario runs readers and writers (writers create tags through the admin, as an
editor would) for about 20 seconds and breaks something in the middle:

- postgres: PostgreSQL restarted. The app must answer again within a few seconds
  of the restart, and what fails meanwhile must be a 503 with Retry-After, not a 500.
- redis: Redis stopped. Every page must still be served (the cache fails open).
- worker: one gunicorn worker killed with SIGKILL. At most the request it was
  serving may fail; gunicorn replaces the worker.
- outage: PostgreSQL stopped for 10 s with a warm page cache. Readers must get the last
  page stored for their address, never a stale page once the database is back, no 500.
- flood: a second gunicorn (127.0.0.1:8028) on the embedded default cache (no Redis),
  flooded with distinct query strings and unknown addresses. Entries must stay few, no
  request may fail, and a CSV import waiting for its confirmation must survive it.
- newsletter: send_newsletter to 2,000 subscribers through a local SMTP sink, killed
  with SIGKILL mid-run and rerun at once. Nobody may be missed; at most the email in
  flight is uncertain, sent again once its claim goes stale (aged here by SQL).

In every scenario, every write the app acknowledged must be in the database.

Exits non-zero when a scenario misses its goal. Results: docs/operations.md.
"""

import argparse
import collections
import http.client
import itertools
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from production_stack import (
    BASE_DIR,
    PYTHON,
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
    status: int | None = None  # None: no HTTP answer at all
    retry_after: bool = False
    page_cache: str | None = None  # X-Page-Cache: hit, miss, stale


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
        self.last_headers = {}

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
            self.last_headers = response.headers
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


def timed(journal, what, client, request, expected, tag=None):
    """Send `request` (method, path, fields) with `client`; record its status."""
    started = time.monotonic()
    try:
        status = client.request(*request)
    except (OSError, http.client.HTTPException):
        status = None
    retry_after = status is not None and "Retry-After" in client.last_headers
    page_cache = client.last_headers.get("X-Page-Cache") if status is not None else None
    outcome = Outcome(
        started, time.monotonic(), status == expected, what, status, retry_after, page_cache
    )
    journal.record(outcome, tag)


def reader(port, journal, stop):
    client = Client(port)
    for _, path in itertools.cycle(READER_PAGES):
        if stop.is_set():
            return
        timed(journal, f"GET {path}", client, ("GET", path), 200)


def writer(port, journal, stop, number, ready):
    client = Client(port)
    client.log_in()
    client.request("GET", ADD_TAG)
    ready.release()
    # The add form's inline management fields, as a browser would send them back.
    management = dict(re.findall(r'name="([^"]+_FORMS)"[^>]*value="(\d*)"', client.last_body))
    for sequence in itertools.count():
        if stop.is_set():
            return
        tag = f"charge-{number}-{sequence}-{time.monotonic_ns()}"
        fields = {"name": tag, "slug": tag, "csrfmiddlewaretoken": client.cookies["csrftoken"]}
        fields.update(management)
        timed(journal, "POST tag", client, ("POST", ADD_TAG, fields), 302, tag)


def under_load(app, seconds, fault_at, fault, read=reader):
    """Run readers and writers for `seconds`, call `fault()` at `fault_at`; return the journal."""
    journal, stop, ready = Journal(), threading.Event(), threading.Semaphore(0)
    threads = [
        threading.Thread(target=read, args=(app.port, journal, stop)) for _ in range(READERS)
    ]
    threads += [
        threading.Thread(target=writer, args=(app.port, journal, stop, number, ready))
        for number in range(WRITERS)
    ]
    for thread in threads:
        thread.start()
    # Logging in hashes a password, seconds on a busy machine: the fault must not
    # hit the writers before they write.
    for _ in range(WRITERS):
        if not ready.acquire(timeout=60):
            stop.set()
            raise TimeoutError("a writer could not log in")
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


def lost_writes(app, journal):
    """Acknowledged writes (302) that are not in the database: must be none, always."""
    lost = set(journal.acknowledged_tags) - tags_in_database(app)
    log(f"  acknowledged writes missing from the database: {len(lost)}")
    return lost


def answers(failures):
    """ "12 × 503 (Retry-After), 1 × no answer": what the failed requests got."""
    counts = {}
    for outcome in failures:
        status = "no answer" if outcome.status is None else str(outcome.status)
        if outcome.retry_after:
            status += " (Retry-After)"
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{count} × {status}" for status, count in sorted(counts.items())) or "-"


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
    outage = journal.failures(since=started - 1)
    log(f"PostgreSQL restarted in {ended - started:.1f} s; {summary(journal)}")
    recovery_text = "never" if recovery is None else f"{recovery:.2f} s"
    reads = sum(o.what.startswith("GET") for o in outage)
    log(
        f"  failures around the restart: {len(outage)} ({reads} reads, {len(outage) - reads} "
        f"writes); first success after it: {recovery_text}"
    )
    log(f"  what they got: {answers(outage)}")
    earlier = [o for o in journal.failures() if o.started < started - 1]
    pages = ", ".join(sorted({o.what for o in earlier}))
    log(f"  failures before it: {len(earlier)} ({answers(earlier)}; {pages or '-'})")
    log(f"  failures more than {RECOVERY_GOAL_SECONDS} s after it: {len(late_failures)}")
    # A client or proxy retries a 503 with Retry-After; a 500 says the site is broken.
    server_errors = [o for o in journal.failures() if o.status == 500]
    log(f"  500 answers: {len(server_errors)}")
    lost = lost_writes(app, journal)
    return recovery is not None and not late_failures and not server_errors and not lost


def redis_stopped(app, postgres, redis):
    journal, *_ = under_load(app, 15, 5, redis.stop)
    failures = journal.failures()
    log(f"Redis stopped; {summary(journal)}")
    log(f"  pages or writes that failed: {len(failures)} ({answers(failures)})")
    redis.start()
    lost = lost_writes(app, journal)
    return not failures and not lost


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
    lost = lost_writes(app, journal)
    return len(failures) <= 1 and not lost


OUTAGE_SECONDS = 10


def statuses(outcomes):
    """ "310 × 200, 12 × 503": every answer, failed or not, by status."""
    counts = {}
    for outcome in outcomes:
        status = "no answer" if outcome.status is None else str(outcome.status)
        counts[status] = counts.get(status, 0) + 1
    return ", ".join(f"{count} × {status}" for status, count in sorted(counts.items())) or "-"


def postgres_outage(app, postgres, redis):
    """PostgreSQL stopped for OUTAGE_SECONDS with a warm page cache: readers get the last
    page stored for their address (X-Page-Cache: stale), writers a 503 with Retry-After;
    never a stale page once the database answers again."""

    def outage():
        postgres.stop_server()
        time.sleep(OUTAGE_SECONDS)
        postgres.start_server()

    journal, started, ended, _ = under_load(app, 15 + OUTAGE_SECONDS, 5, outage)
    during = [o for o in journal.outcomes if started <= o.started < ended]
    reads = [o for o in during if o.what.startswith("GET")]
    served = [o for o in reads if o.ok]
    stale = [o for o in journal.outcomes if o.page_cache == "stale"]
    fresh_after = [
        o for o in journal.outcomes if o.started >= ended and o.ok and o.page_cache != "stale"
    ]
    first_fresh = min((o.finished for o in fresh_after), default=None)
    writes_after = [o for o in fresh_after if o.what == "POST tag"]
    first_write = min((o.finished for o in writes_after), default=None)
    late_stale = [o for o in stale if o.started >= ended + RECOVERY_GOAL_SECONDS]
    log(
        f"PostgreSQL stopped {ended - started:.1f} s (stop, {OUTAGE_SECONDS} s, start); "
        f"{summary(journal)}"
    )
    log(f"  all answers: {statuses(journal.outcomes)}")
    log(f"  failures: {len(journal.failures())} ({answers(journal.failures())})")
    log(
        f"  reads during the outage: {len(reads)}, {len(served)} served from the page cache "
        f"({sum(o.page_cache == 'stale' for o in served)} stale), "
        f"{len(reads) - len(served)} failed ({answers([o for o in reads if not o.ok])})"
    )
    log(
        f"  writes during the outage: {len(during) - len(reads)} "
        f"({answers([o for o in during if not o.what.startswith('GET')])})"
    )
    outside = sum(not started <= o.started < ended for o in stale)
    log(
        f"  stale answers: {len(stale)}, {outside} "
        f"outside the outage, {len(late_stale)} more than {RECOVERY_GOAL_SECONDS} s after it"
    )
    for label, first in (("fresh answer", first_fresh), ("acknowledged write", first_write)):
        text = "never" if first is None else f"{first - ended:.2f} s"
        log(f"  recovery: first {label} {text} after the database was back")
    server_errors = [o for o in journal.failures() if o.status == 500]
    log(f"  500 answers: {len(server_errors)}")
    lost = lost_writes(app, journal)
    return (
        bool(served)
        and not late_stale
        and not server_errors
        and not lost
        and first_fresh is not None
    )


FLOOD_PORT = 8028
# What a flood looks like: tracking parameters, searches, unknown addresses, all distinct.
FLOOD_PATHS = [
    "/?utm_source={n}",
    "/recherche/?q=orbite{n}",
    "/articles/thomas-pesquet-influenceur-en-orbite/?fbclid={n}",
    "/influenceurs/?gclid={n}",
    "/nulle-part-{n}/",
]
HOLD_UPLOAD = (
    "from django.contrib.auth.models import User; from influencers.forms import hold_upload; "
    "print(hold_upload(User.objects.get(username={username!r}), b'influenceur;plateforme\\n'))"
)
CONFIRM_UPLOAD = (
    "from django.contrib.auth.models import User; from influencers.forms import CsvConfirmForm; "
    "user = User.objects.get(username={username!r}); "
    "print(CsvConfirmForm(user, {{'token': {token!r}}}).is_valid())"
)


def flooding_reader(port, journal, stop):
    client = Client(port)
    for number in itertools.count():
        if stop.is_set():
            return
        path = FLOOD_PATHS[number % len(FLOOD_PATHS)].format(n=f"{threading.get_ident()}-{number}")
        expected = 404 if path.startswith("/nulle-part") else 200
        timed(journal, f"GET {path.split('?')[0]}", client, ("GET", path), expected)


def shell(app, command):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", command],
        cwd=BASE_DIR, env=app.env, capture_output=True, text=True, check=True,
    )  # fmt: skip
    return result.stdout.strip().splitlines()[-1]


def cache_flood(app, postgres, redis):
    """The embedded default (no Redis: the cache in CACHE_DIR) flooded with distinct query
    strings: entries stay few, throughput holds, a pending CSV import survives it."""
    cache_dir = app.folder / "flood-cache"
    flood_app = App(
        FLOOD_PORT, app.env["DATABASE_URL"], workers=3, extra_env={"CACHE_DIR": str(cache_dir)}
    )
    with flood_app:
        flood_app.manage("collectstatic", "--no-input", "--verbosity", "0")
        flood_app.start()
        username = SUPERUSER[0]
        token = shell(flood_app, HOLD_UPLOAD.format(username=username))
        journal, *_ = under_load(flood_app, 30, 1, lambda: None, read=flooding_reader)
        survived = shell(flood_app, CONFIRM_UPLOAD.format(username=username, token=token))
        begin = min(o.started for o in journal.outcomes)
        rates = []
        for window in (0, 1, 2):  # three 10 s windows
            lower = begin + 10 * window
            rates.append(sum(lower <= o.started < lower + 10 for o in journal.outcomes) / 10)
        with sqlite3.connect(cache_dir / "pages.sqlite3") as database:
            (entries,) = database.execute("SELECT COUNT(*) FROM cache_entry").fetchone()
            (pages,) = database.execute(
                # core.middleware.PAGE_KEY_PREFIX, "page.<form>"
                "SELECT COUNT(*) FROM cache_entry WHERE key LIKE '%:page.%'"
            ).fetchone()
        stored = sum(o.page_cache == "miss" for o in journal.outcomes)
        log(f"cache flood on the embedded default; {summary(journal)}")
        log(f"  all answers: {statuses(journal.outcomes)}")
        log(f"  failures: {len(journal.failures())} ({answers(journal.failures())})")
        log(f"  requests/s by 10 s window: {', '.join(f'{rate:.0f}' for rate in rates)}")
        log(
            f"  page cache: {stored} pages stored (misses), {pages} page entries in the end "
            f"(one per address and encoding); {entries} entries in all, the others parts of "
            "pages filed under each content version the writers made"
        )
        log(f"  the pending CSV import is still confirmable: {survived}")
        lost = lost_writes(flood_app, journal)
    return survived == "True" and not journal.failures() and not lost and pages <= 2 * 3


# The newsletter scenario: no readers or writers; a send_newsletter run SIGKILLed.
NEWSLETTER_SUBSCRIBERS = 2000
NEWSLETTER_KILL_AT = 0.4  # share of the emails received when the run is killed
NEWSLETTER_SETUP = """
import datetime
from django.utils import timezone
from articles.models import Article
from newsletter.models import Subscriber
now = timezone.now()
Subscriber.objects.all().delete()
Subscriber.objects.bulk_create(
    Subscriber(email=f"lecteur{number}@exemple.test", status="confirmed", articles="immediate",
               confirmed_at=now - datetime.timedelta(minutes=2))
    for number in range(%(count)d)
)
Article.objects.create(title="Lettre interrompue", slug="lettre-interrompue-%(stamp)d",
                       body="<p>Un article pour la lettre.</p>", status="published",
                       published_at=now - datetime.timedelta(minutes=1))
"""


class SmtpSink:
    """An SMTP server on loopback (aiosmtpd) counting the emails each address received."""

    def __init__(self):
        self.received = collections.Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            for address in envelope.rcpt_tos:
                self.received[address] += 1
        return "250 OK"

    def total(self):
        with self.lock:
            return sum(self.received.values())

    def spread(self, subscribers):
        """(subscribers with no email, with one, with two or more)."""
        with self.lock:
            counts = list(self.received.values())
        one = counts.count(1)
        return subscribers - len(counts), one, len(counts) - one


def newsletter_sql(app, statement):
    import psycopg

    url = app.env["DATABASE_URL"].replace("postgres://", "postgresql://")
    with psycopg.connect(url) as connection:
        return connection.execute(statement).fetchone()


def newsletter_killed(app, postgres, redis):
    """send_newsletter to N subscribers through a local SMTP sink, SIGKILLed mid-run and
    rerun at once: at most the email in flight may be uncertain, nobody may be missed."""
    from aiosmtpd.controller import Controller

    count = NEWSLETTER_SUBSCRIBERS
    app.manage("shell", "-c", NEWSLETTER_SETUP % {"count": count, "stamp": time.time_ns()})
    sink = SmtpSink()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    env = {**app.env, "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(port)}
    command = [PYTHON, "manage.py", "send_newsletter", "--verbosity", "0"]

    def send():
        return subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True)

    def spread():
        zero, one, more = sink.spread(count)
        received = sink.total()
        return f"messages {received}, subscribers with 0 / 1 / 2+ emails: {zero} / {one} / {more}"

    try:
        started = time.monotonic()
        run = subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL)
        while sink.total() < count * NEWSLETTER_KILL_AT and run.poll() is None:
            time.sleep(0.01)
        run.send_signal(signal.SIGKILL)
        run.wait()
        killed = time.monotonic()
        log(f"send_newsletter SIGKILLed after {killed - started:.1f} s; {spread()}")
        rerun = send()
        recovery = time.monotonic() - killed
        (uncertain,) = newsletter_sql(
            app, "SELECT count(*) FROM newsletter_delivery WHERE status = 'claimed'"
        )
        after_rerun = sink.spread(count)
        log(f"  rerun at once: exit {rerun.returncode}, {rerun.stdout.strip()!r}")
        log(f"  recovery (kill to rerun finished): {recovery:.1f} s; {spread()}")
        log(f"  uncertain after the rerun (claimed, fate unknown): {uncertain}")
        # As if CLAIM_TIMEOUT (15 minutes) had passed: the next run sends that email.
        newsletter_sql(
            app,
            "UPDATE newsletter_delivery SET claimed_at = claimed_at - interval '16 minutes' "
            "WHERE status = 'claimed' RETURNING 1",
        )
        later = send()
        log(f"  run once the claim is stale: exit {later.returncode}, {later.stdout.strip()!r}")
        log(f"  {spread()}")
        zero, _one, more = sink.spread(count)
    finally:
        controller.stop()
    return (
        rerun.returncode == later.returncode == 0
        and uncertain <= 1
        and after_rerun[0] == uncertain
        and after_rerun[2] == 0
        and zero == 0
        and more <= 1
    )


SCENARIOS = {
    "postgres": postgres_restart,
    "redis": redis_stopped,
    "worker": worker_killed,
    "outage": postgres_outage,
    "newsletter": newsletter_killed,
    "flood": cache_flood,
}


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
