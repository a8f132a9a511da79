"""Long reads: reading time on cards and pages, a table of contents with stable anchors."""

import re

import pytest
from bs4 import BeautifulSoup
from django.conf import settings

from articles.models import LONG_READ_MINUTES, Article
from articles.reading import ANCHOR_PREFIX
from tests import factories

pytestmark = pytest.mark.django_db

PARAGRAPH = "<p>" + " ".join(["orbite"] * 300) + "</p>"


def long_body(*headings):
    """A body of about 300 words per section, one section per h2 (or "h3:" heading)."""
    parts = []
    for heading in headings:
        level, _, text = heading.rpartition(":")
        parts.append(f"<{level or 'h2'}>{text}</{level or 'h2'}>{PARAGRAPH}")
    return "".join(parts)


def anchors(page):
    return re.findall(r'<h[23] id="([^"]+)">', page)


def test_word_count_is_stored_on_save_and_gives_the_reading_time():
    article = factories.make_article(standfirst="Deux mots", body=PARAGRAPH * 3)
    assert Article.objects.get(pk=article.pk).word_count == 902
    assert article.reading_minutes == 5  # 902 words at 220 a minute, rounded up


def test_publishing_with_the_action_recounts_words(client, editor_user):
    article = factories.make_article(status=Article.Status.DRAFT, body="<p>court</p>")
    Article.objects.filter(pk=article.pk).update(body=PARAGRAPH, word_count=0)
    client.force_login(editor_user)
    client.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.is_public
    assert article.word_count == 300


def test_cards_and_article_show_the_reading_time(client):
    article = factories.make_article(title="Long format", body=PARAGRAPH * 4)
    assert "6 min de lecture" in client.get("/").text
    assert "6 min de lecture" in client.get(article.get_absolute_url()).text


def test_long_article_has_a_table_of_contents_linking_to_its_headings(client):
    body = long_body("Le décollage", "h3:Les premières heures", "L'orbite", "Le retour")
    article = factories.make_article(body=body)
    page = client.get(article.get_absolute_url()).text
    toc = re.search(r'<nav class="toc" aria-label="Sommaire">.*?</nav>', page, re.DOTALL)[0]
    assert anchors(page) == [
        "section-le-decollage", "section-les-premieres-heures", "section-lorbite",
        "section-le-retour",
    ]  # fmt: skip
    for anchor in anchors(page):
        assert f'href="#{anchor}"' in toc
    # The h3 is nested under its section.
    assert re.search(r"Le décollage</a>\s*<ol><li><a href=\"#section-les-premieres-heures\">", toc)


def test_anchors_survive_edits_of_other_sections(client):
    article = factories.make_article(body=long_body("Un", "Deux", "Trois"))
    before = anchors(client.get(article.get_absolute_url()).text)
    article.body = long_body("Un", "Deux, réécrit", "Trois").replace("orbite", "lune", 10)
    article.save()
    after = anchors(client.get(article.get_absolute_url()).text)
    assert (before[0], before[2]) == (after[0], after[2]) == ("section-un", "section-trois")
    assert after[1] == "section-deux-reecrit"


def test_repeated_headings_get_distinct_anchors(client):
    article = factories.make_article(body=long_body("Bilan", "Bilan", "Bilan 2", "", "2"))
    page = client.get(article.get_absolute_url()).text
    assert anchors(page) == [
        "section-bilan", "section-bilan-2", "section-bilan-2-2", "section", "section-2",
    ]  # fmt: skip


def test_short_article_has_no_table_of_contents(client):
    article = factories.make_article(
        body="<h2>Seul titre</h2><p>Bref.</p><h2>Autre</h2><h2>Fin</h2>"
    )
    page = client.get(article.get_absolute_url()).text
    assert 'class="toc"' not in page
    assert "<h2>Seul titre</h2>" in page


def test_long_article_with_few_headings_has_no_table_of_contents(client):
    article = factories.make_article(body=long_body("Début", "Fin") + PARAGRAPH * 2)
    assert article.reading_minutes >= LONG_READ_MINUTES  # long enough: only headings lack
    assert 'class="toc"' not in client.get(article.get_absolute_url()).text

    article.body = long_body("Début", "Milieu", "Fin") + PARAGRAPH
    article.save()  # the same length with one heading more has one
    assert 'class="toc"' in client.get(article.get_absolute_url()).text


def ids_in(page):
    return [tag["id"] for tag in BeautifulSoup(page, "html.parser").find_all(id=True)]


def template_ids():
    """Every literal id written in a template (those built from variables are left out)."""
    found = set()
    for folder in [settings.BASE_DIR / "templates", *settings.BASE_DIR.glob("*/templates")]:
        for path in folder.rglob("*.html"):
            found |= set(re.findall(r'\bid="([^"{}%]+)"', path.read_text(encoding="utf-8")))
    return found


def test_headings_never_take_an_id_the_page_uses(client):
    """An h3 « pied-email » took the id of the footer's e-mail field on every article page:
    heading anchors live in their own namespace, whatever the page around them holds."""
    account = factories.make_account()
    factories.make_snapshot(account)
    article = factories.make_article(slug="long")
    article.influencers.add(account.influencer)
    article.cited_figures.create(account=account, cited_on=account.snapshots.get().recorded_on)
    factories.make_article(tags=["Espace"])
    article.tags.add("Espace")  # « À lire aussi »
    taken = set(ids_in(client.get("/articles/long/").text)) | template_ids()
    headings = sorted(taken) + [f"h3:{name}" for name in sorted(taken)]
    article.body = long_body(*headings)
    article.save()

    page = client.get("/articles/long/").text
    ids = ids_in(page)
    assert not [name for name in taken if name.startswith(ANCHOR_PREFIX)], "the namespace is free"
    prose = BeautifulSoup(page, "html.parser").select_one(".prose")
    assert "pied-email" in ids and len(prose.select("h2[id], h3[id]")) == len(headings)
    assert [name for name in set(ids) if ids.count(name) > 1] == []
