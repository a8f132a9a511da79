"""`generate_articles`: a realistic benchmark blog, idempotent and removable."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone
from django.utils.html import strip_tags
from taggit.models import Tag

from articles.models import Article, Author
from articles.reading import count_words
from articles.sanitizer import sanitize_html
from tests import factories

pytestmark = pytest.mark.django_db


def generated():
    return Article.objects.filter(slug__startswith="genere-")


def generate(**options):
    call_command("generate_articles", covers=2, stdout=StringIO(), **options)


def test_generates_published_articles_with_realistic_content(settings):
    cited = [factories.make_influencer() for _ in range(4)]
    generate(count=12)

    articles = list(generated().prefetch_related("tags", "authors", "influencers"))
    assert len(articles) == 12
    now = timezone.now()
    for article in articles:
        words = len(strip_tags(article.body).split())
        assert 800 <= words <= 1500, words
        assert "<h2>" in article.body and "<p>" in article.body
        assert article.word_count == count_words(article.standfirst, article.body)
        assert article.body == sanitize_html(article.body)
        assert 3 <= len(article.tags.all()) <= 5
        assert 1 <= len(article.authors.all()) <= 2
        assert set(article.influencers.all()) <= set(cited)
        assert article.is_public and now - article.published_at < timezone.timedelta(days=3 * 366)
        assert (article.cover_width, article.cover_height) == (1600, 900) and article.cover_alt
        assert (settings.MEDIA_ROOT / article.cover.name).exists()
    cover = articles[0].cover.name.removesuffix(".jpg")
    for width in (480, 960, 1600):
        assert (settings.MEDIA_ROOT / f"renditions/{cover}-{width}w.webp").exists()
    assert Author.objects.filter(slug__startswith="genere-").count() == 8


def test_running_it_again_gives_the_same_blog_and_keeps_other_content():
    own = factories.make_article(slug="a-nous", tags=["instagram"])
    generate(count=5)
    first = list(generated().values_list("slug", "title", "body"))
    generate(count=5)
    assert list(generated().values_list("slug", "title", "body")) == first
    assert Author.objects.filter(slug__startswith="genere-").count() == 8
    assert Article.objects.filter(pk=own.pk).exists()


def test_remove_deletes_only_the_generated_set():
    own = factories.make_article(slug="a-nous", tags=["instagram"])
    generate(count=5)
    generate(remove=True)
    assert not generated().exists()
    assert not Author.objects.filter(slug__startswith="genere-").exists()
    assert not Tag.objects.filter(slug__startswith="genere-").exists()
    assert list(Article.objects.all()) == [own]
    assert list(own.tags.names()) == ["instagram"]


def test_generated_articles_are_on_the_public_pages(client):
    generate(count=3)
    article = generated().first()
    assert client.get("/").status_code == 200
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert article.title in page.text


def test_planner_statistics_are_fresh_after_generating():
    generate(count=5)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'articles_article'")
            assert cursor.fetchone()[0] >= 5, "never analyzed: reltuples stays -1"
        else:
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles_article'")
            assert cursor.fetchone()[0] > 0
