"""A follower count has one upper bound, said in French by every way of entering one.

A count past 2⁶³ − 1 does not fit the column (SQLite raises OverflowError, PostgreSQL
a DataError): the CSV import, bulk entry, the anomaly « Corriger » form and the
`import_followers` command answered with an error page or a traceback. No account has
a thousand billion followers: MAX_FOLLOWERS is that bound, and every path checks it.
"""

import io

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from influencers.imports import parse_follower_count
from influencers.models import FollowerSnapshot, ReviewStatus
from tests import factories
from tests.articles.admin_forms import form_fields

pytestmark = pytest.mark.django_db

MAX_FOLLOWERS = 10**12  # influencers.models.MAX_FOLLOWERS
TOO_LARGE = "Plus de mille milliards d'abonnés : vérifiez le nombre."
HUGE = {"2**63": str(2**63), "2**63-1": str(2**63 - 1), "10**30": str(10**30),
        "bound+1": str(MAX_FOLLOWERS + 1), "spaced": "9 223 372 036 854 775 808"}  # fmt: skip
DAY = "2019-02-14"


def text_of(response):
    return BeautifulSoup(response.text, "html.parser").get_text(" ").replace("\xa0", " ")


@pytest.mark.parametrize("value", HUGE.values(), ids=HUGE.keys())
def test_parsing_refuses_a_count_past_the_bound(value):
    with pytest.raises(ValidationError) as error:
        parse_follower_count(value)
    assert (error.value.code, error.value.messages) == ("too_large", [TOO_LARGE])


@pytest.mark.parametrize(
    ("value", "code"),
    [("1e30", "not_a_number"), ("-5", "negative"), ("-9223372036854775809", "negative")],
)
def test_parsing_still_refuses_other_counts_as_before(value, code):
    with pytest.raises(ValidationError) as error:
        parse_follower_count(value)
    assert error.value.code == code


def test_the_bound_itself_is_a_count():
    assert parse_follower_count(str(MAX_FOLLOWERS)) == MAX_FOLLOWERS


@pytest.mark.parametrize("value", HUGE.values(), ids=HUGE.keys())
def test_csv_import_preview_calls_the_line_wrong(client, data_user, pesquet_account, value):
    client.force_login(data_user)
    text = f"influencer;platform;date;followers\nthomas-pesquet;facebook;{DAY};{value}\n"
    csv_file = SimpleUploadedFile("releves.csv", text.encode(), content_type="text/csv")
    response = client.post("/admin/influencers/followersnapshot/import/", {"file": csv_file})
    assert response.status_code == 200
    assert TOO_LARGE in text_of(response)
    assert not BeautifulSoup(response.text, "html.parser").find("input", {"name": "token"})
    assert not FollowerSnapshot.objects.exists()


def test_bulk_entry_says_which_row(client, data_user, pesquet_account):
    client.force_login(data_user)
    response = client.post(
        "/admin/influencers/followersnapshot/bulk-entry/",
        {"recorded_on": DAY, f"count_{pesquet_account.pk}": str(2**63)},
    )
    assert response.status_code == 200
    assert TOO_LARGE in text_of(response)
    assert not FollowerSnapshot.objects.exists()


def test_correcting_an_anomaly_says_so(client, data_user, pesquet_account):
    snapshot = factories.make_snapshot(pesquet_account, review=ReviewStatus.TO_REVIEW)
    client.force_login(data_user)
    response = client.post(
        f"/admin/influencers/followersnapshot/{snapshot.pk}/verifier/",
        {"decision": "correct", "followers": str(10**30)},
    )
    assert response.status_code == 200
    assert TOO_LARGE in text_of(response)
    snapshot.refresh_from_db()
    assert (snapshot.followers, snapshot.review) == (1000, ReviewStatus.TO_REVIEW)


# Past 2⁶³ − 1 the admin's own integer field speaks first (« Assurez-vous que cette valeur
# est inférieure ou égale à 9223372036854775807. »): clear French too.
@pytest.mark.parametrize("value", [2**63 - 1, MAX_FOLLOWERS + 1])
def test_the_snapshot_form_gives_the_same_message(client, superuser, pesquet_account, value):
    client.force_login(superuser)
    url = "/admin/influencers/followersnapshot/add/"
    data = form_fields(client.get(url))
    data.update(account=pesquet_account.pk, recorded_on=DAY, followers=value)
    response = client.post(url, data)
    assert response.status_code == 200
    assert TOO_LARGE in text_of(response)
    assert not FollowerSnapshot.objects.exists()


def test_the_model_refuses_it_too(pesquet_account):
    snapshot = FollowerSnapshot(account=pesquet_account, recorded_on=DAY, followers=2**63)
    with pytest.raises(ValidationError) as error:
        snapshot.full_clean()
    assert TOO_LARGE in error.value.message_dict["followers"]


def test_import_command_lists_the_line_and_writes_nothing(pesquet_account, tmp_path):
    path = tmp_path / "releves.csv"
    path.write_text(
        f"influencer,platform,date,followers\nthomas-pesquet,facebook,{DAY},{2**63}\n",
        encoding="utf-8",
    )
    stdout, stderr = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_followers", str(path), stdout=stdout, stderr=stderr)
    assert stderr.getvalue().splitlines() == [f"Ligne 2 : {TOO_LARGE}"]
    assert not FollowerSnapshot.objects.exists()
