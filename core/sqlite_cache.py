"""A bounded cache in one SQLite file, shared by the gunicorn workers of one machine.

The cache of the embedded default (no Redis). Django's file cache lists its whole folder
on every write once it is full and then deletes a random third of its files: a flood of
distinct addresses made every write slow and evicted what had just been stored. Here an
entry is a row: a read or a write is one indexed statement, and a full cache drops the
entries that expire first (for pages, the oldest) with one indexed DELETE. WAL mode lets
readers go on while a worker writes. Values are pickled, like every Django backend: the
file is the app's own, never shared with anything else.
"""

import os
import pickle
import sqlite3
import threading
import time
from pathlib import Path

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

# Entries stored without a timeout sort after every dated one when culling.
NEVER = 1e18
SCHEMA = """
CREATE TABLE IF NOT EXISTS cache_entry (
    key TEXT PRIMARY KEY, value BLOB NOT NULL, expires REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS cache_entry_expires ON cache_entry (expires);
"""


class SQLiteCache(BaseCache):
    """LOCATION is the file; OPTIONS' MAX_ENTRIES bounds it (Django's default: 300).

    When a write takes the cache past MAX_ENTRIES, expired entries go, then the entries
    closest to expiry until 1/CULL_FREQUENCY of the room is free (CULL_FREQUENCY 0: all).
    """

    def __init__(self, location, params):
        super().__init__(params)
        self.path = Path(location)
        self._local = threading.local()

    @property
    def _connection(self):
        # One connection per thread, opened anew in each forked worker (preload_app).
        local = self._local
        if getattr(local, "pid", None) != os.getpid():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=5, isolation_level=None)
            connection.execute("PRAGMA journal_mode=WAL")
            connection.execute("PRAGMA synchronous=NORMAL")
            connection.executescript(SCHEMA)
            local.connection, local.pid = connection, os.getpid()
        return local.connection

    def _expiry(self, timeout):
        # BaseCache's answer is already a point in time (epoch seconds), or None.
        expires = self.get_backend_timeout(timeout)
        return NEVER if expires is None else expires

    def get(self, key, default=None, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._connection.execute(
            "SELECT value FROM cache_entry WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        return default if row is None else pickle.loads(row[0])

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        self._connection.execute(
            "INSERT INTO cache_entry (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires",
            (key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), self._expiry(timeout)),
        )
        self._cull()

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        # One statement: atomic between workers, and it replaces an expired entry.
        added = self._connection.execute(
            "INSERT INTO cache_entry (key, value, expires) VALUES (?, ?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires = excluded.expires "
            "WHERE cache_entry.expires <= ?",
            (key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), self._expiry(timeout), time.time()),
        ).rowcount
        self._cull()
        return added == 1

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_and_validate_key(key, version=version)
        return (
            self._connection.execute(
                "UPDATE cache_entry SET expires = ? WHERE key = ? AND expires > ?",
                (self._expiry(timeout), key, time.time()),
            ).rowcount
            == 1
        )

    def delete(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        deleted = self._connection.execute("DELETE FROM cache_entry WHERE key = ?", (key,))
        return deleted.rowcount > 0

    def has_key(self, key, version=None):
        key = self.make_and_validate_key(key, version=version)
        row = self._connection.execute(
            "SELECT 1 FROM cache_entry WHERE key = ? AND expires > ?", (key, time.time())
        ).fetchone()
        return row is not None

    def incr(self, key, delta=1, version=None):
        """Atomic between workers (the base class's get-then-set is not)."""
        key = self.make_and_validate_key(key, version=version)
        connection = self._connection
        connection.execute("BEGIN IMMEDIATE")
        try:
            row = connection.execute(
                "SELECT value FROM cache_entry WHERE key = ? AND expires > ?", (key, time.time())
            ).fetchone()
            if row is None:
                raise ValueError(f"Key {key!r} not found.")
            value = pickle.loads(row[0]) + delta
            connection.execute(
                "UPDATE cache_entry SET value = ? WHERE key = ?",
                (pickle.dumps(value, pickle.HIGHEST_PROTOCOL), key),
            )
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")
        return value

    def clear(self):
        self._connection.execute("DELETE FROM cache_entry")

    def _cull(self):
        connection = self._connection
        # COUNT(*) reads the small expiry index only: about a millisecond at 20,000 rows.
        (count,) = connection.execute("SELECT COUNT(*) FROM cache_entry").fetchone()
        if count <= self._max_entries:
            return
        connection.execute("DELETE FROM cache_entry WHERE expires <= ?", (time.time(),))
        (count,) = connection.execute("SELECT COUNT(*) FROM cache_entry").fetchone()
        if count <= self._max_entries:
            return
        if self._cull_frequency == 0:
            excess = count
        else:
            excess = count - self._max_entries + self._max_entries // self._cull_frequency
        connection.execute(
            "DELETE FROM cache_entry WHERE key IN "
            "(SELECT key FROM cache_entry ORDER BY expires LIMIT ?)",
            (excess,),
        )
