"""The article form as a place to write, in Chromium at desktop and phone widths."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import log_in

WIDTHS = {"bureau": (1280, 800), "téléphone": (390, 844)}
PARAGRAPH = "Paragraphe sur les abonnés de l'astronaute."  # 6 words


def body_editor(page):
    return page.get_by_role("textbox", name="Texte", exact=True)


def box(locator):
    return locator.bounding_box()


@pytest.mark.parametrize("device", WIDTHS)
def test_the_editor_has_room_grows_and_keeps_its_toolbar_in_view(page, browser_log, editor, device):
    width, height = WIDTHS[device]
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, editor)
    page.goto("/admin/articles/article/add/")
    editor_area = body_editor(page)
    empty_height = box(editor_area)["height"]
    assert empty_height >= min(0.6 * height, 500)

    editor_area.click()
    for _ in range(40):
        page.keyboard.type(PARAGRAPH)
        page.keyboard.press("Enter")
    assert box(editor_area)["height"] > 2 * empty_height  # grew with the text
    # 40 paragraphs of 6 words, at 220 words a minute.
    expect(page.locator("#body-stats")).to_have_text("240 mots · lecture : 2 min")

    # Typing at the end of a long text: the editor's top is far above, its toolbar is not.
    assert box(editor_area)["y"] < -500
    toolbar = page.locator(".field-body .prose-menubar")
    assert 0 <= box(toolbar)["y"] < 5
    expect(toolbar.get_by_role("button").first).to_be_in_viewport()
    page.keyboard.press("Control+b")  # the toolbar still follows the selection
    expect(toolbar.locator(".prose-menubar__button.active")).to_have_count(1)

    assert page.evaluate("document.documentElement.scrollWidth") <= width
    browser_log.assert_clean()


def test_writing_comes_first_and_the_rest_is_folded(page, browser_log, editor):
    log_in(page, editor)
    page.goto("/admin/articles/article/add/")
    visible_labels = page.locator("#article_form fieldset:first-of-type label:visible")
    expect(visible_labels).to_have_text(["Titre :", "Chapô :", "Texte :"])
    sections = page.locator("#article_form fieldset.collapse > details > summary")
    expect(sections).to_have_text(["Publication", "Illustration", "Classement", "Référencement"])
    for summary in sections.all():
        expect(summary.locator("xpath=..")).not_to_have_attribute("open", "")
    browser_log.assert_clean()


def test_the_slug_follows_the_title_until_edited(page, browser_log, editor):
    log_in(page, editor)
    page.goto("/admin/articles/article/add/")
    title = page.get_by_label("Titre :", exact=True)
    title.fill("Pesquet revient sur Terre")
    page.get_by_text("Publication", exact=True).click()
    slug = page.get_by_label("Slug :", exact=True)
    expect(slug).to_have_value("pesquet-revient-sur-terre")
    words = page.locator("#body-stats")
    page.get_by_label("Chapô :", exact=True).fill("Six mois dans l'espace, et après ?")
    expect(words).to_have_text("7 mots · lecture : 1 min")

    slug.fill("retour-de-pesquet")
    title.fill("Pesquet revient sur Terre, et en ligne")
    expect(slug).to_have_value("retour-de-pesquet")
    browser_log.assert_clean()
