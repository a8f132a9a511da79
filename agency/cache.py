"""The shared cache: a Redis backend that fails open, and the content version.

Every cached public page is stored under the current *content version*, a token
kept in the shared cache. Any change to published content replaces the token
(agency/signals.py), so every app server stops finding the old pages at once:
no list of keys to purge, nothing kept in a process.
"""

import logging
import time
import uuid

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.db import transaction
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

CONTENT_VERSION_KEY = "content-version"
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


def content_version():
    """The token under which public pages are currently cached, created if missing."""
    version = cache.get(CONTENT_VERSION_KEY)
    if version is None:
        version = uuid.uuid4().hex
        # add() so that two processes starting together agree on one token.
        if not cache.add(CONTENT_VERSION_KEY, version, timeout=None):
            version = cache.get(CONTENT_VERSION_KEY) or version
    return version


def bump_content_version():
    """Invalidate every cached public page on every app server."""
    cache.set(CONTENT_VERSION_KEY, uuid.uuid4().hex, timeout=None)


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
