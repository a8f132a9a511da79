"""The headers production sends, the Content-Security-Policy, and safe media serving."""

import pytest
from django.test import RequestFactory

from core.media import serve_media
from tests.quality.pages import public_pages

pytestmark = pytest.mark.django_db


def csp_of(response):
    directives = {}
    for part in filter(str.strip, response["Content-Security-Policy"].split(";")):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_public_page_sends_the_hardening_headers(client, demo_data):
    for page_type, url in public_pages():
        response = client.get(url, secure=True)
        where = f"{page_type} ({url})"
        assert response["Strict-Transport-Security"] == (
            "max-age=31536000; includeSubDomains; preload"
        ), where
        assert response["X-Content-Type-Options"] == "nosniff", where
        assert response["X-Frame-Options"] == "DENY", where
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", where
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", where


def test_content_security_policy_allows_our_origin_only(client, demo_data):
    csp = csp_of(client.get("/", secure=True))
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "no inline script, no nonce unless a page asks"
    # 'self' and the hash of the admin editor's one stylesheet: never 'unsafe-inline'.
    assert csp["style-src"][0] == "'self'"
    assert all(source.startswith("'sha256-") for source in csp["style-src"][1:])
    assert csp["img-src"] == ["'self'", "data:"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'none'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["form-action"] == ["'self'"]


def test_public_pages_have_no_inline_script_or_event_handler(client, demo_data):
    from bs4 import BeautifulSoup

    for page_type, url in public_pages():
        soup = BeautifulSoup(client.get(url).content, "html.parser")
        for script in soup.find_all("script"):
            executable = script.get("type", "text/javascript") in {"text/javascript", "module"}
            assert script.get("src") or not executable, f"{page_type}: inline {script}"
        for tag in soup.find_all(True):
            handlers = [name for name in tag.attrs if name.lower().startswith("on")]
            assert not handlers, f"{page_type}: {tag.name} {handlers}"
            assert "style" not in tag.attrs, f"{page_type}: inline style on {tag.name}"


def test_admin_pages_are_served_under_the_same_policy(admin_client):
    response = admin_client.get("/admin/", secure=True)
    assert response.status_code == 200
    assert csp_of(response)["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]


def test_http_requests_are_redirected_to_https(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/influenceurs/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/influenceurs/?page=1"


def test_uploaded_images_are_served_as_images_in_a_sandbox(tmp_path):
    (tmp_path / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    response = serve_media(RequestFactory().get("/media/photo.png"), "photo.png", tmp_path)
    response.close()
    assert response["Content-Type"] == "image/png"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("name", ["page.html", "dessin.svg", "script.js", "sans-extension"])
def test_uploaded_non_images_are_downloads_never_pages(tmp_path, name):
    (tmp_path / name).write_text("<script>alert(1)</script>")
    response = serve_media(RequestFactory().get(f"/media/{name}"), name, tmp_path)
    response.close()
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == "attachment"
    assert response["Content-Security-Policy"].startswith("default-src 'none'")
