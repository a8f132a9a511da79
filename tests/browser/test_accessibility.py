"""axe-core in Chromium: no serious or critical violation on any public page type
nor on the admin screens editors and data staff use every day."""

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Series, SeriesPart, ShareLink
from influencers.models import FollowerSnapshot
from tests import factories
from tests.browser.conftest import log_in
from tests.quality.axe import axe_violations, describe
from tests.quality.pages import public_pages


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


def test_long_reads_series_and_shared_drafts_have_no_serious_violation(page, demo_data):
    series = Series.objects.create(title="Vies en orbite", slug="vies-en-orbite")
    section = "<p>" + " ".join(["orbite"] * 400) + "</p>"
    body = "".join(f"<h2>Partie {n}</h2>{section}<h3>Détail {n}</h3>{section}" for n in range(3))
    parts = [factories.make_article(body=body) for _ in range(3)]
    for position, article in enumerate(parts):
        SeriesPart.objects.create(series=series, article=article, position=position)
    draft = factories.make_article(status=Article.Status.DRAFT, body=body)
    shared, revoked = (ShareLink.objects.create(article=draft) for _ in range(2))
    ShareLink.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    failures = {}
    for url in (series.get_absolute_url(), parts[1].get_absolute_url(),
                shared.get_absolute_url(), revoked.get_absolute_url()):  # fmt: skip
        page.goto(url)
        if violations := axe_violations(page):
            failures[url] = describe(violations)
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
        "nouvelle série": "/admin/articles/series/add/",
        "nouvelle redirection": "/admin/redirects/redirect/add/",
    }


def test_main_admin_screens_have_no_serious_violation(page, admin_screens):
    """The screens used every day, once their scripts have run (select2, the prose
    editor); test_admin_pages.py sweeps every admin page type as each role."""
    superuser = factories.make_user(username="patronne", is_staff=True, is_superuser=True)
    log_in(page, superuser)
    failures = {}
    for screen, url in admin_screens.items():
        response = page.goto(url)
        assert response.status == 200, url
        page.wait_for_load_state("networkidle")
        if violations := axe_violations(page):
            failures[f"{screen} ({url})"] = describe(violations)
    assert failures == {}, "\n".join(f"{where}:\n{what}" for where, what in failures.items())
