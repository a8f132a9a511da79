"""The production profile on one machine (`make serve`) shows uploaded images, safely."""

import subprocess

import pytest
from django.conf import settings as django_settings

from tests import factories
from tests.articles.test_uploads import image_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def uploads(settings):
    """MEDIA_ROOT (a per-test folder, tests/conftest.py) with an image and a page in it."""
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "covers").mkdir()
    (settings.MEDIA_ROOT / "covers" / "photo.jpg").write_bytes(image_bytes())
    (settings.MEDIA_ROOT / "page.html").write_text("<script>alert(1)</script>")
    return settings.MEDIA_ROOT


def get(client, url):
    response = client.get(url)
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def test_with_serve_media_the_production_profile_serves_uploads_like_the_proxy(
    client, settings, uploads
):
    assert not settings.DEBUG
    settings.SERVE_MEDIA = True
    response = get(client, "/media/covers/photo.jpg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert "max-age=86400" in response["Cache-Control"]

    page = get(client, "/media/page.html")
    assert page["Content-Type"] == "application/octet-stream"
    assert page["Content-Disposition"] == "attachment"


def test_a_published_cover_loads_from_its_page(client, settings):
    settings.SERVE_MEDIA = True
    from django.core.files.uploadedfile import SimpleUploadedFile

    article = factories.make_article(cover=SimpleUploadedFile("c.jpg", image_bytes()))
    assert get(client, article.cover.url).status_code == 200


@pytest.mark.parametrize("path", ["../settings.py", "covers/../../x", "%2e%2e/etc/passwd"])
def test_nothing_outside_media_root_is_served(client, settings, uploads, path):
    settings.SERVE_MEDIA = True
    assert get(client, f"/media/{path}").status_code in (400, 404)  # refused, never served


def test_without_serve_media_media_are_the_proxys_job(client, settings, uploads):
    settings.SERVE_MEDIA = False
    assert get(client, "/media/covers/photo.jpg").status_code == 404


def test_make_serve_turns_media_serving_on():
    # scripts/serve.sh is what `make serve` runs: it must export SERVE_MEDIA=1.
    script = django_settings.BASE_DIR / "scripts" / "serve.sh"
    exported = subprocess.run(
        ["bash", "-c", f"grep -E '^export SERVE_MEDIA=' {script} | tail -1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert exported.strip() == 'export SERVE_MEDIA="${SERVE_MEDIA:-1}"'
