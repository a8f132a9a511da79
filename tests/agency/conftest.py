import pytest
from django.db import connection


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
