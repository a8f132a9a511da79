from pathlib import Path

import pytest
from django.db import connection

# Modules that start servers of their own (two gunicorns, redis-server, pg_dump and
# pg_restore): seconds each, run by `make test-slow` (and CI), not by `make test`.
SLOW_MODULES = [
    Path(__file__).parent / name
    for name in ("test_multi_process_cache.py", "test_backup_restore.py", "test_cache_outage.py")
]


def pytest_collection_modifyitems(items):
    for item in items:
        if item.path in SLOW_MODULES:
            item.add_marker(pytest.mark.slow)


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """Make a change and run the on-commit callbacks as a real commit would.

    A real commit also empties the callback list; the test's transaction never
    commits, so that is done here too.
    """

    def commit(change):
        connection.run_on_commit.clear()
        with django_capture_on_commit_callbacks(execute=True):
            change()
        connection.run_on_commit.clear()

    return commit
