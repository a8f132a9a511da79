"""An editor writes and publishes an article in the admin; a reader then finds it
everywhere a reader looks: the home page, its tag page, search and the RSS feed."""

import re

import feedparser
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from articles.models import Article
from tests.browser.conftest import close_when_idle, log_in

TITLE = "Pesquet, retour sur Terre et sur les réseaux"
TAG = "Bilan orbital"


def choose_in_autocomplete(page, select_id, typed, option):
    """Pick an option in one of the admin's select2 autocompletes, as a person does."""
    page.locator(f"#{select_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(typed)
    page.locator(".select2-results__option", has_text=option).first.click()


def write_article(page, cover_path):
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Titre :", exact=True).fill(TITLE)
    page.get_by_label("Chapô :", exact=True).fill("Ce que disent ses abonnés depuis son retour.")
    # Everything but the writing is folded away: open the sections as a person does.
    for section in ("Publication", "Illustration", "Classement"):
        page.locator("summary", has_text=section).click()
    # prepopulate.js filled the slug when the title changed: admin JavaScript runs under the CSP.
    expect(page.get_by_label("Slug :", exact=True)).to_have_value(
        "pesquet-retour-sur-terre-et-sur-les-reseaux"
    )

    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("Le compte Facebook de l'astronaute a ")
    page.keyboard.press("Control+b")
    page.keyboard.type("encore grandi")
    page.keyboard.press("Control+b")
    page.keyboard.type(" depuis son atterrissage.")

    page.locator("#id_cover").set_input_files(cover_path)
    page.get_by_label("Texte alternatif de l'image :", exact=True).fill(
        "La Terre vue de la Station"
    )

    choose_in_autocomplete(page, "id_authors", "Claudie", "Claudie Haigneré")
    page.get_by_label("Étiquettes :", exact=True).fill(f'"{TAG}", astronautes')
    choose_in_autocomplete(page, "id_influencers", "Pesquet", "Thomas Pesquet")

    choose_in_autocomplete(
        page, "id_cited_figures-0-account", "Pesquet", "Thomas Pesquet — Facebook"
    )
    page.locator("#id_cited_figures-0-cited_on").fill(timezone.localdate().strftime("%d/%m/%Y"))

    page.get_by_label("Statut :", exact=True).select_option(label="publié")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("a été ajouté avec succès")


def test_editor_publishes_an_article_that_readers_find_everywhere(
    browser, page, browser_log, editor, demo_data, live_server, tmp_path
):
    cover_path = tmp_path / "terre.png"
    Image.new("RGB", (1200, 675), (20, 60, 140)).save(cover_path)

    log_in(page, editor)
    write_article(page, cover_path)
    # CSP reports on the admin are the business of test_security_headers.py.
    assert browser_log.page_errors == [] and browser_log.dialogs == []
    article = Article.objects.get(title=TITLE)
    assert article.is_public
    assert re.search(r"<strong>\s*encore grandi</strong>", article.body), article.body

    reader = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    try:
        reader.goto("/")
        reader.get_by_role("link", name=TITLE).first.click()
        expect(reader.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(reader.locator(".prose strong")).to_have_text("encore grandi")
        cover = reader.get_by_role("img", name="La Terre vue de la Station")
        expect(cover).to_be_visible()
        # decode() waits for the picture's chosen rendition and fails if it is broken.
        assert cover.evaluate("img => img.decode().then(() => img.naturalWidth)") > 0
        figures = reader.locator(".figures")
        expect(figures).to_contain_text("Thomas Pesquet")
        expect(figures).to_contain_text("Facebook")
        expect(reader.locator("main")).to_contain_text("Claudie Haigneré")

        reader.get_by_role("link", name=TAG).first.click()
        expect(reader).to_have_url(re.compile(r"/tags/bilan-orbital/$"))
        expect(reader.get_by_role("link", name=TITLE)).to_be_visible()

        search = reader.get_by_role("search").first
        search.get_by_role("searchbox").fill("atterrissage")
        search.get_by_role("button").click()
        expect(reader).to_have_url(re.compile(r"/recherche/\?q=atterrissage"))
        expect(reader.get_by_role("link", name=TITLE)).to_be_visible()

        feed = feedparser.parse(reader.request.get("/feed/").body())
        assert TITLE in [entry.title for entry in feed.entries]
        tag_feed = feedparser.parse(reader.request.get("/tags/bilan-orbital/feed/").body())
        assert [entry.title for entry in tag_feed.entries] == [TITLE]
    finally:
        close_when_idle(reader.context)
