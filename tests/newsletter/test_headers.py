"""Every email header is safe on its own, whatever the titles and names stored hold."""

import datetime
import email
import email.policy

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from newsletter.emails import build_email
from newsletter.models import Delivery
from tests import factories
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db

LINE_BREAKS = ["\r", "\n", "\r\n", "\x0b", "\x0c", "\u2028", "\u2029", "\x85"]


def raw(message):
    """The bytes an SMTP server receives (Django's SMTP backend uses the SMTP policy)."""
    return message.message(policy=email.policy.SMTP).as_bytes()


def headers_of(message):
    """The raw header block, unfolded, as {name: value}."""
    block = raw(message).split(b"\r\n\r\n", 1)[0].decode("ascii")
    unfolded = block.replace("\r\n ", " ").replace("\r\n\t", " ")
    return dict(line.split(": ", 1) for line in unfolded.split("\r\n"))


def parsed(message):
    return email.message_from_bytes(raw(message), policy=email.policy.default)


def new_article(title):
    article = factories.make_article(published_at=timezone.now() - datetime.timedelta(minutes=1))
    # Stored as is, bypassing whatever a model or form rule would clean (rows stored
    # before such a rule, another program writing to the database).
    with connection.cursor() as cursor:
        table = connection.ops.quote_name(article._meta.db_table)
        cursor.execute(f"UPDATE {table} SET title = %s WHERE id = %s", [title, article.pk])
    return article


@pytest.mark.parametrize("separator", LINE_BREAKS)
def test_a_title_with_a_line_break_is_sent_on_one_line(separator):
    reader = make_subscriber()
    new_article(f"Pesquet{separator}Bcc: victime@exemple.fr")
    call_command("send_newsletter", verbosity=0)
    [message] = mail.outbox
    assert parsed(message)["Subject"] == "Pesquet Bcc: victime@exemple.fr"
    assert "Bcc" not in headers_of(message)
    assert Delivery.objects.get(subscriber=reader).status == "sent"


@pytest.mark.parametrize("control", ["\x1b", "\x07", "\x7f"])
def test_control_characters_never_reach_the_subject_line(control):
    make_subscriber()
    new_article(f"Titre{control}[31m rouge")
    call_command("send_newsletter", verbosity=0)
    [message] = mail.outbox
    header_bytes = raw(message).split(b"\r\n\r\n", 1)[0]
    assert control.encode() not in header_bytes
    assert parsed(message)["Subject"] == "Titre [31m rouge"


@pytest.mark.parametrize(
    "title",
    ["=?utf-8?q?Offre_sp=C3=A9ciale?=", "Bonjour =?utf-8?b?SGFja8Op?= monde", "é =?utf-8?q?x?="],
)
def test_a_literal_encoded_word_in_a_title_reads_as_typed(title):
    make_subscriber()
    new_article(title)
    call_command("send_newsletter", verbosity=0)
    [message] = mail.outbox
    assert parsed(message)["Subject"] == title


def test_an_influencer_name_with_a_line_break_gives_a_one_line_milestone_subject():
    subscriber = make_subscriber()
    message = build_email(
        subscriber, "Thomas\nPesquet\u2028dépasse 1 000 000", "already_subscribed"
    )
    assert parsed(message)["Subject"] == "Thomas Pesquet dépasse 1 000 000"


def test_plain_and_french_subjects_are_unchanged():
    subscriber = make_subscriber()
    french = "Thomas Pesquet dépasse 1\u202f000\u202f000 abonnés sur Facebook"
    for subject in ["Pesquet en orbite", french]:
        assert parsed(build_email(subscriber, subject, "already_subscribed"))["Subject"] == subject
    long_subject = "Un titre très long " * 10
    assert parsed(build_email(subscriber, long_subject, "already_subscribed"))["Subject"] == (
        long_subject.strip()
    )


def test_list_unsubscribe_is_a_plain_header_a_mail_client_can_read():
    subscriber = make_subscriber()
    message = build_email(subscriber, "Pesquet en orbite", "already_subscribed")
    headers = headers_of(message)
    unsubscribe = headers["List-Unsubscribe"]
    assert "=?" not in unsubscribe
    assert unsubscribe.startswith("<http://") and unsubscribe.endswith(">")
    assert "/newsletter/desinscription/" in unsubscribe
    assert headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "=?" not in headers["List-Id"]
    assert parsed(message)["List-Unsubscribe"] == unsubscribe
    # The default policy too (what message.message() gives): the same plain line.
    default_bytes = message.message().as_bytes()
    assert f"List-Unsubscribe: {unsubscribe}\n".encode() in default_bytes
