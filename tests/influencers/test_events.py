"""Events (renames, purges, recounts…) marked on the charts they concern and exported."""

import csv
import datetime
import io
import json

import pytest
from bs4 import BeautifulSoup
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext

from influencers.models import Event, EventKind
from tests import factories

pytestmark = pytest.mark.django_db

END = datetime.date(2024, 3, 31)
RENAMED = datetime.date(2024, 3, 10)


@pytest.fixture
def platforms():
    return {
        "x": factories.make_platform(slug="x", name="X", position=1),
        "facebook": factories.make_platform(slug="facebook", name="Facebook", position=2),
    }


def influencer_on(slug, platforms):
    influencer = factories.make_influencer(slug=slug, name=slug.capitalize())
    for platform in platforms:
        account = factories.make_account(influencer, platform, handle=f"{slug}-{platform.slug}")
        factories.make_history(account, days=60, end=END)
    return influencer


def chart_of(client, slug, platform_slug):
    soup = BeautifulSoup(client.get(f"/influenceurs/{slug}/").content, "html.parser")
    heading = soup.find(
        "h3", id=lambda value: value and value.startswith(f"historique-{platform_slug}-")
    )
    return heading.find_parent("section")


def event_titles(chart):
    return [mark.title.string for mark in chart.select("svg .chart__event")]


def test_a_platform_event_marks_every_chart_of_that_platform_only(client, platforms):
    influencer_on("ada", platforms.values())
    influencer_on("bob", [platforms["x"]])
    Event.objects.create(
        happened_on=RENAMED,
        kind=EventKind.RENAME,
        label="Twitter devient X",
        platform=platforms["x"],
    )
    for slug in ("ada", "bob"):
        titles = event_titles(chart_of(client, slug, "x"))
        assert titles == ["Changement de nom : Twitter devient X (10 mars 2024)"], slug
    assert event_titles(chart_of(client, "ada", "facebook")) == []


def test_influencer_and_account_events_mark_their_own_charts(client, platforms):
    ada = influencer_on("ada", platforms.values())
    influencer_on("bob", platforms.values())
    Event.objects.create(
        happened_on=RENAMED, kind=EventKind.MISSION, label="Départ", influencer=ada
    )
    facebook = ada.accounts.get(platform__slug="facebook")
    Event.objects.create(happened_on=END, kind=EventKind.PURGE, label="Purge", account=facebook)
    assert len(event_titles(chart_of(client, "ada", "x"))) == 1
    assert len(event_titles(chart_of(client, "ada", "facebook"))) == 2
    assert event_titles(chart_of(client, "bob", "facebook")) == []


def test_event_is_listed_under_the_chart_and_in_its_table(client, platforms):
    influencer_on("ada", [platforms["x"]])
    Event.objects.create(
        happened_on=RENAMED, kind=EventKind.RENAME, label="Twitter devient X",
        url="https://example.com/x", platform=platforms["x"],
    )  # fmt: skip
    chart = chart_of(client, "ada", "x")
    link = chart.select_one(".chart__events a")
    assert link["href"] == "https://example.com/x" and link.string == "Twitter devient X"
    rows = [row.get_text(" ", strip=True) for row in chart.select("details tbody tr")]
    event_rows = [row for row in rows if "Événement" in row]
    assert event_rows == ["10 mars 2024 — Événement 1 (changement de nom) : Twitter devient X"]
    assert rows.index(event_rows[0]) not in (0, len(rows) - 1), "in date order among the points"


def test_event_outside_the_plotted_dates_is_left_off_the_chart(client, platforms):
    influencer_on("ada", [platforms["x"]])
    Event.objects.create(
        happened_on=datetime.date(2010, 1, 1), label="Trop tôt", platform=platforms["x"]
    )
    assert event_titles(chart_of(client, "ada", "x")) == []


