"""A reader finds their way by following links, not by typing URLs."""

import re

from playwright.sync_api import expect

ARTICLE_TITLE = "Thomas Pesquet, l'influenceur venu de l'orbite"


def test_reader_goes_from_home_to_article_to_influencer_to_platform_ranking(
    page, browser_log, demo_data
):
    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Influence, chiffres à l'appui")

    page.get_by_role("link", name=ARTICLE_TITLE).first.click()
    expect(page).to_have_url(re.compile(r"/articles/thomas-pesquet-influenceur-en-orbite/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(ARTICLE_TITLE)
    expect(page.get_by_text("Les chiffres cités")).to_be_visible()

    page.locator("main").get_by_role("link", name="Thomas Pesquet", exact=True).first.click()
    expect(page).to_have_url(re.compile(r"/influenceurs/thomas-pesquet/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Thomas Pesquet")

    page.get_by_role("table").first.get_by_role("link", name=re.compile("Facebook")).click()
    expect(page).to_have_url(re.compile(r"/plateformes/facebook/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Classement Facebook")
    ranked = page.locator("table tbody th[scope=row]")
    # The demo's fictional photographer has a far smaller Facebook audience.
    expect(ranked).to_have_text(["Thomas Pesquet", "Samantha Cristoforetti", "Inès Cartographe"])

    browser_log.assert_clean()


def test_reader_moves_between_sections_with_the_main_navigation(page, browser_log, demo_data):
    page.goto("/")
    navigation = page.get_by_role("navigation", name="Navigation principale")
    navigation.get_by_role("link", name="Influenceurs").click()
    expect(page).to_have_url(re.compile(r"/influenceurs/$"))
    expect(navigation.get_by_role("link", name="Influenceurs")).to_have_attribute(
        "aria-current", "page"
    )
    page.get_by_role("link", name="Samantha Cristoforetti").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Samantha Cristoforetti")

    navigation.get_by_role("link", name="Articles").click()
    expect(page).to_have_url(re.compile(r"/$"))
    browser_log.assert_clean()


def test_keyboard_user_can_skip_to_the_content(page, demo_data):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Aller au contenu")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"#contenu$"))
