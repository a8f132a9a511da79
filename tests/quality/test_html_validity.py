"""Every public page type is valid HTML for the Nu Html Checker (errors only)."""

import pytest
from django.urls import reverse

from articles.models import Article, ShareLink
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
