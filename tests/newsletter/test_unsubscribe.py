"""Leaving and changing one's mind: one-click unsubscribe, the preferences page."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client

from newsletter import tokens
from newsletter.models import Consent, Subscriber
from tests import factories
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db


def path_of(subscriber, purpose):
    return tokens.absolute_url(subscriber, purpose).split("://", 1)[1].split("/", 1)[1]


def test_one_click_post_unsubscribes_without_cookie_csrf_or_login():
    subscriber = make_subscriber()
    mail_client = Client(enforce_csrf_checks=True)  # a mail provider's server, RFC 8058
    response = mail_client.post(
        "/" + path_of(subscriber, tokens.UNSUBSCRIBE), {"List-Unsubscribe": "One-Click"}
    )
    assert response.status_code == 200
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.UNSUBSCRIBED
    assert subscriber.unsubscribed_at is not None
    assert subscriber.consents.get().source == Consent.Source.ONE_CLICK

    factories.make_article()
    call_command("send_newsletter", verbosity=0)
    assert mail.outbox == []


def test_unsubscribe_link_opened_in_a_browser_asks_before_acting(client):
    subscriber = make_subscriber()
    path = "/" + path_of(subscriber, tokens.UNSUBSCRIBE)
    page = client.get(path)
    assert "Me désinscrire" in page.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    response = client.post(path)
    assert "Désinscription enregistrée" in response.content.decode()
    assert Subscriber.objects.get().status == Subscriber.Status.UNSUBSCRIBED


def test_unsubscribing_a_deleted_address_still_says_it_is_done():
    subscriber = make_subscriber()
    path = "/" + path_of(subscriber, tokens.UNSUBSCRIBE)
    subscriber.delete()
    assert Client().post(path, {"List-Unsubscribe": "One-Click"}).status_code == 200


def test_preferences_link_changes_choices_without_an_account(client):
    pesquet = factories.make_influencer(name="Thomas Pesquet", slug="thomas-pesquet")
    subscriber = make_subscriber(articles="immediate")
    path = "/" + path_of(subscriber, tokens.MANAGE)
    page = client.get(path)
    assert page.status_code == 200
    assert "Thomas Pesquet" in page.content.decode()

    response = client.post(path, {"articles": "weekly", "influencers": [pesquet.pk]}, follow=True)
    assert "Vos préférences sont enregistrées" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.articles == "weekly"
    assert list(subscriber.influencers.all()) == [pesquet]
    consent = subscriber.consents.get()
    assert (consent.action, consent.source) == ("changed", "preferences")
    assert consent.preferences == {"articles": "weekly", "influencers": ["thomas-pesquet"]}


def test_saving_preferences_after_unsubscribing_subscribes_again(client):
    subscriber = make_subscriber(status=Subscriber.Status.UNSUBSCRIBED)
    client.post("/" + path_of(subscriber, tokens.MANAGE), {"articles": "immediate"})
    subscriber.refresh_from_db()
    assert subscriber.status == Subscriber.Status.CONFIRMED


def test_preferences_with_nothing_chosen_are_refused_in_french(client):
    subscriber = make_subscriber(articles="weekly")
    response = client.post("/" + path_of(subscriber, tokens.MANAGE), {"articles": "none"})
    assert response.status_code == 400
    assert "Choisissez au moins" in response.content.decode()
    subscriber.refresh_from_db()
    assert subscriber.articles == "weekly"


def test_newsletter_pages_are_never_cached(client, settings):
    settings.PAGE_CACHE_SECONDS = 300
    subscriber = make_subscriber()
    for path in ["/newsletter/", "/" + path_of(subscriber, tokens.MANAGE)]:
        response = client.get(path)
        assert "no-cache" in response["Cache-Control"], path
        assert "X-Page-Cache" not in response


def test_links_do_not_carry_the_address_in_clear():
    """Signed payloads are only base64: an address in them would end up in server logs."""
    import base64

    subscriber = make_subscriber(email="discrete@exemple.fr")
    token = path_of(subscriber, tokens.UNSUBSCRIBE).split("/")[2]
    payload = token.split(":")[0]
    decoded = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4))
    assert b"discrete" not in decoded
