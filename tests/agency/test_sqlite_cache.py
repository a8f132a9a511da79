"""The embedded default's cache: one SQLite file, Django's cache API, bounded."""

import threading

import pytest

from core.sqlite_cache import SQLiteCache


@pytest.fixture
def sqlite_cache(tmp_path):
    return SQLiteCache(str(tmp_path / "cache" / "pages.sqlite3"), {"OPTIONS": {"MAX_ENTRIES": 10}})


def test_it_keeps_what_it_is_given_until_it_expires(sqlite_cache, time_machine):
    time_machine.move_to("2026-12-01 12:00Z", tick=False)
    sqlite_cache.set("page", {"body": b"<html>"}, 60)
    sqlite_cache.set("forever", 1, None)
    assert sqlite_cache.get("page") == {"body": b"<html>"}
    assert sqlite_cache.has_key("page")
    time_machine.shift(61)
    assert sqlite_cache.get("page", "miss") == "miss"
    assert not sqlite_cache.has_key("page")
    assert sqlite_cache.get("forever") == 1


def test_add_touch_delete_and_clear(sqlite_cache, time_machine):
    time_machine.move_to("2026-12-01 12:00Z", tick=False)
    assert sqlite_cache.add("key", "first", 10)
    assert not sqlite_cache.add("key", "second", 10)
    assert sqlite_cache.touch("key", 100)
    time_machine.shift(50)
    assert sqlite_cache.get("key") == "first"
    time_machine.shift(51)
    assert sqlite_cache.add("key", "after expiry", 10)
    assert sqlite_cache.delete("key") and not sqlite_cache.delete("key")
    sqlite_cache.set("other", 1)
    sqlite_cache.clear()
    assert sqlite_cache.get("other") is None


def test_incr_is_atomic_between_threads(sqlite_cache):
    sqlite_cache.set("counter", 0)

    def count():
        for _ in range(50):
            sqlite_cache.incr("counter")

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sqlite_cache.get("counter") == 200
    with pytest.raises(ValueError):
        sqlite_cache.incr("missing")


def test_a_full_cache_drops_the_entries_expiring_first(sqlite_cache):
    for number in range(30):
        sqlite_cache.set(f"page-{number}", number, 300 + number)
    kept = [number for number in range(30) if sqlite_cache.get(f"page-{number}") is not None]
    assert len(kept) <= 10
    assert kept == list(range(30 - len(kept), 30))
