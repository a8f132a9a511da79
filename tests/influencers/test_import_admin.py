"""The admin CSV import: upload → preview → confirm, nothing written before the confirmation."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile

from influencers import forms
from influencers.models import FollowerSnapshot
from tests import factories

pytestmark = pytest.mark.django_db

URL = "/admin/influencers/followersnapshot/import/"
HEADER = "influencer;platform;date;followers\n"


def upload(client, text, name="releves.csv"):
    csv_file = SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")
    return client.post(URL, {"file": csv_file})


def confirmation_token(response):
    field = BeautifulSoup(response.text, "html.parser").find("input", {"name": "token"})
    return field["value"] if field else None


def test_the_upload_page_states_its_limits_and_points_to_the_command(client, data_user):
    client.force_login(data_user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "Limite : 5 Mo et 50\xa0000 lignes" in response.text
    assert "python manage.py import_followers FICHIER.csv" in response.text


def test_preview_shows_rows_to_create_update_and_keep_and_writes_nothing(
    client, data_user, pesquet_account
):
    factories.make_snapshot(pesquet_account, recorded_on="2019-02-14", followers=1_400_000)
    factories.make_snapshot(pesquet_account, recorded_on="2019-02-15", followers=1_450_000)
    client.force_login(data_user)
    response = upload(
        client,
        HEADER + "thomas-pesquet;facebook;2019-02-14;1 500 000\n"
        "thomas-pesquet;facebook;2019-02-15;1 450 000\n"
        "thomas-pesquet;facebook;2019-02-16;1 500 100\n",
    )
    assert response.status_code == 200
    page = BeautifulSoup(response.text, "html.parser").find(id="content-main")
    captions = [caption.get_text(" ", strip=True) for caption in page.find_all("caption")]
    assert captions == ["À créer (1)", "À mettre à jour (1)", "Inchangées (1)"]
    update_row = page.find_all("table")[1].find("tbody").find("td").find_parent("tr")
    cells = [cell.get_text(strip=True) for cell in update_row.find_all("td")]
    assert cells == [
        "2",
        "Thomas Pesquet — Facebook",
        "14/02/2019",
        "1\xa0400\xa0000",
        "1\xa0500\xa0000",
    ]
    assert confirmation_token(response)
    followers = pesquet_account.snapshots.values_list("followers", flat=True)
    assert sorted(followers) == [1_400_000, 1_450_000]


def test_confirming_the_preview_writes_the_rows_and_records_who(client, data_user, pesquet_account):
    client.force_login(data_user)
    preview = upload(client, HEADER + "thomas-pesquet;facebook;2019-02-14;1500000\n")
    response = client.post(URL, {"token": confirmation_token(preview)}, follow=True)
    assert response.redirect_chain[-1][0] == "/admin/influencers/followersnapshot/"
    assert "Lignes importées : 1 ; relevés créés : 1" in response.text
    snapshot = pesquet_account.snapshots.get()
    assert (snapshot.followers, snapshot.recorded_by, snapshot.source) == (
        1_500_000, data_user, "import",
    )  # fmt: skip
    # The pending upload is spent: confirming twice imports nothing more.
    again = client.post(URL, {"token": confirmation_token(preview)})
    assert "Cet aperçu a expiré ou n&#x27;est plus valable" in again.text
    assert pesquet_account.snapshots.count() == 1


def test_a_file_with_errors_shows_them_by_line_and_offers_no_confirmation(
    client, data_user, pesquet_account
):
    client.force_login(data_user)
    response = upload(
        client,
        HEADER + "thomas-pesquet;facebook;2019-02-14;1500000\nthomas-pesquet;facebook;hier;12\n",
    )
    page = BeautifulSoup(response.text, "html.parser")
    errors = page.find("table", id="import-errors").find("tbody").find_all("td")
    assert [cell.get_text(strip=True) for cell in errors] == [
        "3", "« hier » n'est pas une date valide (format attendu : AAAA-MM-JJ).",
    ]  # fmt: skip
    assert "Rien n'a été enregistré" in page.get_text()
    assert confirmation_token(response) is None
    assert not FollowerSnapshot.objects.exists()


def test_a_file_that_changes_nothing_needs_no_confirmation(client, data_user, pesquet_account):
    factories.make_snapshot(pesquet_account, recorded_on="2019-02-14", followers=1_500_000)
    client.force_login(data_user)
    response = upload(client, HEADER + "thomas-pesquet;facebook;2019-02-14;1.500.000\n")
    assert "Ce fichier ne change rien : aucun relevé nouveau ni modifié." in response.text
    assert confirmation_token(response) is None


def test_a_forged_or_foreign_token_is_refused(client, data_user, superuser, pesquet_account):
    client.force_login(superuser)
    others_preview = upload(client, HEADER + "thomas-pesquet;facebook;2019-02-14;1500000\n")
    client.force_login(data_user)
    for token in ("forged", confirmation_token(others_preview)):
        response = client.post(URL, {"token": token})
        assert response.status_code == 200
        assert "Cet aperçu a expiré ou n&#x27;est plus valable" in response.text
    assert not FollowerSnapshot.objects.exists()


def test_an_expired_upload_is_refused(client, data_user, pesquet_account):
    client.force_login(data_user)
    preview = upload(client, HEADER + "thomas-pesquet;facebook;2019-02-14;1500000\n")
    caches["working"].clear()
    response = client.post(URL, {"token": confirmation_token(preview)})
    assert "Cet aperçu a expiré" in response.text
    assert not FollowerSnapshot.objects.exists()


def test_the_file_is_checked_again_at_confirmation(client, data_user, pesquet_account):
    """Data may change between the preview and the confirmation: the rules run again."""
    client.force_login(data_user)
    preview = upload(client, HEADER + "thomas-pesquet;facebook;2019-02-14;1500000\n")
    pesquet_account.influencer.slug = "pesquet"
    pesquet_account.influencer.save()
    response = client.post(URL, {"token": confirmation_token(preview)})
    assert "Influenceur inconnu : « thomas-pesquet »." in response.text
    assert not FollowerSnapshot.objects.exists()


def test_a_file_over_the_size_limit_is_refused_with_the_command_to_use(
    client, data_user, pesquet_account, monkeypatch
):
    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 20)
    client.force_login(data_user)
    response = upload(client, HEADER + "thomas-pesquet;facebook;2019-02-14;1500000\n")
    assert "Le fichier dépasse 5 Mo : importez-le avec la commande" in response.text
    assert not FollowerSnapshot.objects.exists()


def test_a_file_over_the_row_limit_is_refused(client, data_user, pesquet_account, monkeypatch):
    monkeypatch.setattr("influencers.admin.MAX_UPLOAD_ROWS", 2)
    client.force_login(data_user)
    rows = "".join(f"thomas-pesquet;facebook;2019-02-{day:02d};{day}\n" for day in range(1, 4))
    response = upload(client, HEADER + rows)
    assert "Le fichier dépasse 2 lignes." in response.text
    assert confirmation_token(response) is None
