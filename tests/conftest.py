import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.test import override_settings

from agency.roles import AUTHORS, DATA_STAFF, EDITORS
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


@pytest.fixture
def demo_data(db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


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
