"""Uploads get unguessable names, and every photo goes through the article images' checks."""

import ast
import re
from html import unescape
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.models import Article, Author
from influencers.models import Influencer
from safeguards.uploads import RandomName
from tests.articles.admin_forms import form_fields
from tests.articles.test_uploads import image_bytes, jpeg_with_gps, post_article_with_cover

ROOT = Path(__file__).resolve().parents[2]
RANDOM = r"[\w-]{22}"
PHOTO_FORMS = [
    pytest.param("/admin/influencers/influencer/add/", Influencer, "influencers/", id="influencer"),
    pytest.param("/admin/articles/author/add/", Author, "authors/", id="author"),
]


def post_photo(client, url, filename, content):
    data = form_fields(client.get(url))
    data.update(name="Thomas Pesquet", slug="thomas-pesquet", photo_alt="Portrait")
    data["photo"] = SimpleUploadedFile(filename, content, content_type="image/jpeg")
    return client.post(url, data)


@pytest.mark.django_db
def test_a_draft_cover_is_stored_under_a_name_nobody_can_guess(client, editor_user):
    client.force_login(editor_user)
    for number in range(2):
        assert post_article_with_cover(client, "gps.jpg", image_bytes()).status_code == 302
        Article.objects.filter(slug="une-couverture").update(slug=f"couverture-{number}")
    names = [article.cover.name for article in Article.objects.all()]
    assert len(set(names)) == 2
    for name in names:
        assert re.fullmatch(rf"covers/\d{{4}}/{RANDOM}\.jpg", name)
        assert "gps" not in name


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "model", "folder"), PHOTO_FORMS)
def test_photos_are_reencoded_without_metadata_under_a_random_name(
    client, superuser, url, model, folder
):
    client.force_login(superuser)
    response = post_photo(client, url, "Mon Portrait GPS.JPG", jpeg_with_gps())
    assert response.status_code == 302, response.text
    photo = model.objects.get().photo
    assert re.fullmatch(rf"{folder}{RANDOM}\.jpg", photo.name)
    with Image.open(photo.path) as stored:
        assert not stored.getexif() and "exif" not in stored.info


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "model", "folder"), PHOTO_FORMS)
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<!doctype html><script>alert(1)</script>", "code caché"),
        (b"%PDF-1.7\n", "n'est pas une image"),
        (image_bytes("GIF"), "n'est pas une image JPEG, PNG, WebP"),
    ],
)
def test_photos_that_are_not_safe_images_are_refused_in_french(
    client, superuser, url, model, folder, content, message
):
    client.force_login(superuser)
    response = post_photo(client, url, "portrait.jpg", content)
    assert response.status_code == 200
    assert message in unescape(response.text)
    assert not model.objects.exists()


def test_random_names_keep_only_a_plain_lowercase_extension(frozen_today):
    upload_to = RandomName("covers/%Y/")
    assert re.fullmatch(rf"covers/2026/{RANDOM}\.png", upload_to(None, "Logo.PNG"))
    assert re.fullmatch(rf"covers/2026/{RANDOM}", upload_to(None, "x.p<h>p"))
    assert upload_to(None, "a.jpg") != upload_to(None, "a.jpg")


def imported_modules(package):
    for path in (ROOT / package).rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                yield path, node.module.split(".")[0]
            elif isinstance(node, ast.Import):
                yield from ((path, alias.name.split(".")[0]) for alias in node.names)


@pytest.mark.parametrize(
    ("package", "forbidden"),
    [("safeguards", {"agency", "articles", "influencers"}), ("influencers", {"articles"})],
)
def test_arrows_point_one_way(package, forbidden):
    imports = imported_modules(package)
    assert not [(str(path), module) for path, module in imports if module in forbidden]
