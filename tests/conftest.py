import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import override_settings

from core.roles import AUTHORS, DATA_STAFF, EDITORS
from tests import factories


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """MD5 instead of Django's default hasher, for the whole run.

    The default (PBKDF2, over a million iterations) costs half a second per password
    here, and the suite makes some 400 users. Logins still check the password: a wrong
    one is refused, the throttling tests lock out on real failed attempts. Production
    keeps Django's default: the settings name no hasher.
    """
    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(autouse=True)
def plain_static_storage(settings):
    """Tests render templates without running collectstatic first."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def clear_cache():
    from django.core.cache import caches

    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


def _staff_in(group_name, username):
    user = factories.make_user(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group_name))
    return user


@pytest.fixture
def author_user(db):
    return _staff_in(AUTHORS, "redactrice")


@pytest.fixture
def editor_user(db):
    return _staff_in(EDITORS, "editrice")


@pytest.fixture
def data_user(db):
    return _staff_in(DATA_STAFF, "analyste")


@pytest.fixture
def superuser(db):
    return factories.make_user(username="patronne", is_staff=True, is_superuser=True)


def _is_transactional(node, fixturenames):
    """Whether pytest-django runs this test on a transactional database (flushed after it)."""
    marker = node.get_closest_marker("django_db")
    if marker and (marker.kwargs.get("transaction") or marker.kwargs.get("reset_sequences")):
        return True
    return bool(
        {"transactional_db", "live_server", "django_db_reset_sequences"} & set(fixturenames)
    )


def _shares_the_demo(item):
    fixturenames = getattr(item, "fixturenames", ())
    return "demo_data" in fixturenames and not _is_transactional(item, fixturenames)


def pytest_collection_finish(session):
    """Within each module, the tests reading the shared demo run last (in random order
    among themselves): the demo stays loaded until the module's last test, so no test
    that did not ask for it may run meanwhile and see it. Done once every plugin has
    ordered the run (pytest-randomly, pytest-django, and --ff/--nf after them)."""
    ordered = []
    by_module = itertools.groupby(session.items, key=lambda item: getattr(item, "module", None))
    for _module, run in by_module:
        ordered += sorted(run, key=_shares_the_demo)  # stable: keeps the random order
    session.items[:] = ordered


@pytest.fixture(scope="module")
def shared_demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo, loaded once for a module's tests, in a transaction rolled back after them.

    Each test still runs in its own savepoint (pytest-django's TestCase machinery nests
    in the module's transaction), so what a test writes is gone before the next one.
    Returns the folder of the demo's pictures.
    """
    from django.core.management import call_command

    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        with override_settings(MEDIA_ROOT=media):
            call_command("load_demo", verbosity=0)
    yield media
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture
def demo_data(request, shared_demo, db, settings):
    """The demo content, loaded once per module (see shared_demo). A transactional test
    cannot share it (its database is flushed after it): tests/browser loads it per test."""
    if _is_transactional(request.node, request.fixturenames):
        pytest.fail("demo_data is shared by a module's tests; a transactional test loads its own")
    settings.MEDIA_ROOT = shared_demo


# A fixed working day for tests whose expectations are written in calendar dates. A
# Tuesday on purpose: the demo's weekly history falls on Tuesdays, so a date-sensitive
# test that passes here passes on every day of the week.
FROZEN_TODAY = datetime.date(2026, 12, 1)


@pytest.fixture
def frozen_today():
    """Stop the clock at noon, Paris time, on FROZEN_TODAY for the test's duration."""
    noon = datetime.datetime.combine(FROZEN_TODAY, datetime.time(12), ZoneInfo("Europe/Paris"))
    with time_machine.travel(noon, tick=False):
        yield FROZEN_TODAY
