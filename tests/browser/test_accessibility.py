"""axe-core in Chromium: no serious or critical violation on any public page type
nor on the admin screens editors and data staff use every day."""

import pytest
from django.urls import reverse

from articles.models import Article
from influencers.models import FollowerSnapshot
from tests import factories
from tests.browser.conftest import log_in
from tests.quality.axe import axe_violations, describe
from tests.quality.pages import public_pages

SELECT2_CLEAR_BUTTON_IN_LIST = {
    "list": ".select2-selection--multiple > .select2-selection__rendered",
}


def test_axe_reports_what_blocks_a_reader(page):
    """The sweeps below would pass vacuously if axe never ran."""
    page.goto("/")
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = '/static/x.png';"
        " document.querySelector('main').append(img); }"
    )
    assert "image-alt" in {violation["id"] for violation in axe_violations(page)}


def test_every_public_page_type_has_no_serious_violation(page, demo_data):
    failures = {}
    for page_type, url in public_pages():
        page.goto(url)
        if violations := axe_violations(page):
            failures[f"{page_type} ({url})"] = describe(violations)
    assert failures == {}, "\n".join(f"{where}:\n{what}" for where, what in failures.items())


def test_admin_login_has_no_serious_violation(page, db):
    page.goto("/admin/login/")
    assert describe(axe_violations(page)) == ""


@pytest.fixture
def admin_screens(demo_data):
    article = Article.objects.get(slug="thomas-pesquet-influenceur-en-orbite")
    snapshot = FollowerSnapshot.objects.filter(source="manual").first()
    draft = factories.make_article(status=Article.Status.DRAFT, standfirst="Pas encore publié.")
    return {
        "accueil de l'administration": "/admin/",
        "liste des articles": "/admin/articles/article/",
        "nouvel article": "/admin/articles/article/add/",
        "modification d'un article": f"/admin/articles/article/{article.pk}/change/",
        "liste des relevés d'abonnés": "/admin/influencers/followersnapshot/",
        "modification d'un relevé": f"/admin/influencers/followersnapshot/{snapshot.pk}/change/",
        "modification d'un influenceur": (
            f"/admin/influencers/influencer/{article.influencers.first().pk}/change/"
        ),
        "saisie groupée": "/admin/influencers/followersnapshot/bulk-entry/",
        "import CSV": "/admin/influencers/followersnapshot/import/",
        "comptes à mettre à jour": "/admin/influencers/followersnapshot/stale/",
        "anomalies à vérifier": "/admin/influencers/followersnapshot/anomalies/",
        "vérification d'une anomalie": (
            f"/admin/influencers/followersnapshot/{FollowerSnapshot.objects.to_review().get().pk}"
            "/verifier/"
        ),
        "nouvel événement": "/admin/influencers/event/add/",
        "aperçu d'un brouillon": reverse("articles:preview", args=[draft.slug]),
    }


def test_main_admin_screens_have_no_serious_violation(page, admin_screens):
    """Django's vendored select2 (4.0.13) renders its "clear" button inside the list of
    chosen items (fixed in select2 4.1, which Django does not ship): that one rule is
    skipped on that one list; the select2 controls are named (admin-accessible-names.js)
    and checked like everything else."""
    superuser = factories.make_user(username="patronne", is_staff=True, is_superuser=True)
    log_in(page, superuser)
    failures = {}
    for screen, url in admin_screens.items():
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        if violations := axe_violations(page, known=SELECT2_CLEAR_BUTTON_IN_LIST):
            failures[f"{screen} ({url})"] = describe(violations)
    assert failures == {}, "\n".join(f"{where}:\n{what}" for where, what in failures.items())
