"""No lost work: the browser keeps the text being written and offers it back."""

import re

from playwright.sync_api import expect

from articles.models import Article
from tests import factories
from tests.browser.conftest import log_in
from tests.quality.axe import axe_violations, describe

KEPT = "agency:article-draft:{}"
TITLE = "Pesquet, le retour"


def body_editor(page):
    return page.get_by_role("textbox", name="Texte", exact=True)


def kept_draft(page, key):
    return page.evaluate("key => localStorage.getItem(key)", KEPT.format(key))


def wait_until_kept(page, key, text):
    page.wait_for_function(
        "([key, text]) => (localStorage.getItem(key) || '').includes(text)",
        arg=[KEPT.format(key), text],
    )


def restore_prompt(page):
    return page.get_by_role("region", name="Texte non enregistré retrouvé")


def test_text_typed_before_a_crash_is_restored_then_forgotten_once_saved(
    page, browser_context, browser_log, editor
):
    writing = browser_context.new_page()
    log_in(writing, editor)
    writing.goto("/admin/articles/article/add/")
    expect(restore_prompt(writing)).to_be_hidden()
    writing.get_by_label("Titre :", exact=True).fill(TITLE)
    body_editor(writing).click()
    writing.keyboard.type("Il a touché terre au Kazakhstan.")
    wait_until_kept(writing, "new", "Kazakhstan")
    writing.close()  # the tab is closed (or crashes): nothing was saved

    reopened = page  # another tab of the same browser profile, its console recorded
    reopened.goto("/admin/articles/article/add/")
    prompt = restore_prompt(reopened)
    expect(prompt).to_be_visible()
    # Focus moves to the offer's first button, described by the offer: read out in full.
    restore = prompt.get_by_role("button", name="Restaurer")
    expect(restore).to_be_focused()
    expect(restore).to_have_accessible_description(re.compile("^Ce navigateur a gardé le titre"))
    expect(body_editor(reopened)).to_have_text("")
    expect(prompt.get_by_text("enregistré depuis", exact=False)).to_be_hidden()  # nothing newer
    restore.click()
    expect(prompt).to_be_hidden()
    expect(body_editor(reopened)).to_have_text("Il a touché terre au Kazakhstan.")
    expect(reopened.get_by_label("Titre :", exact=True)).to_have_value(TITLE)
    expect(reopened.get_by_label("Slug :", exact=True)).to_have_value("pesquet-le-retour")

    reopened.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(reopened.locator(".messagelist .success")).to_be_visible()
    article = Article.objects.get(title=TITLE)
    assert "Kazakhstan" in article.body
    assert kept_draft(reopened, "new") is None  # forgotten once the admin confirmed the save
    reopened.goto("/admin/articles/article/add/")
    expect(restore_prompt(reopened)).to_be_hidden()
    browser_log.assert_clean()  # no CSP report, no JavaScript error


def test_text_older_than_the_last_save_is_flagged_and_ignoring_forgets_it(
    page, browser_context, browser_log, editor
):
    article = factories.make_article(
        status=Article.Status.DRAFT, body="<p>Version enregistrée.</p>"
    )
    writing = browser_context.new_page()
    log_in(writing, editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    writing.goto(url)
    body_editor(writing).click()
    writing.keyboard.press("End")
    writing.keyboard.type(" Ajout perdu.")
    wait_until_kept(writing, article.pk, "Ajout perdu")
    writing.close()
    article.standfirst = "Changé par un collègue entre-temps."
    article.save()
    page.goto(url)

    prompt = restore_prompt(page)
    expect(prompt).to_be_visible()
    expect(prompt.locator("time")).to_have_attribute("datetime", re.compile(r"^20\d\d-"))
    assert describe(axe_violations(page)) == ""
    expect(prompt.get_by_text("L'article a été enregistré depuis", exact=False)).to_be_visible()
    prompt.get_by_role("button", name="Ignorer").click()
    expect(prompt).to_be_hidden()
    expect(body_editor(page)).to_have_text("Version enregistrée.")
    assert kept_draft(page, article.pk) is None
    page.reload()
    expect(body_editor(page)).to_have_text("Version enregistrée.")
    expect(restore_prompt(page)).to_be_hidden()
    browser_log.assert_clean()


def test_leaving_with_unsaved_changes_asks_first(page, browser_log, editor):
    article = factories.make_article(status=Article.Status.DRAFT, body="<p>Début.</p>")
    log_in(page, editor)
    url = f"/admin/articles/article/{article.pk}/change/"
    page.goto(url)
    page.get_by_role("link", name="Articles", exact=True).first.click()  # nothing typed: leaves
    expect(page).to_have_url(re.compile(r"/admin/articles/$"))
    assert browser_log.dialogs == []

    page.goto(url)
    body_editor(page).click()
    page.keyboard.type("Suite ")
    page.get_by_role("link", name="Articles", exact=True).first.click()
    page.wait_for_timeout(300)
    assert browser_log.dialogs == ["beforeunload: "]
    assert page.url.endswith(url)  # the question was answered "stay"
    assert browser_log.console_errors == [] and browser_log.page_errors == []


def test_a_refused_save_keeps_the_text(page, browser_log, editor):
    article = factories.make_article(status=Article.Status.DRAFT, body="<p>Début.</p>")
    log_in(page, editor)
    page.goto(f"/admin/articles/article/{article.pk}/change/")
    page.get_by_label("Titre :", exact=True).fill("")  # required: the admin refuses the save
    body_editor(page).click()
    page.keyboard.type("Texte à ne pas perdre. ")
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".errornote")).to_be_visible()
    assert "Texte à ne pas perdre" in kept_draft(page, article.pk)
    expect(restore_prompt(page)).to_be_hidden()  # the form shows that text already
    browser_log.assert_clean()
