"""Image uploads: only real JPEG/PNG/WebP images within limits are stored, always re-encoded."""

import io
import re
import struct
import zlib
from html import unescape

import pytest
from bs4 import BeautifulSoup
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, PngImagePlugin, features

from articles.models import Article, ArticleImage
from tests import factories
from tests.articles.admin_forms import form_fields

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def image_bytes(image_format="JPEG", size=(64, 48), **save_options):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 80, 40)).save(buffer, format=image_format, **save_options)
    return buffer.getvalue()


def png_claiming_size(width, height):
    """A tiny PNG whose header announces width × height pixels (a decompression bomb)."""
    png = bytearray(image_bytes("PNG", size=(1, 1)))
    header = b"IHDR" + struct.pack(">II", width, height) + png[24:29]
    png[12:29] = header
    png[29:33] = struct.pack(">I", zlib.crc32(header))
    return bytes(png)


def jpeg_with_gps():
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 3.0)}
    exif[0x010F] = "Appareil-espion"
    return image_bytes("JPEG", exif=exif)


def truncated_jpeg():
    noise = Image.effect_noise((400, 300), 80).convert("RGB")
    buffer = io.BytesIO()
    noise.save(buffer, format="JPEG")
    return buffer.getvalue()[: buffer.tell() // 2]


def png_with_script_in_metadata():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(document.cookie)</script>")
    return image_bytes("PNG", pnginfo=info)


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def post_article_with_cover(client, filename, content, content_type="image/jpeg"):
    data = form_fields(client.get(ADD_URL))
    data.update(
        title="Une couverture",
        slug="une-couverture",
        cover_alt="La Terre vue de l'ISS",
        cover=SimpleUploadedFile(filename, content, content_type=content_type),
    )
    return client.post(ADD_URL, data)


BAD_UPLOADS = [
    pytest.param("notes.pdf", b"%PDF-1.7\n1 0 obj<<>>endobj\n", "n'est pas une image", id="pdf"),
    pytest.param(
        "page.png",
        b"<!doctype html><html><script>alert(1)</script></html>",
        "code caché",
        id="html-renamed-png",
    ),
    pytest.param(
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><rect width="9"/></svg>',
        "code caché",
        id="svg",
    ),
    pytest.param("enorme.jpg", b"\xff\xd8\xff" + b"0" * (11 * 2**20), "trop lourd", id="oversized"),
    pytest.param("bombe.png", png_claiming_size(30_000, 30_000), "Image trop grande", id="bomb"),
    pytest.param(
        "grande.png", png_claiming_size(8_000, 6_000), "Image trop grande", id="over-pixel-limit"
    ),
    pytest.param("tronquee.jpg", truncated_jpeg(), "endommagée", id="truncated"),
    pytest.param(
        "commentaire.png", png_with_script_in_metadata(), "code caché", id="script-in-metadata"
    ),
    pytest.param("anime.gif", image_bytes("GIF"), "n'est pas une image JPEG, PNG, WebP", id="gif"),
]


@pytest.mark.parametrize(("filename", "content", "message"), BAD_UPLOADS)
def test_bad_cover_is_refused_with_a_message_and_nothing_stored(
    client, editor_user, settings, filename, content, message
):
    client.force_login(editor_user)
    response = post_article_with_cover(client, filename, content)
    assert response.status_code == 200
    assert message in unescape(response.text)
    assert not Article.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(("filename", "content", "message"), BAD_UPLOADS[:3] + BAD_UPLOADS[4:])
def test_bad_inline_image_is_refused_with_a_message_and_nothing_stored(
    client, editor_user, settings, filename, content, message
):
    article = factories.make_article(status=Article.Status.DRAFT)
    client.force_login(editor_user)
    url = f"/admin/articles/article/{article.pk}/change/"
    data = form_fields(client.get(url))
    data.update(
        {
            "images-TOTAL_FORMS": "1",
            "images-0-image": SimpleUploadedFile(filename, content),
            "images-0-alt": "Une image",
            "images-0-position": "0",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 200
    assert message in unescape(response.text)
    assert not ArticleImage.objects.exists()
    assert stored_files(settings) == []


def test_accepted_photo_is_reencoded_without_its_gps_position(client, editor_user):
    client.force_login(editor_user)
    response = post_article_with_cover(client, "Vacances à Nice.JPG", jpeg_with_gps())
    assert response.status_code == 302
    article = Article.objects.get()
    assert re.fullmatch(r"covers/\d{4}/[\w-]{22}\.jpg", article.cover.name), "a random name"
    assert (article.cover_width, article.cover_height) == (64, 48)
    with Image.open(article.cover.path) as stored:
        assert stored.format == "JPEG"
        assert not stored.getexif()
        assert "exif" not in stored.info
    with article.cover.open("rb") as stored_file:
        assert b"espion" not in stored_file.read()


def test_webp_png_and_avif_are_accepted(client, editor_user):
    client.force_login(editor_user)
    formats = [("WEBP", "photo.webp"), ("PNG", "schema.png")]
    if features.check("avif"):
        formats.append(("AVIF", "photo.avif"))
    for image_format, name in formats:
        Article.objects.all().delete()
        response = post_article_with_cover(client, name, image_bytes(image_format))
        assert response.status_code == 302, image_format
        with Image.open(Article.objects.get().cover.path) as stored:
            assert stored.format == image_format


def test_cover_without_alt_text_is_refused(client, editor_user, settings):
    client.force_login(editor_user)
    data = form_fields(client.get(ADD_URL))
    data.update(title="Sans alt", slug="sans-alt", cover=SimpleUploadedFile("a.jpg", image_bytes()))
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "Décrivez l'image de couverture" in unescape(response.text)
    assert not Article.objects.exists()


def test_inline_image_is_served_as_responsive_picture_in_the_body(client, editor_user):
    article = factories.make_article()
    image = ArticleImage.objects.create(
        article=article,
        image=SimpleUploadedFile("terre.jpg", image_bytes(size=(1200, 800))),
        alt="La Terre",
    )
    article.body = (
        f'<p>Avant.</p><figure><img src="{image.image.url}" alt="La Terre de nuit">'
        "<figcaption>Vue de la Coupole</figcaption></figure>"
    )
    article.save()

    page = client.get(article.get_absolute_url()).text

    assert '<source type="image/webp" srcset="' in page
    assert " 480w, " in page
    assert " 960w, " in page
    assert " 1200w" in page
    assert 'width="1200" height="800"' in page
    assert 'alt="La Terre de nuit" loading="lazy"' in page
    assert "<figcaption>Vue de la Coupole</figcaption>" in page


def test_renditions_are_generated_at_their_width_and_format(client, settings):
    article = factories.make_article()
    image = ArticleImage.objects.create(
        article=article,
        image=SimpleUploadedFile("terre.png", image_bytes("PNG", size=(1000, 500))),
        alt="La Terre",
    )
    article.body = f'<figure><img src="{image.image.url}" alt=""></figure>'
    article.save()

    picture = BeautifulSoup(client.get(article.get_absolute_url()).text, "html.parser").picture
    webp_480 = picture.source["srcset"].split(", ")[0].split()[0]
    png_fallback = picture.img["src"]
    assert not picture.img.has_attr("srcset"), "one fallback image, not a second set"

    for url, expected_format, expected_size in (
        (webp_480, "WEBP", (480, 240)),
        (png_fallback, "PNG", (960, 480)),
    ):
        with Image.open(settings.MEDIA_ROOT / url.removeprefix(settings.MEDIA_URL)) as rendition:
            assert (rendition.format, rendition.size) == (expected_format, expected_size)


def test_cover_is_a_responsive_picture_on_the_article_and_its_card(client):
    article = factories.make_article(
        title="Avec couverture",
        cover=SimpleUploadedFile("couv.jpg", image_bytes(size=(2000, 1000))),
        cover_alt="La Coupole",
    )
    for url, loading in (("/", "lazy"), (article.get_absolute_url(), "eager")):
        img = BeautifulSoup(client.get(url).text, "html.parser").select_one('img[alt="La Coupole"]')
        assert img.find_parent("picture").source["type"] == "image/webp", url
        assert (img["width"], img["height"], img["loading"]) == ("1600", "800", loading), url
