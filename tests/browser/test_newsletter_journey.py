"""A reader subscribes in the footer, confirms from a real email, gets one article.

A real SMTP server (aiosmtpd) listens on 127.0.0.1: the site sends through Django's
SMTP backend exactly as in production, the test reads what arrived.
"""

import email
import email.policy
import re
import socket
import threading
import time
import urllib.request

import pytest
from aiosmtpd.controller import Controller
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from articles.models import Article
from newsletter.models import Subscriber

ARTICLE_TITLE = "Samantha Cristoforetti, cent jours de publications"


class Mailbox:
    """aiosmtpd handler keeping every message it receives, parsed."""

    def __init__(self):
        self.messages = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.messages.append(
                email.message_from_bytes(envelope.content, policy=email.policy.default)
            )
        return "250 Message accepted for delivery"

    def wait_for(self, count, timeout=10):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self.lock:
                if len(self.messages) >= count:
                    return list(self.messages)
            time.sleep(0.05)
        raise AssertionError(f"{count} e-mail(s) attendu(s), {len(self.messages)} reçu(s)")


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings, live_server):
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": controller.port, "timeout": 5},
        }
    }
    settings.SITE_URL = live_server.url  # links in the emails lead to this test's site
    yield mailbox
    controller.stop()


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


def test_reader_subscribes_confirms_and_gets_one_email_per_article(
    page, browser_log, smtp_server, live_server
):
    page.goto("/")
    footer = page.locator("footer")
    footer.get_by_label("Adresse e-mail").fill("lectrice@exemple.fr")
    footer.get_by_label("en résumé chaque semaine").check()
    footer.get_by_label("dès leur publication").check()
    footer.get_by_role("button", name="S'inscrire").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vérifiez votre boîte de réception")

    [confirmation] = smtp_server.wait_for(1)
    assert confirmation["To"] == "lectrice@exemple.fr"
    assert confirmation.get_body(preferencelist=("html",)) is not None
    link = re.search(r"http://\S+/newsletter/confirmer/\S+/", text_of(confirmation)).group()
    page.goto(link)
    page.get_by_role("button", name="Je confirme mon inscription").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Vos préférences")
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED

    Article.objects.create(
        title=ARTICLE_TITLE,
        slug="cristoforetti-cent-jours",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now(),
    )
    call_command("send_newsletter", verbosity=0)
    call_command("send_newsletter", verbosity=0)

    messages = smtp_server.wait_for(2)
    time.sleep(0.5)  # a duplicate would have arrived by now
    articles = [message for message in smtp_server.messages if message["Subject"] == ARTICLE_TITLE]
    assert len(articles) == 1 and len(smtp_server.messages) == 2, messages
    [article_email] = articles
    assert article_email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    unsubscribe_url = article_email["List-Unsubscribe"].strip("<>")
    assert unsubscribe_url.startswith(live_server.url)
    assert "/articles/cristoforetti-cent-jours/" in text_of(article_email)

    # What a mail provider does on "unsubscribe": a bare POST, no cookie, no token.
    request = urllib.request.Request(
        unsubscribe_url, data=b"List-Unsubscribe=One-Click", method="POST"
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        assert response.status == 200
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED
    browser_log.assert_clean()
