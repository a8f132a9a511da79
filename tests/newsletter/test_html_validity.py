"""The newsletter's pages and emails are valid HTML for the Nu Html Checker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from newsletter import tokens
from tests import factories
from tests.newsletter.conftest import html_part, link_in, make_subscriber
from tests.quality.vnu import html_errors

pytestmark = pytest.mark.django_db


def test_newsletter_pages_and_emails_are_valid_html(client, subscribe, tmp_path):
    factories.make_influencer(name="Thomas Pesquet")
    reader = make_subscriber(email="fidele@exemple.fr")
    documents = {
        "inscription, erreurs": subscribe(email="pas-une-adresse").content,
        "merci": client.get("/newsletter/merci/").content,
    }
    subscribe(email="nouvelle@exemple.fr")
    confirm_path = link_in(mail.outbox[-1], "confirmer")
    documents["confirmation"] = client.get(confirm_path).content
    documents["lien non valide"] = client.get(confirm_path[:-4] + "xyz/").content
    manage = tokens.absolute_url(reader, tokens.MANAGE)
    documents["préférences, erreurs"] = client.post(manage, {"articles": "none"}).content
    documents["préférences"] = client.get(manage).content
    unsubscribe = tokens.absolute_url(reader, tokens.UNSUBSCRIBE)
    documents["désinscription"] = client.get(unsubscribe).content

    subscribe(email="fidele@exemple.fr")  # already subscribed: the preferences link
    factories.make_article(
        title="Un article", standfirst="Un chapô <court> & net.", published_at=timezone.now()
    )
    call_command("send_newsletter", verbosity=0)
    for message in mail.outbox:
        documents[f"e-mail « {message.subject} »"] = html_part(message).encode()
    assert [message.subject for message in mail.outbox] == [
        "Confirmez votre inscription",
        "Vous êtes déjà abonné·e",
        "Un article",
    ]
    documents["désinscrit"] = client.post(unsubscribe).content

    errors = html_errors(documents, tmp_path)
    invalid = {name: messages for name, messages in errors.items() if messages}
    assert invalid == {}, invalid
