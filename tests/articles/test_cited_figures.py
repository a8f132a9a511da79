"""Cited figures: traceable to a snapshot, refused in the admin when there is none."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup

from articles.models import Article, CitedFigure
from tests import factories

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"
DAY = datetime.date(2019, 2, 14)


def form_defaults(html):
    """Every field of the admin form with its initial value, management forms included."""
    form = BeautifulSoup(html, "html.parser").select_one("form#article_form")
    data = {}
    for field in form.select("input[name], textarea[name], select[name]"):
        kind = field.get("type", "")
        if kind in ("checkbox", "radio") and not field.has_attr("checked"):
            continue
        if kind in ("submit", "file"):
            continue
        if field.name == "select":
            chosen = field.select("option[selected]") or field.select("option")[:1]
            if field.has_attr("multiple"):
                chosen = field.select("option[selected]")
                if not chosen:
                    continue
            data[field["name"]] = [option["value"] for option in chosen] or ""
        else:
            data[field["name"]] = field.get("value", field.text if field.name == "textarea" else "")
    return data


def post_article_citing(client, account, cited_on):
    data = form_defaults(client.get(ADD_URL).text)
    data.update(
        {
            "title": "Pesquet en orbite",
            "slug": "pesquet-en-orbite",
            "body": "<p>Un texte.</p>",
            "status": Article.Status.DRAFT,
            "cited_figures-0-account": account.pk,
            "cited_figures-0-cited_on": cited_on.isoformat(),
            "cited_figures-0-position": "0",
        }
    )
    return client.post(ADD_URL, data)


@pytest.fixture
def account():
    account = factories.make_account()
    factories.make_snapshot(account, recorded_on=DAY, followers=1_500_000)
    return account


def test_citing_a_date_before_any_snapshot_is_a_form_error(client, editor_user, account):
    client.force_login(editor_user)
    response = post_article_citing(client, account, DAY - datetime.timedelta(days=1))
    assert response.status_code == 200
    errors = BeautifulSoup(response.text, "html.parser").select(".errorlist")
    assert any("Aucun relevé d'abonnés pour" in error.get_text() for error in errors)
    assert not Article.objects.exists()
    assert not CitedFigure.objects.exists()


def test_citing_a_later_date_takes_the_latest_snapshot_before_it(client, editor_user, account):
    client.force_login(editor_user)
    response = post_article_citing(client, account, DAY + datetime.timedelta(days=10))
    assert response.status_code == 302
    figure = CitedFigure.objects.get()
    assert (figure.snapshot.recorded_on, figure.snapshot.followers) == (DAY, 1_500_000)


def test_article_prints_the_cited_figure_next_to_todays(client, account):
    factories.make_snapshot(
        account, recorded_on=DAY + datetime.timedelta(days=30), followers=1_600_000
    )
    article = factories.make_article()
    article.cited_figures.create(account=account, cited_on=DAY)
    text = re.sub(r"[\u00a0\u202f]", " ", client.get(article.get_absolute_url()).text)
    assert "<strong>1 500 000</strong>" in text
    assert "14 février 2019" in text
    assert "Aujourd'hui : 1 600 000 (+100 000 depuis" in re.sub(r"\s+", " ", text)
