"""An editor shares a draft with someone who has no account, then takes the link back."""

from playwright.sync_api import expect

from articles.models import Article, ShareLink
from tests import factories
from tests.browser.conftest import close_when_idle, log_in

TITLE = "Samantha Cristoforetti, l'orbite en vidéo"


def test_shared_draft_opens_without_account_until_the_link_is_revoked(
    browser, page, browser_log, editor, live_server
):
    draft = factories.make_article(
        status=Article.Status.DRAFT,
        title=TITLE,
        slug="cristoforetti-en-video",
        body="<p>Une version que seuls les relecteurs invités voient.</p>",
    )
    log_in(page, editor)
    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    page.locator("#share_links-group .add-row a").click()
    page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
    expect(page.locator(".messagelist")).to_contain_text("avec succès")
    path = ShareLink.objects.get(article=draft).get_absolute_url()
    expect(page.locator("#share_links-group code")).to_contain_text(path)

    # A fresh context: no session, no cookie, as the person the address was sent to.
    guest = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    guest_errors = []
    guest.on(
        "console", lambda message: message.type == "error" and guest_errors.append(message.text)
    )
    try:
        guest.goto(path)
        expect(guest.get_by_role("heading", level=1)).to_have_text(TITLE)
        expect(guest.get_by_role("status")).to_contain_text("Aperçu")
        expect(guest.locator(".prose")).to_contain_text("seuls les relecteurs invités")

        page.get_by_label("Révoqué (1)").check()
        page.get_by_role("button", name="Enregistrer et continuer les modifications").click()
        expect(page.locator(".messagelist")).to_contain_text("avec succès")

        response = guest.goto(path)
        assert response.status == 410
        expect(guest.get_by_role("heading", level=1)).to_have_text("Ce lien d'aperçu a été retiré")
        expect(guest.locator("main")).not_to_contain_text(TITLE)
        # Chromium logs the 410 itself; anything else (CSP, script) would be a fault.
        assert [error for error in guest_errors if "status of 410" not in error] == []
    finally:
        close_when_idle(guest.context)
    assert browser_log.page_errors == [] and browser_log.dialogs == []
