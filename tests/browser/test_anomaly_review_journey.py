"""Data staff review the demo's unexplained spike; readers then see the event on the chart."""

import re

from playwright.sync_api import expect

from influencers.models import Event, FollowerSnapshot, ReviewStatus
from tests.browser.conftest import close_when_idle, log_in


def tiktok_chart(page):
    heading = page.get_by_role("heading", level=3, name=re.compile("TikTok"))
    return page.locator("section.chart-block", has=heading)


def test_data_staff_confirm_a_spike_with_an_event_and_readers_see_it(
    browser, page, browser_log, data_staff, demo_data, live_server
):
    spike = FollowerSnapshot.objects.to_review().get()
    reader = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    try:
        # Before the review, readers see the count flagged on the chart.
        reader.goto("/influenceurs/margot-lune/")
        expect(tiktok_chart(reader).locator("svg .chart__to-verify")).to_have_count(1)
        expect(tiktok_chart(reader).locator(".chart__legend")).to_contain_text("à vérifier")

        log_in(page, data_staff)
        page.get_by_role("link", name=re.compile("Relevés d.abonnés")).first.click()
        page.get_by_role("link", name="Anomalies à vérifier").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Anomalies à vérifier")
        row = page.locator("#result_list tbody tr", has_text="Margot Lune — TikTok")
        row.get_by_role("link", name="Vérifier le relevé du 17/09/2025").click()

        expect(page.locator("#review-context")).to_contain_text("à vérifier")
        page.get_by_label("Le chiffre est juste : le confirmer").check()
        page.get_by_label("Explication du nouvel événement").fill(
            "Vidéo virale sur Saturne (fictif)"
        )
        page.get_by_role("button", name="Enregistrer la vérification").click()

        expect(page.locator(".messagelist")).to_contain_text("Relevé confirmé")
        expect(page.locator("#result_list")).to_contain_text("Aucune anomalie à vérifier.")
        spike.refresh_from_db()
        assert spike.review == ReviewStatus.CONFIRMED and spike.reviewed_by == data_staff
        assert spike.explained_by == Event.objects.get(label="Vidéo virale sur Saturne (fictif)")

        # A reader now finds the event marked and listed on that chart, nothing to verify.
        reader.goto("/influenceurs/margot-lune/")
        chart = tiktok_chart(reader)
        expect(chart.locator("svg .chart__to-verify")).to_have_count(0)
        expect(chart.locator(".chart__events")).to_contain_text("Vidéo virale sur Saturne (fictif)")
        marks = chart.locator("svg .chart__event title")
        expect(marks).to_contain_text([re.compile("Vidéo virale sur Saturne")])
        assert browser_log.page_errors == [] and browser_log.dialogs == []
    finally:
        close_when_idle(reader.context)
