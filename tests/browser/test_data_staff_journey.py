"""Data staff record this week's counts on the bulk entry screen; readers see them."""

import re

from django.utils import timezone
from django.utils.formats import number_format
from playwright.sync_api import expect

from influencers.models import Account, FollowerSnapshot
from tests.browser.conftest import log_in


def count_input(page, account_label):
    header = page.get_by_role("rowheader", name=account_label)
    row = page.locator("#result_list tbody tr", has=header)
    return row.get_by_role("textbox")


def french(number):
    return number_format(number, force_grouping=True)


def test_data_staff_update_counts_on_the_bulk_screen_and_readers_see_them(
    browser, page, browser_log, data_staff, demo_data, live_server
):
    facebook = Account.objects.get(influencer__slug="thomas-pesquet", platform__slug="facebook")
    x_account = Account.objects.get(influencer__slug="thomas-pesquet", platform__slug="x")
    facebook_before = facebook.snapshots.latest().followers
    x_before = x_account.snapshots.latest().followers
    today = timezone.localdate()

    log_in(page, data_staff)
    page.get_by_role("link", name=re.compile("Relevés d.abonnés")).first.click()
    page.get_by_role("link", name="Saisie groupée").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Saisie groupée")

    page.get_by_label("Influenceur").select_option(label="Thomas Pesquet")
    page.get_by_role("button", name="Filtrer").click()
    expect(page.locator("#result_list tbody th[scope=row]")).not_to_contain_text(
        ["Samantha Cristoforetti"]
    )

    # A plausible count, written the French way, and a typo (a zero too many).
    count_input(page, "Thomas Pesquet — Facebook").fill(french(facebook_before + 1200))
    count_input(page, "Thomas Pesquet — X (Twitter)").fill(str(x_before * 10))
    page.get_by_role("button", name="Enregistrer les relevés").click()

    # The typo guard stops the batch: nothing written until the values are confirmed.
    expect(page.locator(".errornote")).to_contain_text("Rien n'a été enregistré")
    expect(page.locator("#result_list .errorlist")).to_have_count(1)
    assert not FollowerSnapshot.objects.filter(recorded_on=today, account=facebook).exists()

    count_input(page, "Thomas Pesquet — X (Twitter)").fill(str(x_before + 300))
    page.get_by_role("button", name="Enregistrer les relevés").click()
    messages = page.locator(".messagelist")
    expect(messages).to_contain_text(today.strftime("%d/%m/%Y"))
    expect(messages).to_contain_text("Thomas Pesquet — Facebook")
    assert browser_log.page_errors == [] and browser_log.dialogs == []

    saved = FollowerSnapshot.objects.get(account=facebook, recorded_on=today)
    assert saved.followers == facebook_before + 1200
    assert saved.recorded_by == data_staff

    reader = browser.new_context(base_url=live_server.url, locale="fr-FR").new_page()
    try:
        reader.goto("/influenceurs/thomas-pesquet/")
        accounts_table = reader.get_by_role("table").first
        facebook_row = accounts_table.locator("tr", has=reader.get_by_role("link", name="Facebook"))
        expect(facebook_row).to_contain_text(re.compile(re.escape(french(facebook_before + 1200))))
    finally:
        reader.context.close()
