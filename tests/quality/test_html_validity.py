"""Every public page type is valid HTML for the Nu Html Checker (errors only)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Series, SeriesPart, ShareLink
from tests import factories
from tests.quality.pages import public_pages
from tests.quality.vnu import html_errors

pytestmark = pytest.mark.django_db


def test_every_public_page_type_is_valid_html(client, demo_data, tmp_path):
    documents = {}
    for page_type, url in public_pages():
        response = client.get(url)
        assert response.status_code == (404 if page_type == "page introuvable" else 200), url
        documents[f"{page_type} ({url})"] = response.content

    errors = html_errors(documents, tmp_path)

    invalid = {page: messages for page, messages in errors.items() if messages}
    assert invalid == {}, "\n".join(
        f"{page}:\n  " + "\n  ".join(messages) for page, messages in invalid.items()
    )


def test_the_checker_reports_errors_it_is_given(tmp_path):
    """The sweep above would pass vacuously if vnu's report were misread."""
    broken = b'<!doctype html><html lang="fr"><title>x</title><p><div>bloc</p></html>'
    errors = html_errors({"cassée": broken}, tmp_path)
    assert errors["cassée"], errors


def test_draft_preview_for_staff_is_valid_html(client, superuser, demo_data, tmp_path):
    draft = factories.make_article(
        status=Article.Status.DRAFT, standfirst="Pas encore publié.", tags=["astronautes"]
    )
    client.force_login(superuser)
    response = client.get(reverse("articles:preview", args=[draft.slug]))
    assert response.status_code == 200

    errors = html_errors({"aperçu": response.content}, tmp_path)

    assert errors == {"aperçu": []}


def test_shared_draft_and_its_expiry_page_are_valid_html(client, demo_data, tmp_path):
    draft = factories.make_article(
        status=Article.Status.DRAFT, standfirst="Pas encore publié.", tags=["astronautes"]
    )
    link = ShareLink.objects.create(article=draft)
    shared = client.get(link.get_absolute_url())
    link.is_revoked = True
    link.save()
    revoked = client.get(link.get_absolute_url())
    assert (shared.status_code, revoked.status_code) == (200, 410)

    errors = html_errors({"partagé": shared.content, "retiré": revoked.content}, tmp_path)

    assert errors == {"partagé": [], "retiré": []}


def test_series_page_and_a_long_read_in_a_series_are_valid_html(client, demo_data, tmp_path):
    series = Series.objects.create(title="Vies en orbite", slug="vies-en-orbite")
    section = "<p>" + " ".join(["orbite"] * 400) + "</p>"
    body = "".join(f"<h2>Partie {n}</h2>{section}<h3>Détail {n}</h3>{section}" for n in range(3))
    for position, title in enumerate(["Départ", "Long format", "Arrivée"]):
        # Whole seconds, as the admin saves them: vnu refuses microseconds in datetime="".
        published_at = timezone.now().replace(microsecond=0) - datetime.timedelta(days=position)
        article = factories.make_article(
            title=title, body=body if position == 1 else "<p>…</p>", published_at=published_at
        )
        SeriesPart.objects.create(series=series, article=article, position=position)
    pages = {
        "série": client.get(series.get_absolute_url()),
        "article long d'une série": client.get(
            Article.objects.get(title="Long format").get_absolute_url()
        ),
    }
    assert all(page.status_code == 200 for page in pages.values())
    assert 'class="toc"' in pages["article long d'une série"].text
    assert 'class="series-nav"' in pages["article long d'une série"].text

    errors = html_errors({name: page.content for name, page in pages.items()}, tmp_path)

    assert errors == {name: [] for name in pages}
