"""An edit made while Redis is down or frozen shows as soon as Redis answers again.

Runs a private redis-server (port 56391, data in a temporary folder, saved to disk
on every write like a Debian Redis restored at start) so it can be stopped, restarted
with its saved data and frozen with SIGSTOP without touching the shared one.
"""

import contextlib
import os
import shutil
import signal
import subprocess
import time

import pytest

from core.cache import FailOpenRedisCache
from tests import factories
from tests.agency.local_services import reachable

PORT = 56391
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server"),
]


class PrivateRedis:
    def __init__(self, folder):
        self.folder = folder
        self.process = None

    def start(self):
        # appendfsync always: every write is on disk, as a restarted server would find it.
        self.process = subprocess.Popen(
            ["redis-server", "--bind", "127.0.0.1", "--port", str(PORT), "--dir", str(self.folder),
             "--appendonly", "yes", "--appendfsync", "always", "--save", ""],
            stdout=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while not reachable(("127.0.0.1", PORT)):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGCONT)
            self.process.terminate()
            self.process.wait(10)

    @contextlib.contextmanager
    def frozen(self):
        os.kill(self.process.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(self.process.pid, signal.SIGCONT)


@pytest.fixture
def redis(tmp_path, settings, monkeypatch):
    server = PrivateRedis(tmp_path)
    server.start()
    # No pause after a failure: the test wants the very next request to try Redis again.
    monkeypatch.setattr(FailOpenRedisCache, "RETRY_AFTER", 0)
    settings.PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{PORT}/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    yield server
    server.stop()


@pytest.fixture
def edit(on_commit):
    """Retitle an article and run what its commit would run (the content version bump)."""

    def save(article, title):
        article.title = title
        on_commit(article.save)

    return save


def cached_page(client, article):
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"


def test_an_edit_while_redis_is_down_survives_its_restart_with_saved_data(client, redis, edit):
    article = factories.make_article(title="Avant la panne")
    cached_page(client, article)
    redis.stop()
    edit(article, "Corrigé pendant la panne")
    assert "Corrigé pendant la panne" in client.get(article.get_absolute_url()).text
    redis.start()  # with the old page still saved under the old version
    response = client.get(article.get_absolute_url())
    assert "Corrigé pendant la panne" in response.text
    assert "Avant la panne" not in response.text


def test_an_edit_while_redis_is_frozen_shows_once_it_thaws(client, redis, edit):
    article = factories.make_article(title="Avant le gel")
    cached_page(client, article)
    with redis.frozen():
        edit(article, "Corrigé pendant le gel")
        response = client.get(article.get_absolute_url())
        assert "Corrigé pendant le gel" in response.text
    response = client.get(article.get_absolute_url())
    assert "Corrigé pendant le gel" in response.text
    assert "Avant le gel" not in response.text
