"""The checks before publishing in the change form: each warning leads to its spot."""

from playwright.sync_api import expect

from articles.models import Article
from tests import factories
from tests.browser.conftest import log_in

BODY = (
    "<p>Premier paragraphe.</p><h2>Partie</h2><h4>Trop bas</h4>"
    "<p>Le détail est <a href='https://esa.int/'>ici</a>.</p>"
)


def test_warnings_lead_to_the_body_element_and_to_the_collapsed_field(page, browser_log, editor):
    article = factories.make_article(
        status=Article.Status.DRAFT, body=BODY, seo_title="", seo_description="Une description."
    )
    log_in(page, editor)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    checks = page.get_by_role("region", name="Vérifications avant publication")
    expect(checks.get_by_role("listitem")).to_have_count(3)

    checks.get_by_role("link", name="Lien au texte vague « ici » : dites où il mène.").click()
    editor_area = page.get_by_role("textbox", name="Texte", exact=True)
    expect(editor_area).to_be_focused()
    # The vague link's words are selected, ready for a better wording.
    selected(page, "ici")
    expect(editor_area.locator("a")).to_be_in_viewport()
    checks.get_by_role("link", name="Intertitre de niveau 4", exact=False).click()
    selected(page, "Trop bas")

    seo_title = page.get_by_label("Titre SEO :", exact=True)
    expect(seo_title).to_be_hidden()  # in the collapsed "Référencement" section
    checks.get_by_role("link", name="Titre SEO manquant", exact=False).click()
    expect(seo_title).to_be_visible()
    expect(seo_title).to_be_focused()
    browser_log.assert_clean()


def selected(page, text):
    """Wait until the page's selection is `text`: the editor selects after the click
    returns, so reading it at once raced with the editor (seen failing in CI)."""
    page.wait_for_function("text => getSelection().toString() === text", arg=text, timeout=5000)