def test_comparison_chart_lists_a_platform_event_once(client, platforms):
    influencer_on("ada", [platforms["x"]])
    influencer_on("bob", [platforms["x"]])
    Event.objects.create(happened_on=RENAMED, label="Twitter devient X", platform=platforms["x"])
    soup = BeautifulSoup(client.get("/influenceurs/comparer/?i=ada&i=bob").content, "html.parser")
    assert len(soup.select("svg .chart__event")) == 1


def test_exports_list_the_events_after_the_snapshots(client, platforms):
    ada = influencer_on("ada", platforms.values())
    Event.objects.create(happened_on=RENAMED, kind=EventKind.RENAME, label="Twitter devient X",
                         url="https://example.com/x", platform=platforms["x"])  # fmt: skip
    Event.objects.create(happened_on=END, kind=EventKind.MISSION, label="Départ", influencer=ada)
    response = client.get("/influenceurs/ada/abonnes.csv")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    events = [row for row in rows if row["record"] == "event"]
    assert rows[-2:] == events
    assert [(row["date"], row["platform"], row["source"], row["note"], row["followers"])
            for row in events] == [
        ("2024-03-10", "x", "rename", "Twitter devient X", ""),
        ("2024-03-31", "", "mission", "Départ", ""),
    ]  # fmt: skip
    document = json.loads(
        b"".join(client.get("/influenceurs/ada/abonnes.json?plateforme=facebook").streaming_content)
    )
    assert [event["label"] for event in document["events"]] == ["Départ"], "X's event left out"


def test_an_event_has_exactly_one_scope_in_the_database(platforms):
    influencer = factories.make_influencer()
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(
            happened_on=END, label="Deux", influencer=influencer, platform=platforms["x"]
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(happened_on=END, label="Aucun")


def test_admin_explains_a_missing_scope_and_a_bad_link(client, editor_user, platforms):
    client.force_login(editor_user)
    response = client.post(
        "/admin/influencers/event/add/",
        {"happened_on": "2024-03-10", "kind": "rename", "label": "Twitter devient X",
         "url": "javascript:alert(1)"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Choisissez un seul des trois" in response.text
    assert "Saisissez une URL valide." in response.text
    assert not Event.objects.exists()


@pytest.mark.parametrize(
    ("role", "allowed"), [("editor_user", True), ("data_user", True), ("author_user", False)]
)
def test_editors_and_data_staff_record_events_authors_cannot(
    client, request, platforms, role, allowed
):
    user = request.getfixturevalue(role)
    client.force_login(user)
    response = client.post(
        "/admin/influencers/event/add/",
        {"happened_on": "2024-03-10", "kind": "rename", "label": "Twitter devient X",
         "platform": platforms["x"].pk},
    )  # fmt: skip
    assert response.status_code == (302 if allowed else 403)
    assert Event.objects.filter(created_by=user).exists() is allowed


def test_influencer_page_queries_do_not_grow_with_events(client, platforms):
    ada = influencer_on("ada", platforms.values())

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/influenceurs/ada/").status_code == 200
        return len(queries)

    before = count()
    for offset in range(6):
        day = END - datetime.timedelta(days=offset * 5)
        Event.objects.create(happened_on=day, label=f"Plateforme {offset}", platform=platforms["x"])
        Event.objects.create(happened_on=day, label=f"Influenceur {offset}", influencer=ada)
    assert count() == before


def test_the_embeddable_chart_marks_the_events_too(client, platforms):
    influencer_on("ada", platforms.values())
    Event.objects.create(
        happened_on=RENAMED,
        kind=EventKind.RENAME,
        label="Twitter devient X",
        platform=platforms["x"],
    )
    x_chart = client.get("/influenceurs/ada/x.svg").content.decode()
    facebook_chart = client.get("/influenceurs/ada/facebook.svg").content.decode()
    assert "<title>Changement de nom : Twitter devient X (10 mars 2024)</title>" in x_chart
    assert "Twitter devient X" not in facebook_chart
