"""The shared cache: a Redis backend that fails open, and the content version.

Every cached public page is stored under the current *content version*: a
counter in the database that any change to published content bumps
(core/signals.py), joined with the time of the latest publication that has
come. Every app server stops finding the old pages at once (no list of keys to
purge, nothing kept in a process); a scheduled article changes the version by
itself when its time comes; and since the counter is not in the cache, a bump
made while Redis was down or frozen is not lost when Redis comes back with its
saved data. Reading it is one indexed query per cached request.
"""

import datetime
import functools
import logging
import math
import time
from dataclasses import dataclass
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import connection, models, transaction
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

REDIS_DOWN = (RedisConnectionError, RedisTimeoutError, OSError)


class FailOpenRedisCache(RedisCache):
    """Django's Redis cache, except that an unreachable Redis behaves as an empty cache.

    Reads return the default (a miss), writes are dropped, so pages are rendered
    from the database instead of failing with a 500. After a failure the process
    skips Redis for `RETRY_AFTER` seconds, so an outage costs one timeout per
    process and per interval rather than one per cache call.
    """

    RETRY_AFTER = 2.0

    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _call(self, method, default, *args, **kwargs):
        if self._down_until and time.monotonic() < self._down_until:
            return default
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except REDIS_DOWN as error:
            if not self._down_until:
                logger.warning("Redis unreachable, serving without cache: %s", error)
            self._down_until = time.monotonic() + self.RETRY_AFTER
            return default
        if self._down_until:
            logger.warning("Redis reachable again.")
            self._down_until = 0.0
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        # A missing key raises ValueError like every backend; a dead server counts as missing.
        result = self._call("incr", None, key, delta, version=version)
        if result is None:
            raise ValueError(f"Key {key!r} not found (cache unavailable).")
        return result

    def clear(self):
        return self._call("clear", False)


@dataclass(frozen=True)
class ContentState:
    token: str
    # The next scheduled publication, if any: cached copies must not outlive it.
    next_publication: datetime.datetime | None

    def seconds_until_next_publication(self, now=None):
        if self.next_publication is None:
            return None
        now = now or timezone.now()
        return max(0, math.ceil((self.next_publication - now).total_seconds()))


class PublicationSchedule(NamedTuple):
    """Where the content that publishes itself at a set time lives: the rows of `table`
    where `status_column` holds `published_status` appear at `date_column`."""

    table: str
    date_column: str
    status_column: str
    published_status: str


# Set by the app that schedules publications (articles), from its ready().
_schedule = None


def schedule_publications(model, date_field, status_field, published_status):
    """Public pages change by themselves when a `model` row whose `status_field` is
    `published_status` reaches its `date_field`: cached copies must not outlive that."""
    global _schedule
    _schedule = PublicationSchedule(
        model._meta.db_table,
        model._meta.get_field(date_field).column,
        model._meta.get_field(status_field).column,
        published_status,
    )
    _version_sql.cache_clear()


@functools.cache
def _version_sql():
    # Plain SQL, built once: the ORM costs more to build this query than to run it.
    from core.models import ContentVersion

    quote = connection.ops.quote_name
    version_table = quote(ContentVersion._meta.db_table)
    if _schedule is None:
        return f"SELECT counter, NULL, NULL FROM {version_table} WHERE id = 1"
    table, date = quote(_schedule.table), quote(_schedule.date_column)
    published = f"{quote(_schedule.status_column)} = %s AND {date}"
    return (
        f"SELECT counter, (SELECT MAX({date}) FROM {table} WHERE {published} <= %s), "
        f"(SELECT MIN({date}) FROM {table} WHERE {published} > %s) "
        f"FROM {version_table} WHERE id = 1"
    )


def content_state():
    """The version public pages are cached under now, and when it will change by itself."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    status = _schedule and _schedule.published_status
    with connection.cursor() as cursor:
        cursor.execute(_version_sql(), [status, now, status, now] if _schedule else [])
        row = cursor.fetchone()
    counter, latest, upcoming = row or (0, None, None)
    return ContentState(f"{counter}.{_timestamp(latest)}", _as_datetime(upcoming))


def content_state_of(request):
    """The content state of this request: read once, by the page cache or here."""
    state = getattr(request, "content_state", None)
    if state is None:
        state = request.content_state = content_state()
    return state


def fragment_version(request):
    """The version cached fragments of public content are filed under; None when they are off."""
    if settings.FRAGMENT_CACHE_SECONDS <= 0:
        return None
    return content_state_of(request).token


def cached_fragment(request, name, build):
    """`build()`'s result, built once per content version and `name` while fragments are on."""
    version = fragment_version(request)
    if version is None:
        return build()
    key = f"fragment:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, settings.FRAGMENT_CACHE_SECONDS)
    return value


def _as_datetime(value):
    # SQLite hands raw SQL results back as text in UTC; PostgreSQL as datetimes.
    if value is None or isinstance(value, datetime.datetime):
        return value
    parsed = datetime.datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=datetime.UTC)


def _timestamp(value):
    value = _as_datetime(value)
    return int(value.timestamp() * 1_000_000) if value else 0


def bump_content_version():
    """Invalidate every cached public page on every app server."""
    from core.models import ContentVersion

    if not ContentVersion.objects.filter(pk=1).update(counter=models.F("counter") + 1):
        # The row went missing (a flushed database): 1 differs from the 0 read without it.
        ContentVersion.objects.get_or_create(pk=1, defaults={"counter": 1})


def content_changed():
    """Bump the content version once the current transaction commits.

    After the commit, not before: a page rendered by another server between the
    bump and the commit would show old data under the new version. Several
    changes in one transaction (an import) bump once.
    """
    connection = transaction.get_connection()
    active_savepoints = set(connection.savepoint_ids)
    # A bump already waiting in this savepoint or an enclosing one covers this change:
    # whatever rolls that bump back rolls this change back too.
    if connection.in_atomic_block and any(
        callback is bump_content_version and savepoints <= active_savepoints
        for savepoints, callback, _ in connection.run_on_commit
    ):
        return
    transaction.on_commit(bump_content_version)
