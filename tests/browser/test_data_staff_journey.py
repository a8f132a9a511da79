"""Data staff record this week's counts on the bulk entry screen; readers see them."""

import re

import pytest
from django.utils import timezone
from django.utils.formats import number_format
from playwright.sync_api import expect

from influencers.models import Account, FollowerSnapshot
from tests.browser.conftest import close_when_idle, log_in
from tests.quality.axe import axe_violations, describe


def count_input(page, account_label):
    header = page.get_by_role("rowheader", name=account_label)
    row = page.locator("#result_list tbody tr", has=header)
    return row.get_by_role("textbox")


def french(number):
    return number_format(number, force_grouping=True)


@pytest.fixture
def nothing_recorded_today(demo_data):
    """The demo's weekly history runs up to today and falls on today one day in seven:
    these journeys record today's figures, so they start from a demo with none."""
    today = timezone.localdate()
    FollowerSnapshot.objects.filter(recorded_on__gte=today).delete()
    return today


def test_data_staff_update_counts_on_the_bulk_screen_and_readers_see_them(
    browser, page, browser_log, data_staff, nothing_recorded_today, live_server
):
    facebook = Account.objects.get(influencer__slug="thomas-pesquet", platform__slug="facebook")
    x_account = Account.objects.get(influencer__slug="thomas-pesquet", platform__slug="x")
    facebook_before = facebook.snapshots.latest().followers
    x_before = x_account.snapshots.latest().followers
    today = nothing_recorded_today

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
        close_when_idle(reader.context)


def test_data_staff_import_a_csv_after_a_preview_and_the_screens_stay_accessible(
    page, browser_log, data_staff, nothing_recorded_today, tmp_path
):
    day = nothing_recorded_today.isoformat()
    broken = tmp_path / "releves-errone.csv"
    broken.write_text(
        f"influencer,platform,date,followers\nthomas-pesquet,facebook,{day},1 600 000\n"
        f"thomas-pesquet,myspace,{day},12\n",
        encoding="utf-8-sig",
    )
    good = tmp_path / "releves.csv"
    good.write_text(
        f"influencer;platform;date;followers\nthomas-pesquet;facebook;{day};1 600 000\n"
        f"samantha-cristoforetti;x;{day};1.250.000\n",
        encoding="utf-8-sig",
    )

    def imported_counts():
        counts = []
        for influencer, platform in (
            ("thomas-pesquet", "facebook"),
            ("samantha-cristoforetti", "x"),
        ):
            snapshot = FollowerSnapshot.objects.filter(
                account__influencer__slug=influencer,
                account__platform__slug=platform,
                recorded_on=day,
            ).first()
            counts.append(snapshot and snapshot.followers)
        return counts

    before = imported_counts()
    assert before != [1_600_000, 1_250_000]
    log_in(page, data_staff)
    page.goto("/admin/influencers/followersnapshot/")
    page.get_by_role("link", name="Importer un CSV").click()

    page.get_by_label("Fichier CSV").set_input_files(broken)
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.locator(".errornote")).to_contain_text("Rien n'a été enregistré")
    expect(page.locator("#import-errors tbody tr")).to_have_count(1)
    expect(page.locator("#import-errors")).to_contain_text("3")
    assert describe(axe_violations(page)) == ""
    assert imported_counts() == before

    page.get_by_label("Fichier CSV").set_input_files(good)
    page.get_by_role("button", name="Prévisualiser").click()
    expect(page.get_by_role("heading", name="Aperçu de l'import")).to_be_visible()
    assert describe(axe_violations(page)) == ""
    assert imported_counts() == before

    page.get_by_role("button", name="Confirmer l’import").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert imported_counts() == [1_600_000, 1_250_000]
    assert browser_log.page_errors == [] and browser_log.dialogs == []
