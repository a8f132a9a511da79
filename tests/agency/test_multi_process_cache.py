"""Two app servers, one PostgreSQL, one Redis: an edit on one shows on the other at once.

Runs two real gunicorn processes on the production profile against a database of
their own (agency_prod_multi_process) and Redis database 11, so it needs the local
PostgreSQL and Redis; it is skipped when either is unreachable. About 20 s.
"""

import http.client
import os
import subprocess
import sys
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from tests.agency.local_services import POSTGRES, REDIS, administer, reachable

BASE_DIR = Path(__file__).resolve().parents[2]
DATABASE = "agency_prod_multi_process"
REDIS_URL = "redis://127.0.0.1:6379/11"
PORTS = (8023, 8024)
PASSWORD = "mot-de-passe-des-tests-multi"


pytestmark = pytest.mark.skipif(
    not (reachable(POSTGRES) and reachable(REDIS)), reason="needs PostgreSQL and Redis on loopback"
)


DROP_DATABASE = f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"


def production_env(tmp_path):
    env = {key: value for key, value in os.environ.items() if not key.startswith("PYTEST")}
    env.update(
        DEBUG="0",
        SECRET_KEY="multi-process-test-secret-key-" + "k" * 40,
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DATABASE}",
        REDIS_URL=REDIS_URL,
        PAGE_CACHE_SECONDS="300",
        STATIC_ROOT=str(tmp_path / "static"),
        MEDIA_ROOT=str(tmp_path / "media"),
        GUNICORN_WORKERS="1",
        GUNICORN_ACCESS_LOG="",
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    return env


def manage(env, *args):
    subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True, timeout=120
    )


def wait_until_serving(port, process, deadline=30):
    stop = time.monotonic() + deadline
    while time.monotonic() < stop:
        assert process.poll() is None, f"gunicorn on {port} exited"
        if reachable(("127.0.0.1", port)):
            return
        time.sleep(0.2)
    raise TimeoutError(f"gunicorn on {port} did not start")


@pytest.fixture(scope="module")
def two_servers(tmp_path_factory):
    import redis

    tmp_path = tmp_path_factory.mktemp("multi")
    env = production_env(tmp_path)
    administer(DROP_DATABASE, f"CREATE DATABASE {DATABASE}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    manage(env, "load_demo", "--verbosity", "0")
    manage(
        env,
        "shell",
        "-c",
        "from django.contrib.auth.models import User; "
        f"User.objects.create_superuser('chef', 'chef@example.com', {PASSWORD!r})",
    )
    servers = []
    try:
        for port in PORTS:
            process = subprocess.Popen(
                [sys.executable, "-m", "gunicorn", "--config", "gunicorn.conf.py", "agency.wsgi"],
                cwd=BASE_DIR,
                env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            servers.append(process)
            wait_until_serving(port, process)
        yield PORTS
    finally:
        for process in servers:
            process.terminate()
        for process in servers:
            process.wait(timeout=30)
        redis.Redis.from_url(REDIS_URL).flushdb()
        administer(DROP_DATABASE)


class Browser:
    """Just enough of a browser: cookies (even Secure ones, over loopback http) and forms."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, fields=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        headers = {
            # What the reverse proxy passes on to every app server: the public host name.
            "Host": "127.0.0.1",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = None
        if fields is not None:
            body = urlencode(fields, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response, content

    def get(self, path):
        return self.request("GET", path)

    def submit(self, path, form_selector, **changes):
        """Fill the form found on `path` as a browser would, change some fields, post it."""
        _, page = self.get(path)
        form = BeautifulSoup(page, "html.parser").select_one(form_selector)
        assert form is not None, f"no {form_selector} on {path}"
        fields = {}
        for field in form.find_all(["input", "select", "textarea"]):
            name = field.get("name")
            if not name or field.get("type") in {"submit", "file"}:
                continue
            if field.get("type") == "checkbox" and not field.has_attr("checked"):
                continue
            if field.name == "select":
                selected = field.find("option", selected=True)
                fields[name] = selected["value"] if selected else ""
            elif field.name == "textarea":
                fields[name] = field.text
            else:
                fields[name] = field.get("value", "")
        fields.update(changes)
        return self.request("POST", path, fields)


def test_an_edit_through_one_server_shows_on_the_other_at_once(two_servers):
    first, second = (Browser(port) for port in two_servers)
    reader = Browser(two_servers[1])

    response, _ = reader.get("/tags/astronautes/")
    assert response.status == 200
    assert response.headers["X-Page-Cache"] == "miss"
    response, _ = Browser(two_servers[0]).get("/tags/astronautes/")
    assert response.headers["X-Page-Cache"] == "hit", "the two servers share one cache"

    response, _ = first.submit(
        "/admin/login/?next=/admin/", "#login-form", username="chef", password=PASSWORD
    )
    assert response.status == 302, "editor logged in on the first server"
    response, page = first.get("/admin/taggit/tag/?q=astronautes")
    change_url = BeautifulSoup(page, "html.parser").select_one("#result_list tbody th a")["href"]
    response, _ = first.submit(change_url, "#tag_form", name="Astronautes en orbite")
    assert response.status == 302, "tag renamed through the first server"

    response, page = reader.get("/tags/astronautes/")
    assert response.status == 200
    assert "Astronautes en orbite" in page
    assert response.headers["X-Page-Cache"] == "miss"
    response, _ = reader.get("/tags/astronautes/")
    assert response.headers["X-Page-Cache"] == "hit"
    assert second.cookies == {}, "an anonymous reader gets no cookie"
