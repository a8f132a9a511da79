"""Subscribing: the forms, double opt-in, proof of consent, no enumeration."""

import datetime

import pytest
import time_machine
from bs4 import BeautifulSoup
from django.core import mail
from django.utils import timezone

from newsletter.models import Consent, Subscriber
from tests import factories
from tests.newsletter.conftest import html_part, link_in, make_subscriber

pytestmark = pytest.mark.django_db


def test_every_public_page_has_the_footer_form_without_a_csrf_token(client):
    factories.make_article(slug="un-article")
    for url in ["/", "/articles/un-article/", "/influenceurs/"]:
        html = client.get(url).content.decode()
        assert 'action="/newsletter/"' in html, url
        assert 'for="pied-id_email"' not in html  # auto_id applied to the label
        assert 'for="pied-email"' in html
        # A token in a cached page would be served to every other reader.
        assert "csrfmiddlewaretoken" not in html


def test_footer_form_posts_without_csrf_token_and_asks_for_confirmation():
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(
        "/newsletter/", {"email": "Lectrice@Exemple.fr", "articles": "weekly", "source": "footer"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/merci/"
    subscriber = Subscriber.objects.get()
    assert subscriber.email == "lectrice@exemple.fr"
    assert subscriber.status == Subscriber.Status.PENDING
    assert subscriber.articles == "weekly"
    [message] = mail.outbox
    assert message.to == ["lectrice@exemple.fr"]
    assert message.subject == "Confirmez votre inscription"
    assert "/newsletter/confirmer/" in message.body
    assert "/newsletter/confirmer/" in html_part(message)


def test_consent_proof_keeps_when_what_and_which_form(subscribe):
    influencer = factories.make_influencer(slug="thomas-pesquet")
    subscribe(articles="none", influencers=[influencer.pk])
    [consent] = Consent.objects.all()
    assert consent.action == Consent.Action.REQUESTED
    assert consent.source == Consent.Source.PAGE
    assert consent.preferences == {"articles": "none", "influencers": ["thomas-pesquet"]}
    assert "lien de confirmation" in consent.wording
    assert consent.recorded_at is not None


def test_confirmation_link_confirms_on_post_only(client, subscribe):
    subscribe()
    path = link_in(mail.outbox[0], "confirmer")
    page = client.get(path)
    assert page.status_code == 200
    assert "Je confirme mon inscription" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING  # link scanners GET

    response = client.post(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/newsletter/preferences/")
    subscriber = Subscriber.objects.get()
    assert subscriber.status == Subscriber.Status.CONFIRMED
    assert subscriber.confirmed_at is not None
    assert list(subscriber.consents.values_list("action", "source")) == [
        ("requested", "page"),
        ("confirmed", "link"),
    ]


def test_expired_confirmation_link_is_refused_in_french(client, subscribe):
    subscribe()
    path = link_in(mail.outbox[0], "confirmer")
    with time_machine.travel(timezone.now() + datetime.timedelta(days=8)):
        response = client.post(path)
    assert response.status_code == 400
    assert "Ce lien a expiré" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_forged_or_retargeted_link_is_refused(client, subscribe):
    subscribe()
    path = link_in(mail.outbox[0], "confirmer")
    forged = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]
    assert client.post(forged).status_code == 400
    # A valid confirmation token is not an unsubscribe or preferences token.
    token = path.split("/")[3]
    assert client.post(f"/newsletter/preferences/{token}/").status_code == 400
    assert client.post(f"/newsletter/desinscription/{token}/").status_code == 400
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING


def test_answer_is_the_same_whether_or_not_the_address_is_known(client, subscribe):
    make_subscriber(email="connue@exemple.fr", articles="weekly")
    known = subscribe(email="connue@exemple.fr", articles="immediate")
    unknown = subscribe(email="inconnue@exemple.fr")
    assert (known.status_code, known["Location"]) == (unknown.status_code, unknown["Location"])
    # The owner of the known address hears of it, and nobody else changed their choices.
    assert Subscriber.objects.get(email="connue@exemple.fr").articles == "weekly"
    already, confirm = mail.outbox
    assert already.to == ["connue@exemple.fr"]
    assert "/newsletter/preferences/" in already.body
    assert "/newsletter/confirmer/" not in already.body
    assert confirm.to == ["inconnue@exemple.fr"]


def test_nothing_is_sent_before_confirmation(subscribe):
    from django.core.management import call_command

    subscribe()
    factories.make_article()
    mail.outbox.clear()
    call_command("send_newsletter", verbosity=0)
    assert mail.outbox == []


def test_invalid_address_gets_a_french_error_and_keeps_the_input(subscribe):
    response = subscribe(email="pas-une-adresse", articles="weekly")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Cette adresse e-mail n&#x27;est pas valide" in html
    assert 'value="pas-une-adresse"' in html
    weekly = BeautifulSoup(html, "html.parser").select_one('#contenu input[value="weekly"]')
    assert weekly.has_attr("checked")
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_choosing_nothing_is_explained(subscribe):
    response = subscribe(articles="none")
    assert response.status_code == 400
    assert "Choisissez au moins les articles ou un influenceur" in response.content.decode()


def test_honeypot_gets_the_usual_answer_and_no_email(subscribe):
    response = subscribe(website="http://spam.example")
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/merci/"
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


def test_one_address_gets_at_most_three_emails_an_hour(subscribe, settings):
    for _ in range(6):
        assert subscribe(email="victime@exemple.fr").status_code == 302
    assert len(mail.outbox) == settings.NEWSLETTER_LIMIT_PER_ADDRESS == 3


def test_one_client_is_stopped_after_ten_requests_with_a_french_message(subscribe, settings):
    for number in range(settings.NEWSLETTER_LIMIT_PER_CLIENT):
        assert subscribe(email=f"cible{number}@exemple.fr").status_code == 302
    response = subscribe(email="une-de-plus@exemple.fr")
    assert response.status_code == 429
    html = response.content.decode()
    assert "Trop de demandes depuis votre connexion" in html
    assert 'value="une-de-plus@exemple.fr"' in html
    assert len(mail.outbox) == 10


def test_an_unsubscribed_reader_can_subscribe_again_through_confirmation(client, subscribe):
    make_subscriber(email="revient@exemple.fr", status=Subscriber.Status.UNSUBSCRIBED)
    subscribe(email="revient@exemple.fr")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    client.post(link_in(mail.outbox[0], "confirmer"))
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED


def test_subscribe_page_lists_influencers_to_follow_in_one_query(client, django_assert_num_queries):
    factories.make_influencer(name="Samantha Cristoforetti")
    factories.make_influencer(name="Caché", is_published=False)
    with django_assert_num_queries(1):  # the influencer checkboxes, however many
        html = client.get("/newsletter/").content.decode()
    assert "Samantha Cristoforetti" in html
    assert "Caché" not in html
    immediate = BeautifulSoup(html, "html.parser").select_one('#contenu input[value="immediate"]')
    assert immediate.has_attr("checked")
    assert html.count("<h1") == 1


def test_subscribing_does_not_empty_the_public_page_cache(client, subscribe, monkeypatch):
    """Who follows an influencer shows on no public page: a flood of subscriptions
    must not invalidate every cached page (core/signals.py)."""
    bumps = []
    monkeypatch.setattr("core.signals.content_changed", lambda: bumps.append(1))
    influencer = factories.make_influencer()
    bumps.clear()
    subscribe(articles="none", influencers=[influencer.pk])
    client.post(link_in(mail.outbox[0], "confirmer"))
    assert Subscriber.objects.get().influencers.get() == influencer
    assert bumps == []
    influencer.articles.add(factories.make_article())  # a content link still counts
    assert bumps


def test_a_mail_server_failure_is_logged_and_the_answer_stays_the_same(
    subscribe, monkeypatch, caplog
):
    import smtplib

    def refuse(message):
        raise smtplib.SMTPServerDisconnected("parti")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    response = subscribe()
    assert response.status_code == 302
    assert response["Location"] == "/newsletter/merci/"
    assert "could not send the subscription email" in caplog.text
    assert Subscriber.objects.get().confirmation_sent_at is None
