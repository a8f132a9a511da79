"""Every error page is French, in the site's look, and cannot fail itself (DEBUG off)."""

import pytest
from bs4 import BeautifulSoup
from django.db import InterfaceError, OperationalError
from django.template.loader import render_to_string
from django.test import Client

from agency import views
from tests import factories

pytestmark = pytest.mark.django_db

ENGLISH = ("Bad Request", "Forbidden", "Not Found", "Server Error", "CSRF", "Django")


def assert_french_site_page(response, status, heading):
    assert response.status_code == status
    page = BeautifulSoup(response.content, "html.parser")
    assert page.html["lang"] == "fr"
    assert page.h1.get_text(strip=True) == heading
    assert "L'agence Armstrong" in page.select_one(".brand").get_text()
    assert page.select_one('link[rel="stylesheet"][href*="css/site"]')
    assert not any(word in response.text for word in ENGLISH), response.text


@pytest.fixture
def client():
    return Client(raise_request_exception=False)


def test_more_than_a_thousand_query_parameters_is_a_french_400(client):
    query = "&".join(["a=1"] * 1001)
    for url in (f"/?{query}", f"/recherche/?{query}", f"/admin/?{query}"):
        assert_french_site_page(client.get(url), 400, "Requête incorrecte")


def test_too_many_form_fields_is_a_french_400(client):
    fields = {f"champ{number}": "x" for number in range(1001)}
    assert_french_site_page(client.post("/admin/login/", fields), 400, "Requête incorrecte")


def test_a_forbidden_admin_page_is_a_french_403(client, data_user):
    client.force_login(data_user)
    response = client.get("/admin/articles/article/add/")
    assert_french_site_page(response, 403, "Accès refusé")


def test_a_form_without_csrf_token_is_a_french_403():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert_french_site_page(response, 403, "Formulaire expiré")


def test_an_unknown_page_is_a_french_404(client):
    assert_french_site_page(client.get("/page-qui-n-existe-pas/"), 404, "Page introuvable")


def test_a_crash_is_a_static_french_500(client, monkeypatch, django_assert_num_queries):
    def crash(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(views.HomeView, "get_queryset", crash)
    response = client.get("/")
    assert_french_site_page(response, 500, "Une erreur est survenue")
    assert "Retry-After" not in response


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_a_database_away_is_a_french_503_with_retry_after(client, monkeypatch, error):
    def database_restarting(self):
        raise error("the database system is shutting down")

    monkeypatch.setattr(views.HomeView, "get_queryset", database_restarting)
    response = client.get("/")
    assert_french_site_page(response, 503, "Site momentanément indisponible")
    assert int(response["Retry-After"]) > 0
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("error", [OperationalError, InterfaceError])
def test_healthz_says_the_database_is_away(client, monkeypatch, error):
    def refused(*args, **kwargs):
        raise error("connection refused")

    monkeypatch.setattr(views.connection, "cursor", refused)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable"}
    assert len(response.content) < 100 and response["Retry-After"]


@pytest.mark.parametrize(
    "template", ["400.html", "403.html", "403_csrf.html", "404.html", "500.html", "503.html"]
)
def test_error_templates_render_without_request_or_database(template, django_assert_num_queries):
    with django_assert_num_queries(0):
        html = render_to_string(template)
    assert '<html lang="fr">' in html and "<h1" in html


def test_the_lockout_page_names_the_site_not_django(client, settings):
    factories.make_user(username="editrice", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/admin/login/", {"username": "editrice", "password": "faux"}, REMOTE_ADDR="203.0.113.9"
        )
    assert response.status_code == 429
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select_one("#site-name").get_text(strip=True) == "Agence Armstrong — administration"
    assert "Django" not in response.text
    assert page.title.get_text(strip=True) == "Connexion bloquée | Agence Armstrong"
