"""The admin home as a dashboard: each person sees what is theirs to do, in fixed queries.

Rédacteurs: their own drafts, scheduled and published articles. Éditeurs: their drafts,
the review queue, and every scheduled and recently published article. Data staff: the
accounts due for an update. Superusers: all of it.
"""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

ARTICLE_SECTIONS = ["Mes brouillons", "Programmés", "Publiés récemment"]


def dashboard(client, user):
    """{section caption: [row text…]} as the admin home shows them to `user`."""
    client.force_login(user)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    return {
        table.caption.get_text(strip=True): [
            row.get_text(" ", strip=True) for row in table.tbody.find_all("tr")
        ]
        for table in soup.select(".editorial-dashboard table")
    }


def in_days(days):
    return timezone.now() + datetime.timedelta(days=days)


@pytest.fixture
def newsroom(author_user):
    """The author's draft and article in review, a colleague's draft and review, a
    colleague's scheduled article and the author's own scheduled one."""
    draft, review = Article.Status.DRAFT, Article.Status.REVIEW
    mine = {"created_by": author_user}
    return {
        "my_draft": factories.make_article(status=draft, title="Mon brouillon", **mine),
        "my_review": factories.make_article(status=review, title="Ma relecture", **mine),
        "their_draft": factories.make_article(status=draft, title="Son brouillon"),
        "their_review": factories.make_article(status=review, title="Sa relecture"),
        "their_scheduled": factories.make_article(published_at=in_days(3), title="Son programme"),
        "my_scheduled": factories.make_article(published_at=in_days(1), title="Mon programme",
                                               **mine),
    }  # fmt: skip


def test_authors_see_their_own_work_only(client, author_user, newsroom):
    sections = dashboard(client, author_user)
    assert list(sections) == ARTICLE_SECTIONS  # no review queue, no accounts
    drafts = sections["Mes brouillons"]
    assert [row.split(" (")[0] for row in drafts] == ["Ma relecture", "Mon brouillon"]
    assert "(en relecture)" in drafts[0] and "(brouillon)" in drafts[1]
    assert [row.split(" paraîtra")[0] for row in sections["Programmés"]] == ["Mon programme"]


def test_editors_see_the_review_queue_and_every_scheduled_date(client, editor_user, newsroom):
    newsroom["their_scheduled"].published_at = datetime.datetime(
        2031, 3, 14, 8, 30, tzinfo=datetime.UTC
    )
    newsroom["their_scheduled"].save()
    sections = dashboard(client, editor_user)
    assert list(sections) == [
        "Mes brouillons", "En attente de relecture", "Programmés", "Publiés récemment",
    ]  # fmt: skip
    assert sections["Mes brouillons"] == ["Aucun brouillon en cours."]
    assert [row.split(" modifié")[0] for row in sections["En attente de relecture"]] == [
        "Ma relecture",
        "Sa relecture",
    ]
    # Soonest first, each with its date in Paris time.
    scheduled = sections["Programmés"]
    assert scheduled[0].startswith("Mon programme paraîtra le ")
    assert scheduled[1] == "Son programme paraîtra le 14 mars 2031 à 09:30"


def test_recently_published_shows_the_latest_public_articles(client, editor_user):
    for days_ago in range(1, 11):
        factories.make_article(title=f"Il y a {days_ago} jours", published_at=in_days(-days_ago))
    factories.make_article(status=Article.Status.DRAFT, title="Pas publié")
    recent = dashboard(client, editor_user)["Publiés récemment"]
    assert [row.split(" publié")[0] for row in recent] == [
        f"Il y a {days_ago} jours" for days_ago in range(1, 9)
    ]


def test_data_staff_see_the_accounts_due_for_an_update(client, data_user):
    fresh = factories.make_account()
    factories.make_snapshot(fresh, recorded_on=timezone.localdate())
    old = factories.make_account()
    factories.make_snapshot(old, recorded_on=datetime.date(2020, 5, 4))
    never = factories.make_account()
    factories.make_account(is_active=False)
    sections = dashboard(client, data_user)
    assert list(sections) == ["Comptes à mettre à jour (2)"]  # no article sections
    assert sections["Comptes à mettre à jour (2)"] == [
        f"{never.influencer.name} — {never.platform.name} jamais relevé",
        f"{old.influencer.name} — {old.platform.name} relevé le 4 mai 2020",
    ]


def test_a_long_queue_of_stale_accounts_links_to_the_staleness_screen(client, data_user):
    for _ in range(9):
        factories.make_account()
    client.force_login(data_user)
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    more = soup.select_one("#stale-accounts .dashboard-more a")
    assert more["href"] == reverse("admin:influencers_followersnapshot_stale")
    assert more.text == "Voir les 9 comptes à mettre à jour"
    assert len(soup.select("#stale-accounts tbody tr")) == 8


def test_superusers_see_every_section(client, superuser, newsroom):
    factories.make_account()
    assert list(dashboard(client, superuser)) == [
        "Mes brouillons", "En attente de relecture", "Programmés", "Publiés récemment",
        "Comptes à mettre à jour (1)",
    ]  # fmt: skip


def test_data_staff_are_pointed_to_the_figures_to_review(client, data_user):
    client.force_login(data_user)
    review_list = reverse("admin:influencers_followersnapshot_review_list")
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    assert soup.select_one(f'.editorial-dashboard a[href="{review_list}"]') is not None


def _fill(author_user, count):
    for number in range(count):
        mine = {"created_by": author_user}
        factories.make_article(status=Article.Status.DRAFT, **mine)
        factories.make_article(status=Article.Status.REVIEW, **mine)
        factories.make_article(published_at=in_days(number + 1), **mine)
        factories.make_article(published_at=in_days(-number - 1), **mine)
        factories.make_account()


@pytest.mark.parametrize(
    ("role", "queries"),
    [("author_user", 7), ("editor_user", 8), ("data_user", 7), ("superuser", 9)],
)
def test_the_dashboard_costs_the_same_few_queries_however_much_there_is(
    client, django_assert_num_queries, request, author_user, role, queries
):
    """One query per section (two for the accounts: the list and the count), never one
    per article or account; the rest is the admin's own (session, user, permissions)."""
    user = request.getfixturevalue(role)
    client.force_login(user)
    _fill(author_user, 1)
    with django_assert_num_queries(queries):
        client.get("/admin/")
    _fill(author_user, 12)
    with django_assert_num_queries(queries):
        client.get("/admin/")
