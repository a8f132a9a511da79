"""The throwaway stack of the load and fault scripts talks to the servers it started."""

import os
import socket
import subprocess
import sys

import pytest

from scripts import production_stack
from scripts.production_stack import App, ThrowawayRedis


@pytest.fixture
def occupied_port():
    """A port something else already listens on, as a forgotten server would."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        yield listener.getsockname()[1]


def test_the_app_refuses_a_port_another_server_answers_on(occupied_port):
    app = App(occupied_port, "postgres://postgres@127.0.0.1:1/nothing")
    try:
        with pytest.raises(RuntimeError, match=f"{occupied_port}.*already"):
            app.start()
        assert app.process is None, "no gunicorn started"
    finally:
        app.stop()


def test_redis_refuses_a_port_another_server_answers_on(occupied_port):
    redis = ThrowawayRedis(occupied_port)
    try:
        with pytest.raises(RuntimeError, match=f"{occupied_port}.*already"):
            redis.start()
        assert redis.process is None
    finally:
        redis.stop()


def test_a_listening_socket_is_told_apart_by_the_process_holding_it(occupied_port):
    other = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert production_stack.listens_on(occupied_port, {os.getpid()})
        assert not production_stack.listens_on(occupied_port, {other.pid})
    finally:
        other.kill()
        other.wait()
