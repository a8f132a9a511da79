"""Open data: an influencer's follower history as streamed CSV and JSON, safe to open."""

import csv
import datetime
import io
import json

import pytest
from django.db import connection

from tests import factories

pytestmark = pytest.mark.django_db

DAY = datetime.date(2024, 3, 1)


@pytest.fixture
def pesquet():
    influencer = factories.make_influencer(slug="thomas-pesquet", name="Thomas Pesquet")
    facebook = factories.make_platform(slug="facebook", name="Facebook", position=1)
    x = factories.make_platform(slug="x", name="X", position=2)
    factories.make_history(
        factories.make_account(influencer, facebook, handle="ThomasPesquet"),
        days=2, start_followers=1_500_000, daily_gain=100, end=DAY,
    )  # fmt: skip
    factories.make_history(
        factories.make_account(influencer, x, handle="Thom_astro"), days=1, end=DAY
    )
    return influencer


def body(response):
    assert response.streaming
    return b"".join(response.streaming_content).decode()


def test_csv_lists_every_snapshot_by_platform_then_date(client, pesquet):
    response = client.get("/influenceurs/thomas-pesquet/abonnes.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="thomas-pesquet-abonnes.csv"' in response["Content-Disposition"]
    assert response["Access-Control-Allow-Origin"] == "*"
    assert list(csv.reader(io.StringIO(body(response)))) == [
        ["influencer", "platform", "handle", "date", "followers", "source", "source_label",
         "source_url", "note", "review", "record"],
        ["thomas-pesquet", "facebook", "ThomasPesquet", "2024-02-29", "1500000", "manual",
         "saisi à la main", "", "", "", "snapshot"],
        ["thomas-pesquet", "facebook", "ThomasPesquet", "2024-03-01", "1500100", "manual",
         "saisi à la main", "", "", "", "snapshot"],
        ["thomas-pesquet", "x", "Thom_astro", "2024-03-01", "1000", "manual",
         "saisi à la main", "", "", "", "snapshot"],
    ]  # fmt: skip


def test_json_carries_the_same_rows(client, pesquet):
    response = client.get("/influenceurs/thomas-pesquet/abonnes.json")
    document = json.loads(body(response))
    assert document["influencer"]["name"] == "Thomas Pesquet"
    assert document["influencer"]["url"] == "http://testserver/influenceurs/thomas-pesquet/"
    assert [(s["platform"], s["date"], s["followers"]) for s in document["snapshots"]] == [
        ("facebook", "2024-02-29", 1_500_000),
        ("facebook", "2024-03-01", 1_500_100),
        ("x", "2024-03-01", 1000),
    ]


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_one_platform_only(client, pesquet, extension):
    response = client.get(f"/influenceurs/thomas-pesquet/abonnes.{extension}?plateforme=x")
    assert f'filename="thomas-pesquet-x-abonnes.{extension}"' in response["Content-Disposition"]
    content = body(response)
    assert "Thom_astro" in content and "ThomasPesquet" not in content


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_unknown_platform_is_a_404(client, pesquet, extension):
    response = client.get(f"/influenceurs/thomas-pesquet/abonnes.{extension}?plateforme=myspace")
    assert response.status_code == 404


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_unpublished_or_unknown_influencers_are_a_404(client, extension):
    hidden = factories.make_influencer(slug="cache", is_published=False)
    factories.make_snapshot(factories.make_account(hidden))
    for slug in ("cache", "inconnu"):
        assert client.get(f"/influenceurs/{slug}/abonnes.{extension}").status_code == 404


@pytest.mark.parametrize("extension", ["csv", "json"])
def test_inactive_accounts_are_not_exported(client, pesquet, extension):
    pesquet.accounts.filter(handle="Thom_astro").update(is_active=False)
    content = body(client.get(f"/influenceurs/thomas-pesquet/abonnes.{extension}"))
    assert "Thom_astro" not in content
    assert content.count("ThomasPesquet") == 2  # the active account's two snapshots stay


@pytest.mark.parametrize("handle", ["=HYPERLINK(\"http://x\")", "+33", "-1", "@SUM(A1)",
                                    "\tcmd", "\rcmd"])  # fmt: skip
def test_csv_neutralises_cells_a_spreadsheet_would_run(client, handle):
    influencer = factories.make_influencer(slug="piege")
    account = factories.make_account(influencer)
    # Past save()'s @-stripping and the single-line rule (safeguards.text), as rows stored
    # before it: the export must neutralise whatever the table holds.
    with connection.cursor() as cursor:
        table = type(account)._meta.db_table
        cursor.execute(f"UPDATE {table} SET handle = %s WHERE id = %s", [handle, account.pk])
    factories.make_snapshot(account)
    rows = list(csv.reader(io.StringIO(body(client.get("/influenceurs/piege/abonnes.csv")))))
    assert rows[1][2] == f"'{handle}"


def test_influencer_page_links_to_its_open_data(client, pesquet):
    text = client.get("/influenceurs/thomas-pesquet/").text
    assert 'href="/influenceurs/thomas-pesquet/abonnes.csv"' in text
    assert 'href="/influenceurs/thomas-pesquet/abonnes.json"' in text
    assert 'href="/influenceurs/thomas-pesquet/abonnes.csv?plateforme=facebook"' in text
