"""Two app servers, one PostgreSQL, one Redis: an edit on one shows on the other at once.

Runs two real gunicorn processes on the production profile against a database of
their own (agency_prod_multi_process) and Redis database 11, so it needs the local
PostgreSQL and Redis; it is skipped when either is unreachable. About 20 s.
"""

import http.client
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from bs4 import BeautifulSoup

from scripts.production_stack import SUPERUSER, App
from tests.agency.local_services import POSTGRES, REDIS, administer, reachable

DATABASE = "agency_prod_multi_process"
REDIS_URL = "redis://127.0.0.1:6379/11"
PORTS = (8023, 8024)


pytestmark = pytest.mark.skipif(
    not (reachable(POSTGRES) and reachable(REDIS)), reason="needs PostgreSQL and Redis on loopback"
)


DROP_DATABASE = f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)"


@pytest.fixture(scope="module")
def two_servers():
    """Two gunicorn servers on the production profile, started the way the load and
    fault scripts start theirs, sharing one PostgreSQL database and one Redis."""
    import redis

    administer(DROP_DATABASE, f"CREATE DATABASE {DATABASE}")
    redis.Redis.from_url(REDIS_URL).flushdb()
    database_url = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
    options = {"redis_url": REDIS_URL, "workers": 1, "extra_env": {"PAGE_CACHE_SECONDS": "300"}}
    try:
        with (
            App(PORTS[0], database_url, **options) as first,
            App(PORTS[1], database_url, **options) as second,
        ):
            first.prepare()
            # Each server has its own folder of collected static files.
            second.manage("collectstatic", "--no-input", "--verbosity", "0")
            first.start()
            second.start()
            yield PORTS
    finally:
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

    username, password = SUPERUSER
    response, _ = first.submit(
        "/admin/login/?next=/admin/", "#login-form", username=username, password=password
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
