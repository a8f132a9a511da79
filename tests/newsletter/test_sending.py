"""send_newsletter: what is due to whom, batches, reruns, failures."""

import datetime
import smtplib

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article
from newsletter.models import Delivery, Subscriber
from newsletter.sending import (
    CLAIM_TIMEOUT,
    SendingInterrupted,
    due_dispatches,
    release_stale_claims,
    send_dispatch,
)
from tests import factories
from tests.factories import HIDDEN_STATES
from tests.newsletter.conftest import html_part, make_subscriber

pytestmark = pytest.mark.django_db


def new_article(**fields):
    """Published a minute ago: after the subscribers' confirmation (an hour ago)."""
    fields.setdefault("published_at", timezone.now() - datetime.timedelta(minutes=1))
    return factories.make_article(**fields)


def send(*args):
    call_command("send_newsletter", *args, verbosity=0)


def test_a_new_article_goes_to_immediate_subscribers_once():
    reader = make_subscriber(articles="immediate")
    make_subscriber(articles="weekly")
    make_subscriber(articles="immediate", status=Subscriber.Status.PENDING)
    make_subscriber(articles="immediate", status=Subscriber.Status.UNSUBSCRIBED)
    article = new_article(title="Pesquet en orbite", standfirst="Un chapô.")

    send()
    [message] = mail.outbox
    assert message.to == [reader.email]
    assert message.subject == "Pesquet en orbite"
    assert f"/articles/{article.slug}/" in message.body
    assert "Un chapô." in html_part(message)
    delivery = Delivery.objects.get()
    assert (delivery.subscriber, delivery.item, delivery.status) == (
        reader,
        f"article:{article.pk}",
        "sent",
    )
    assert delivery.sent_at is not None

    send()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("state", HIDDEN_STATES)
def test_only_published_articles_go_out(state):
    make_subscriber()
    factories.make_article(**state)
    send()
    assert mail.outbox == []


def test_a_scheduled_article_goes_out_once_its_time_has_passed():
    make_subscriber()
    article = factories.make_article(published_at=timezone.now() + datetime.timedelta(hours=2))
    send()
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=3)):
        send()
    [message] = mail.outbox
    assert message.subject == article.title


def test_articles_from_before_the_confirmation_are_not_sent():
    factories.make_article(published_at=timezone.now() - datetime.timedelta(hours=2))
    make_subscriber(confirmed_at=timezone.now() - datetime.timedelta(hours=1))
    send()
    assert mail.outbox == []


def test_followers_of_an_influencer_get_articles_about_them():
    pesquet = factories.make_influencer()
    follower = make_subscriber(articles="none", influencers=[pesquet])
    make_subscriber(articles="none", influencers=[factories.make_influencer()])
    both = make_subscriber(articles="immediate", influencers=[pesquet])
    article = new_article()
    article.influencers.set([pesquet])
    send()
    assert sorted(message.to[0] for message in mail.outbox) == sorted([follower.email, both.email])


def test_weekly_digest_lists_last_week_and_goes_once(frozen_today):
    # Tuesday 1 December 2026: last week ran from Monday 23 to Sunday 29 November.
    reader = make_subscriber(
        articles="weekly", confirmed_at=timezone.now() - datetime.timedelta(days=20)
    )
    make_subscriber(articles="weekly")  # confirmed this week: next Monday's digest
    last_week = timezone.now() - datetime.timedelta(days=5)
    factories.make_article(title="Semaine passée", published_at=last_week)
    new_article(title="Cette semaine", published_at=timezone.now() - datetime.timedelta(hours=1))
    new_article(title="Il y a longtemps", published_at=timezone.now() - datetime.timedelta(days=12))

    send()
    [digest] = mail.outbox
    assert digest.to == [reader.email]
    assert "1 article" in digest.subject
    assert "Semaine passée" in digest.body
    assert "Cette semaine" not in digest.body
    assert "Il y a longtemps" not in digest.body
    assert Delivery.objects.get().item == "digest:2026-W48"
    send()
    assert len(mail.outbox) == 1


def test_dry_run_with_nothing_due_says_so(capsys):
    make_subscriber()
    call_command("send_newsletter", "--dry-run")
    assert "Rien à envoyer." in capsys.readouterr().out


def test_dry_run_says_what_would_go_and_sends_nothing(capsys):
    make_subscriber()
    make_subscriber()
    new_article(title="Un article")
    call_command("send_newsletter", "--dry-run")
    out = capsys.readouterr().out
    assert "Un article : 2 destinataire(s)" in out
    assert "rien n'a été envoyé" in out
    assert mail.outbox == []
    assert Delivery.objects.count() == 0


def test_every_email_has_one_click_unsubscribe_and_a_preferences_link():
    make_subscriber()
    new_article()
    send()
    [message] = mail.outbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http://") and "/newsletter/desinscription/" in unsubscribe
    assert "/newsletter/preferences/" in message.body
    assert "/newsletter/preferences/" in html_part(message)
    assert unsubscribe.strip("<>") in html_part(message)


