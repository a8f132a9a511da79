"""Fault tests under load, loopback only: the site must ride out each failure by itself.

    .venv/bin/python scripts/faults.py [postgres] [redis] [worker]   # all three by default

Starts its own PostgreSQL (port 55432) and Redis (56379) — never the shared ones —
and gunicorn on 127.0.0.1:8027 (3 workers) with the demo content, then for each
scenario runs readers and writers (writers create tags through the admin, as an
editor would) for about 20 seconds and breaks something in the middle:

- postgres: PostgreSQL restarted. The app must answer again within a few seconds
  of the restart, and what fails meanwhile must be a 503 with Retry-After, not a 500.
- redis: Redis stopped. Every page must still be served (the cache fails open).
- worker: one gunicorn worker killed with SIGKILL. At most the request it was
  serving may fail; gunicorn replaces the worker.
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
    outcome = Outcome(started, time.monotonic(), status == expected, what, status, retry_after)
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


def under_load(app, seconds, fault_at, fault):
    """Run readers and writers for `seconds`, call `fault()` at `fault_at`; return the journal."""
    journal, stop, ready = Journal(), threading.Event(), threading.Semaphore(0)
    threads = [
        threading.Thread(target=reader, args=(app.port, journal, stop)) for _ in range(READERS)
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
    "newsletter": newsletter_killed,
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
