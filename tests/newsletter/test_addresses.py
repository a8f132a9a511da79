"""One row per mailbox: addresses are normalised once, on every path, and refused when
they cannot be written safely."""

import pytest
from django.core import mail

from newsletter.models import Subscriber
from tests.newsletter.conftest import make_subscriber

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/newsletter/subscriber/"


@pytest.mark.parametrize(
    "typed",
    [
        "carol@exem\u200bple.fr",
        "carol@exem\u00adple.fr",
        "\ufeffcarol@exemple.fr",
        "carol@exemple.fr\u2060",
        "ca\u200drol@exemple.fr",
        "Carol@EXEMPLE.FR",
        " carol@exemple.fr ",
    ],
)
def test_invisible_characters_and_case_make_no_second_row(subscribe, typed):
    subscribe("carol@exemple.fr")
    subscribe(typed)
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["carol@exemple.fr"]


def test_one_mailbox_gets_at_most_the_limit_of_confirmations_however_it_is_typed(
    subscribe, settings
):
    settings.NEWSLETTER_LIMIT_PER_ADDRESS = 3
    for invisible in ["", "\u200b", "\u00ad", "\ufeff", "\u200c", "\u2060", "\u180e"]:
        subscribe(f"carol@exem{invisible}ple.fr")
    assert len(mail.outbox) == 3
    assert Subscriber.objects.count() == 1


def test_an_international_domain_is_stored_once_whatever_its_form(subscribe):
    subscribe("lea@café.fr")
    subscribe("lea@CAFÉ.fr")
    subscribe("lea@xn--caf-dma.fr")
    assert list(Subscriber.objects.values_list("email", flat=True)) == ["lea@xn--caf-dma.fr"]
    assert mail.outbox[0].to == ["lea@xn--caf-dma.fr"]


@pytest.mark.parametrize(
    "typed", ['"carol"@exemple.fr', '"car ol"@exemple.fr', '"car\x01ol"@exemple.fr']
)
def test_a_quoted_local_part_is_refused_with_a_clear_message(subscribe, typed):
    response = subscribe(typed)
    assert response.status_code == 400
    assert "guillemets" in response.content.decode()
    assert Subscriber.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.parametrize("typed", ["car\x07ol@exemple.fr", "carol@exemple.fr\x1b"])
def test_a_control_character_is_refused_not_a_server_error(subscribe, typed):
    response = subscribe(typed)
    assert response.status_code == 400
    assert Subscriber.objects.count() == 0


def test_a_row_saved_from_code_is_normalised_too():
    subscriber = Subscriber.objects.create(email="Carol@Exem\u200bple.FR")
    subscriber.refresh_from_db()
    assert subscriber.email == "carol@exemple.fr"


def test_resending_a_confirmation_to_a_broken_stored_address_is_no_server_error(client, superuser):
    broken = make_subscriber(status=Subscriber.Status.PENDING)
    Subscriber.objects.filter(pk=broken.pk).update(email='"car\x01ol"@exemple.fr')
    fine = make_subscriber(status=Subscriber.Status.PENDING)
    client.force_login(superuser)
    response = client.post(
        CHANGELIST,
        {"action": "resend_confirmation", "_selected_action": [broken.pk, fine.pk]},
        follow=True,
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "1 confirmation renvoyée" in html
    assert "1 e-mail(s) n&#x27;ont pas pu partir : adresse invalide" in html
    assert [message.to for message in mail.outbox] == [[fine.email]]


@pytest.mark.parametrize(
    "stored", ['"a\r\nb"@exemple.fr', 'lé;"a@exemple.fr', "x@exemple.fr\r\nX-Evil: 1"]
)
def test_the_rgpd_export_has_a_safe_file_name_whatever_the_address(client, superuser, stored):
    subscriber = make_subscriber()
    Subscriber.objects.filter(pk=subscriber.pk).update(email=stored)
    client.force_login(superuser)
    response = client.post(
        CHANGELIST, {"action": "export_personal_data", "_selected_action": [subscriber.pk]}
    )
    assert response.status_code == 200
    disposition = response["Content-Disposition"]
    assert disposition.isascii() and disposition.isprintable()
    assert disposition.startswith('attachment; filename="donnees-')
    name = disposition.split('filename="', 1)[1].split('"', 1)[0]
    assert disposition.endswith(f'filename="{name}"')
    assert all(character.isalnum() or character in "-_.@" for character in name)
