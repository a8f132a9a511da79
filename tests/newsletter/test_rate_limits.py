"""Rate limits last the hour they announce, on every cache backend."""

import datetime
import uuid

import pytest
import time_machine
from django.core.cache import caches
from django.utils import timezone

from newsletter import rate_limits
from tests.agency.local_services import REDIS, reachable

LIMIT = 3


@pytest.fixture(params=["locmem", "sqlite", "redis"])
def backend(request, settings, tmp_path):
    """The default cache on each backend a deployment may use."""
    if request.param == "redis" and not reachable(REDIS):
        pytest.skip("needs Redis on 127.0.0.1:6379")
    location = {
        "locmem": ("django.core.cache.backends.locmem.LocMemCache", f"limits-{uuid.uuid4()}"),
        "sqlite": ("core.sqlite_cache.SQLiteCache", str(tmp_path / "cache.sqlite3")),
        "redis": ("django.core.cache.backends.redis.RedisCache", "redis://127.0.0.1:6379/0"),
    }
    backend, where = location[request.param]
    # A key prefix of our own: other test runs may share this Redis.
    settings.CACHES = {
        "default": {"BACKEND": backend, "LOCATION": where, "KEY_PREFIX": uuid.uuid4().hex}
    }
    settings.NEWSLETTER_LIMIT_PER_ADDRESS = LIMIT
    yield request.param
    caches["default"].clear()


def use_up(email):
    return [rate_limits.address_allowed(email) for _ in range(LIMIT + 1)]


def test_the_limit_holds_for_the_whole_hour(backend):
    if backend == "redis":
        pytest.skip("Redis keeps its own clock: see test_redis_keys_expire_after_the_hour")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        assert use_up("carol@exemple.fr") == [True] * LIMIT + [False]
    # Django's file cache gave the counter the default timeout (300 s) on incr().
    with time_machine.travel(start + datetime.timedelta(minutes=6), tick=False):
        assert not rate_limits.address_allowed("carol@exemple.fr")
    with time_machine.travel(start + datetime.timedelta(minutes=59), tick=False):
        assert not rate_limits.address_allowed("carol@exemple.fr")
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert rate_limits.address_allowed("carol@exemple.fr")


def test_redis_keys_expire_after_the_hour(backend):
    if backend != "redis":
        pytest.skip("Redis only")
    use_up("carol@exemple.fr")
    cache = caches["default"]
    client = cache._cache.get_client()
    keys = client.keys(f"{cache.key_prefix}:*")
    assert keys
    for key in keys:
        assert 3500 < client.ttl(key) <= 3600


def test_later_attempts_do_not_extend_the_window(backend):
    if backend == "redis":
        pytest.skip("Redis keeps its own clock")
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        use_up("carol@exemple.fr")
    with time_machine.travel(start + datetime.timedelta(minutes=50), tick=False):
        assert not rate_limits.address_allowed("carol@exemple.fr")
    with time_machine.travel(start + datetime.timedelta(minutes=61), tick=False):
        assert rate_limits.address_allowed("carol@exemple.fr")
