"""Playwright fixtures: one Chromium for the browser tests, a fresh context per test.

The browser is Debian's /usr/bin/chromium (installed by `.ci/run` with apt-get);
Playwright never downloads a browser of its own here. Pages are served by
pytest-django's `live_server` (a threaded server on 127.0.0.1, free port), so every
test that uses `page` runs in a transactional database that is flushed afterwards.
"""

import contextlib
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.contrib.auth.models import Group

from core.roles import DATA_STAFF, EDITORS, apply_roles
from tests import factories

CHROMIUM = Path("/usr/bin/chromium")
# Without the networking flags Chromium keeps dialling Google's hosts, which this
# machine's closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    # The browser fixtures live here, so every test in this folder is a browser test.
    for item in items:
        if "tests/browser/" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)
        # The admin sweep: some 170 pages for each of four roles, the longest test by far.
        if "tests/browser/test_admin_pages.py" in item.nodeid.replace(os.sep, "/"):
            item.add_marker(pytest.mark.slow)


class ChromiumSession:
    """One Chromium for a run of consecutive browser tests.

    Playwright's sync API keeps an asyncio loop running in the main thread while it
    is started; Django then sees a "running event loop" and refuses ORM calls, in the
    browser tests and in any other test run meanwhile. So DJANGO_ALLOW_ASYNC_UNSAFE is
    set only while Chromium runs (the test code stays plain synchronous code), and
    Chromium stops as soon as the next test is not a browser test (see
    pytest_runtest_teardown): the variable never leaks into other tests or the
    subprocesses they start (`check --deploy` rightly refuses it).
    """

    def __init__(self):
        self.playwright = None
        self.browser = None
        self.previous_setting = None

    def start(self):
        if self.browser is None:
            from playwright.sync_api import sync_playwright

            self.previous_setting = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
            self.playwright = sync_playwright().start()
            self.browser = self.playwright.chromium.launch(
                executable_path=str(CHROMIUM if CHROMIUM.exists() else shutil.which("chromium")),
                args=CHROMIUM_ARGS,
            )
        return self.browser

    def stop(self):
        if self.browser is None:
            return
        self.browser.close()
        self.playwright.stop()
        self.browser = self.playwright = None
        if self.previous_setting is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = self.previous_setting


_chromium = ChromiumSession()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    # Called for the tests of this folder only; after their own fixtures are torn down.
    result = yield
    if nextitem is None or nextitem.get_closest_marker("browser") is None:
        _chromium.stop()
    return result


@pytest.fixture(autouse=True)
def restore_migrated_data(django_db_serialized_rollback):
    """The live server needs committed data, so these tests run on a transactional
    database, flushed after each of them. Serialized rollback, as the suite's other
    transactional tests use it, restores what migrations wrote (the role groups) and
    keeps the flush from recreating content types that the next such test restores."""


@pytest.fixture
def demo_data(transactional_db):
    """The demo, loaded for each test: the live server's database is flushed after it
    (elsewhere a module's tests share one load, see tests/conftest.py)."""
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture
def browser():
    if not CHROMIUM.exists() and not shutil.which("chromium"):
        pytest.skip("Chromium manquant : installez le paquet Debian `chromium` (voir .ci/run).")
    return _chromium.start()


_FAILED_LOAD_404 = "Failed to load resource: the server responded with a status of 404"


@dataclass
class BrowserLog:
    """What the page said while the test ran: console errors, uncaught errors, dialogs."""

    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def forget_not_found(self, url):
        """Drop Chromium's console line for a 404 the test asked for on purpose."""
        self.console_errors[:] = [
            message
            for message in self.console_errors
            if not (message.startswith(_FAILED_LOAD_404) and message.endswith(f"({url})"))
        ]

    def csp_violations(self):
        return [message for message in self.console_errors if "Content Security Policy" in message]

    def assert_clean(self):
        assert self.dialogs == [], f"dialogues ouverts : {self.dialogs}"
        assert self.page_errors == [], f"erreurs JavaScript : {self.page_errors}"
        assert self.console_errors == [], f"erreurs de console : {self.console_errors}"


@pytest.fixture
def browser_log():
    return BrowserLog()


def _record_console(log, message):
    if message.type == "error":
        log.console_errors.append(f"{message.text} ({message.location.get('url', '')})")


def _record_dialog(log, dialog):
    # An XSS payload calling alert() must not hang the test: record and dismiss.
    log.dialogs.append(f"{dialog.type}: {dialog.message}")
    dialog.dismiss()


def close_when_idle(context):
    """Close a browser context once its pages have no request in flight.

    The live server answers in threads of its own: a request still running when
    the test ends would reach the database after its flush, and leave rows behind.
    """
    from playwright.sync_api import Error

    for page in context.pages:
        # A page that never settles is closed all the same.
        with contextlib.suppress(Error):
            page.wait_for_load_state("networkidle", timeout=5_000)
    context.close()


@pytest.fixture
def browser_context(browser, live_server, settings):
    settings.ROOT_URLCONF = "tests.browser.urls"  # the site, plus uploaded media
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", timezone_id="Europe/Paris"
    )
    context.set_default_timeout(TIMEOUT_MS)
    yield context
    close_when_idle(context)


@pytest.fixture
def page(browser_context, browser_log):
    page = browser_context.new_page()
    page.on("console", lambda message: _record_console(browser_log, message))
    page.on("pageerror", lambda error: browser_log.page_errors.append(str(error)))
    page.on("dialog", lambda dialog: _record_dialog(browser_log, dialog))
    return page


def role_group(name):
    """The role group that migrate wrote (restored by serialized rollback; set again from
    core/roles.py if a test before this one dropped it)."""
    if not Group.objects.filter(name=name).exists():
        apply_roles()
    return Group.objects.get(name=name)


@pytest.fixture
def editor(transactional_db):
    """An editor (Éditeurs group) with an author profile, as the newsroom sets them up."""
    user = factories.make_user(username="editrice", is_staff=True, first_name="Claudie")
    user.groups.add(role_group(EDITORS))
    factories.make_author(name="Claudie Haigneré", slug="claudie-haignere", user=user)
    return user


@pytest.fixture
def data_staff(transactional_db):
    user = factories.make_user(username="analyste", is_staff=True)
    user.groups.add(role_group(DATA_STAFF))
    return user


def log_in(page, user, password=factories.PASSWORD):
    """Log in through the admin's own form, the way a person does."""
    page.goto("/admin/login/")
    page.get_by_label("Nom d’utilisateur").fill(user.username)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Connexion").click()
    page.wait_for_url("**/admin/")
