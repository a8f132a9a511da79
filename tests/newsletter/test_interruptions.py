"""send_newsletter always finishes: a dead mail server or a killed run leaves at most the
message in flight uncertain, and a rerun sends the rest.

A real SMTP server (aiosmtpd) on 127.0.0.1 receives what Django's SMTP backend sends; it
can hang up in the middle of a run, or not be there at all.
"""

import collections
import datetime
import io
import socket
import threading

import pytest
import time_machine
from aiosmtpd.controller import Controller
from django.core.management import CommandError, call_command
from django.utils import timezone

from newsletter import sending
from newsletter.models import Delivery
from tests import factories
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


class Sink:
    """An SMTP server on 127.0.0.1 counting what each address received; hangs up after
    `dies_after` emails; `stop()` and `start()` take it down and bring it back."""

    def __init__(self):
        self.received = collections.Counter()
        self.dies_after = None
        self.lock = threading.Lock()
        self.port = free_port()
        self.controller = None

    def start(self):
        # A stopped Controller cannot start again (its event loop is closed): a new one.
        self.controller = Controller(self, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.dies_after is not None and sum(self.received.values()) >= self.dies_after:
                # The server dies in the middle of the conversation: no answer to DATA.
                server.transport.close()
                return "421 closing"
            for address in envelope.rcpt_tos:
                self.received[address] += 1
        return "250 OK"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp(settings):
    sink = Sink()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": sink.port, "timeout": 5},
        }
    }
    sink.start()
    yield sink
    sink.stop()


def readers(count):
    subscribers = [make_subscriber() for _ in range(count)]
    factories.make_article(published_at=timezone.now() - datetime.timedelta(minutes=1))
    return subscribers


def run_command():
    """(stdout, the CommandError's message or None)."""
    out = io.StringIO()
    try:
        call_command("send_newsletter", "--batch-size", "5", stdout=out, verbosity=0)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def statuses():
    return collections.Counter(Delivery.objects.values_list("status", flat=True))


def test_a_server_down_at_the_start_is_said_in_french_and_a_rerun_sends_everything(smtp):
    subscribers = readers(7)
    smtp.stop()
    out, error = run_command()
    assert error is not None
    assert "Le serveur d'envoi" in error and "0 e-mail(s) envoyé(s)" in error
    assert "Relancez la commande" in error  # says a rerun will finish
    assert Delivery.objects.count() == 0

    smtp.start()
    out, error = run_command()
    assert error is None
    assert "7 e-mail(s) envoyé(s)." in out
    assert smtp.received == {subscriber.email: 1 for subscriber in subscribers}


def test_a_server_dying_mid_run_is_counted_right_and_a_rerun_finishes(smtp):
    subscribers = readers(12)
    smtp.dies_after = 7
    _out, error = run_command()
    assert error is not None
    assert "7 e-mail(s) envoyé(s)" in error
    assert "Relancez la commande" in error
    # What the server accepted is marked sent; at most the message in flight is uncertain.
    assert statuses()["sent"] == 7
    assert statuses()["claimed"] <= 1

    smtp.stop()
    smtp.dies_after = None
    smtp.start()
    _out, error = run_command()
    assert error is None
    # Once the uncertain claim has gone stale, it is sent again.
    with time_machine.travel(
        timezone.now() + sending.CLAIM_TIMEOUT + datetime.timedelta(minutes=1)
    ):
        run_command()
    assert statuses() == {"sent": 12}
    assert smtp.received == {subscriber.email: 1 for subscriber in subscribers}


class Killed(BaseException):
    """Stands for SIGKILL: nothing of ours runs after it (no except clause catches it)."""


def test_a_run_killed_after_the_server_accepted_a_message_leaves_only_that_one_uncertain(
    smtp, monkeypatch
):
    subscribers = readers(13)
    from django.core.mail.backends.smtp import EmailBackend

    real_send = EmailBackend.send_messages
    calls = []

    def send_then_die(self, messages):
        sent = real_send(self, messages)
        calls.append(messages)
        if len(calls) == 8:
            raise Killed
        return sent

    monkeypatch.setattr(EmailBackend, "send_messages", send_then_die)
    with pytest.raises(Killed):
        run_command()
    assert sum(smtp.received.values()) == 8
    assert statuses() == {"sent": 7, "claimed": 1}

    monkeypatch.setattr(EmailBackend, "send_messages", real_send)
    out, error = run_command()
    assert error is None
    assert "5 e-mail(s) envoyé(s)." in out
    assert statuses() == {"sent": 12, "claimed": 1}
    uncertain = Delivery.objects.get(status="claimed").subscriber.email
    with time_machine.travel(
        timezone.now() + sending.CLAIM_TIMEOUT + datetime.timedelta(minutes=1)
    ):
        run_command()
    assert statuses() == {"sent": 13}
    # Nobody missed it; only the message in flight at the crash could arrive twice.
    assert smtp.received == {
        subscriber.email: 2 if subscriber.email == uncertain else 1 for subscriber in subscribers
    }


def test_a_message_that_cannot_be_built_is_marked_failed_and_the_run_goes_on(smtp):
    subscribers = readers(3)
    from newsletter.models import Subscriber

    Subscriber.objects.filter(pk=subscribers[0].pk).update(email='"a\x01b"@exemple.fr')
    out, error = run_command()
    assert error is None
    assert "2 e-mail(s) envoyé(s)." in out
    assert statuses() == {"sent": 2, "failed": 1}