def test_a_rerun_after_an_interruption_never_sends_twice():
    subscribers = [make_subscriber() for _ in range(5)]
    article = new_article()
    # An earlier run claimed two people and died: one email left, the other's fate unknown.
    Delivery.objects.create(
        subscriber=subscribers[0],
        item=f"article:{article.pk}",
        kind="article",
        subject="x",
        run="old",
        status="sent",
    )
    Delivery.objects.create(
        subscriber=subscribers[1],
        item=f"article:{article.pk}",
        kind="article",
        subject="x",
        run="old",
    )
    send()
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        s.email for s in subscribers[2:]
    )
    send()
    assert len(mail.outbox) == 3
    assert Delivery.objects.count() == 5


class FlakySMTP:
    """A mail server that refuses one recipient and then dies after `dies_after` emails."""

    def __init__(self, refused=(), dies_after=None):
        self.refused, self.dies_after, self.accepted = set(refused), dies_after, []

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        [message] = messages
        if message.to[0] in self.refused:
            raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no such user")})
        if self.dies_after is not None and len(self.accepted) >= self.dies_after:
            raise smtplib.SMTPServerDisconnected("gone")
        self.accepted.append(message.to[0])
        return 1


def test_a_refused_address_is_not_retried_and_a_dead_server_leaves_one_email_uncertain(
    monkeypatch,
):
    subscribers = [make_subscriber() for _ in range(4)]
    new_article()
    server = FlakySMTP(refused=[subscribers[0].email], dies_after=1)
    monkeypatch.setattr("newsletter.sending.open_mailer", lambda: server)
    [dispatch] = list(due_dispatches())
    with pytest.raises(SendingInterrupted, match="gone"):
        send_dispatch(dispatch, run="r1", batch_size=10)
    statuses = dict(Delivery.objects.values_list("subscriber__email", "status"))
    # The third was in flight when the connection broke: claimed, fate unknown.
    assert statuses == {
        subscribers[0].email: "failed",
        subscribers[1].email: "sent",
        subscribers[2].email: "claimed",
    }

    server.dies_after = None
    assert send_dispatch(dispatch, run="r2", batch_size=10).sent == 1
    assert release_stale_claims() == 0  # a claim this recent may be a live run's
    later = timezone.now() + CLAIM_TIMEOUT + datetime.timedelta(seconds=1)
    assert release_stale_claims(now=later) == 1
    assert send_dispatch(dispatch, run="r3", batch_size=10).sent == 1
    assert server.accepted == [subscribers[1].email, subscribers[3].email, subscribers[2].email]


def test_a_server_answering_an_error_gives_the_email_back_at_once(monkeypatch):
    subscribers = [make_subscriber() for _ in range(2)]
    new_article()

    class Busy(FlakySMTP):
        def send_messages(self, messages):
            raise smtplib.SMTPDataError(451, b"try again later")

    monkeypatch.setattr("newsletter.sending.open_mailer", Busy)
    [dispatch] = list(due_dispatches())
    with pytest.raises(SendingInterrupted):
        send_dispatch(dispatch, run="r1")
    assert Delivery.objects.count() == 0
    server = FlakySMTP()
    monkeypatch.setattr("newsletter.sending.open_mailer", lambda: server)
    assert send_dispatch(dispatch, run="r2").sent == 2
    assert server.accepted == [subscriber.email for subscriber in subscribers]


def queries_to_send(subscriber_count, batch_size):
    for _ in range(subscriber_count):
        make_subscriber()
    article = new_article()
    [dispatch] = [d for d in due_dispatches() if d.item == f"article:{article.pk}"]
    with CaptureQueriesContext(connection) as queries:
        send_dispatch(dispatch, run=f"run-{subscriber_count}", batch_size=batch_size)
    return len(queries)


def test_each_email_costs_the_same_few_queries():
    """Each email is claimed and marked on its own, so that a crash leaves at most the one
    in flight uncertain; nothing else may grow with the audience."""
    one_batch = queries_to_send(5, batch_size=5)
    Subscriber.objects.all().delete()
    Article.objects.all().delete()
    mail.outbox.clear()
    three_batches = queries_to_send(15, batch_size=5)
    assert len(mail.outbox) == 15
    # Per email: the claim's INSERT (in a savepoint: 3 statements here, one in autocommit)
    # and the UPDATE marking it sent; per batch: the next recipients.
    assert three_batches - one_batch == 10 * 4 + 2
    assert one_batch == 5 * 4 + 1 + 1  # and one last query finding nobody left


def test_the_command_shows_progress_and_reports_a_dead_server_in_french(monkeypatch, capsys):
    for _ in range(3):
        make_subscriber()
    new_article()
    call_command("send_newsletter")
    captured = capsys.readouterr()
    assert "3/3" in captured.err  # tqdm's bar
    assert "3 e-mail(s) envoyé(s)." in captured.out

    new_article()
    monkeypatch.setattr("newsletter.sending.open_mailer", lambda: FlakySMTP(dies_after=0))
    with pytest.raises(CommandError, match="Le serveur d'envoi a échoué"):
        call_command("send_newsletter", verbosity=0)
    # At most the email in flight when the connection broke is left uncertain.
    assert Delivery.objects.filter(status="claimed").count() == 1
