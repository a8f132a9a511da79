"""Anonymous pages come from the shared cache until the content they show changes."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import RequestFactory
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from core.cache import FailOpenRedisCache, content_state
from core.middleware import PublicPageCacheMiddleware
from core.models import ContentVersion
from influencers.models import FollowerSnapshot, Influencer
from influencers.signals import follower_counts_changed, influencers_changed
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def article(db):
    return factories.make_article(title="Une orbite bien remplie", tags=["espace"])


def test_second_anonymous_visit_is_served_from_cache_with_one_query(
    client, article, django_assert_num_queries
):
    first = client.get(article.get_absolute_url())
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(1):  # the content version
        second = client.get(article.get_absolute_url())
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_saving_an_article_shows_the_change_at_once(client, article, on_commit):
    client.get(article.get_absolute_url())
    client.get("/")
    article.title = "Une orbite encore plus remplie"
    on_commit(article.save)
    for url in (article.get_absolute_url(), "/"):
        response = client.get(url)
        assert response["X-Page-Cache"] == "miss", url
        assert "Une orbite encore plus remplie" in response.text, url


def test_unpublishing_an_article_removes_it_from_cached_pages(client, article, on_commit):
    assert client.get(article.get_absolute_url()).status_code == 200
    article.status = Article.Status.DRAFT
    on_commit(article.save)
    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Une orbite bien remplie" not in client.get("/").text


def test_recording_a_snapshot_refreshes_the_influencer_page(client, on_commit):
    account = factories.make_account()
    factories.make_snapshot(account, followers=1000, recorded_on=timezone.localdate())
    url = account.influencer.get_absolute_url()
    assert "1 000" in client.get(url).text.replace("\u202f", " ").replace("\xa0", " ")
    snapshot = account.snapshots.get()
    snapshot.followers = 2_345_678
    on_commit(snapshot.save)
    text = client.get(url).text.replace("\u202f", " ").replace("\xa0", " ")
    assert "2 345 678" in text


def test_bulk_snapshots_announced_by_signal_refresh_pages(client, on_commit):
    account = factories.make_account()
    factories.make_snapshot(account, recorded_on=timezone.localdate() - datetime.timedelta(1))
    url = account.influencer.get_absolute_url()
    client.get(url)

    def bulk_import():
        factories.make_history(account, days=1, start_followers=7_654_321)
        follower_counts_changed.send(sender=FollowerSnapshot, accounts=[account])

    on_commit(bulk_import)
    assert "7 654 321" in client.get(url).text.replace("\u202f", " ").replace("\xa0", " ")


def test_renaming_a_tag_refreshes_the_tag_page(client, article, on_commit):
    client.get("/tags/espace/")
    tag = Tag.objects.get(slug="espace")
    tag.name = "Conquête spatiale"
    on_commit(tag.save)
    assert "Conquête spatiale" in client.get("/tags/espace/").text


def test_tagging_an_article_refreshes_the_tag_page(client, article, on_commit):
    other = factories.make_article(title="Des abonnés en apesanteur")
    client.get("/tags/espace/")
    on_commit(lambda: other.tags.add("espace"))
    assert "Des abonnés en apesanteur" in client.get("/tags/espace/").text


def test_editing_an_influencer_refreshes_its_page(client, on_commit):
    influencer = factories.make_influencer(headline="Spationaute")
    client.get(influencer.get_absolute_url())
    influencer.headline = "Spationaute et photographe"
    on_commit(influencer.save)
    assert "Spationaute et photographe" in client.get(influencer.get_absolute_url()).text


def test_influencers_changed_in_bulk_refresh_pages(client, on_commit):
    influencer = factories.make_influencer()
    assert client.get(influencer.get_absolute_url()).status_code == 200

    def unpublish_all():
        Influencer.objects.filter(pk=influencer.pk).update(is_published=False)
        influencers_changed.send(sender=Influencer, pks=[influencer.pk])

    on_commit(unpublish_all)
    assert client.get(influencer.get_absolute_url()).status_code == 404


def test_invalidation_waits_for_the_commit(article):
    before = content_state().token
    with transaction.atomic():
        article.save()
        assert content_state().token == before, "a server could cache old data under a new version"


def test_many_changes_in_one_transaction_bump_once(article, django_capture_on_commit_callbacks):
    connection.run_on_commit.clear()  # as if the article's creation had been committed
    with django_capture_on_commit_callbacks() as callbacks:
        for number in range(5):
            article.title = f"Version {number}"
            article.save()
    assert len([c for c in callbacks if c.__name__ == "bump_content_version"]) == 1


def test_staff_with_a_session_always_get_a_fresh_page(client, admin_client, article):
    url = article.get_absolute_url()
    client.get(url)  # a reader stores the page
    # A change no signal announced: staff see it, readers keep the stored page.
    Article.objects.filter(pk=article.pk).update(title="Un titre que le cache ignore")
    response = admin_client.get(url)
    assert "Un titre que le cache ignore" in response.text
    assert "X-Page-Cache" not in response
    assert "private" in response["Cache-Control"]
    assert client.get(url)["X-Page-Cache"] == "hit"


def stored_page(url):
    """The shared cache's entry for an anonymous GET of `url`, or None."""
    key = PublicPageCacheMiddleware.cache_key(RequestFactory().get(url))
    return None if key is None else cache.get(key)


def test_uncacheable_responses_are_never_stored(client, db):
    client.get("/")
    assert stored_page("/") is not None  # a public page is stored, and seen here
    for url in ("/healthz", "/admin/login/", "/nulle-part/"):
        client.get(url)
        assert "X-Page-Cache" not in client.get(url), url
        assert stored_page(url) is None, url


def test_pages_that_vary_by_a_request_header_are_not_shared(rf, db):
    from django.http import HttpResponse
    from django.utils.cache import patch_vary_headers

    from core.middleware import PublicPageCacheMiddleware

    def view(request):
        response = HttpResponse(request.headers.get("Accept", ""))
        patch_vary_headers(response, ["Accept"])
        return response

    middleware = PublicPageCacheMiddleware(view)
    middleware(rf.get("/donnees/", headers={"accept": "text/csv"}))
    response = middleware(rf.get("/donnees/", headers={"accept": "application/json"}))
    assert response.content == b"application/json"


def test_query_strings_are_distinct_pages(client, db):
    for number in range(15):
        factories.make_article(title=f"Récit {number}")
    first, second = client.get("/"), client.get("/?page=2")
    assert first["X-Page-Cache"] == second["X-Page-Cache"] == "miss"
    assert first.content != second.content


def test_a_lost_content_version_row_is_recreated_with_a_new_version(client, article, on_commit):
    ContentVersion.objects.all().delete()
    before = content_state().token
    client.get("/")
    on_commit(lambda: article.save())
    assert content_state().token != before
    assert client.get("/")["X-Page-Cache"] == "miss"


def test_a_scheduled_article_appears_on_time_whatever_is_cached(client, article, time_machine):
    soon = timezone.now() + datetime.timedelta(minutes=3)
    factories.make_article(title="Programmé", published_at=soon)
    first = client.get("/")
    assert "Programmé" not in first.text
    assert "s-maxage=180" in first["Cache-Control"], "a CDN must not keep it past the publication"
    time_machine.move_to(soon + datetime.timedelta(seconds=1))
    response = client.get("/")
    assert response["X-Page-Cache"] == "miss"
    assert "Programmé" in response.text


def test_anonymous_pages_tell_a_cdn_how_long_to_keep_them(client, article):
    for _ in range(2):  # a miss, then a hit
        response = client.get(article.get_absolute_url())
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"public", "max-age=60", "s-maxage=300", "stale-while-revalidate=60"} <= directives
        assert "Cookie" in response["Vary"]


def test_pages_for_a_session_are_private(admin_client, article):
    response = admin_client.get(article.get_absolute_url())
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_html_is_compressed_on_the_wire(client, article):
    response = client.get(article.get_absolute_url(), headers={"accept-encoding": "gzip"})
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]


def test_the_file_cache_of_the_embedded_default_serves_and_invalidates(
    client, article, on_commit, settings, tmp_path
):
    from agency.settings import embedded_caches

    settings.CACHES = embedded_caches(str(tmp_path / "cache"))
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "hit"
    article.title = "Titre corrigé"
    on_commit(article.save)
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "miss"
    assert "Titre corrigé" in response.text


@pytest.mark.parametrize("url", ["article", "/influenceurs/{influencer}/", "/feed/"])
def test_conditional_get_answers_304_fresh_and_cached(client, url):
    influencer = factories.make_influencer()
    article = factories.make_article(tags=["espace"])
    article.influencers.add(influencer)
    url = article.get_absolute_url() if url == "article" else url.format(influencer=influencer.slug)
    for _ in range(2):  # a miss, then a hit
        etag = client.get(url)["ETag"]
        response = client.get(url, headers={"if-none-match": etag})
        assert response.status_code == 304, url
        assert response.content == b""


def test_redis_down_is_a_miss_not_an_error():
    # Port 1 on loopback: nothing listens, the connection is refused at once.
    dead = FailOpenRedisCache(
        "redis://127.0.0.1:1/0",
        {"OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2}},
    )
    assert dead.get("page", "miss") == "miss"
    dead.set("page", "html")
    assert dead.add("page", "html") is False
    assert dead.get_many(["a", "b"]) == {}
    assert dead.delete("page") is False
    with pytest.raises(ValueError):
        dead.incr("counter")


def test_pages_render_when_the_shared_cache_is_down(client, article, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "core.cache.FailOpenRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for url in ("/", article.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Une orbite bien remplie" in response.text


def test_unpublishing_influencers_from_the_admin_refreshes_their_pages(
    client, editor_user, on_commit
):
    influencer = factories.make_influencer()
    assert client.get(influencer.get_absolute_url()).status_code == 200
    editor = client.__class__()
    editor.force_login(editor_user)

    def unpublish_in_admin():
        response = editor.post(
            "/admin/influencers/influencer/",
            {"action": "unpublish", "_selected_action": [influencer.pk]},
        )
        assert response.status_code == 302

    on_commit(unpublish_in_admin)
    assert client.get(influencer.get_absolute_url()).status_code == 404


def test_loading_the_demo_refreshes_cached_pages(client, on_commit):
    from django.core.management import call_command

    assert client.get("/influenceurs/").status_code == 200
    on_commit(lambda: call_command("load_demo", verbosity=0))
    assert "Thomas Pesquet" in client.get("/influenceurs/").text


def test_a_hit_leaves_with_the_headers_of_a_fresh_page(client, article):
    miss = client.get(article.get_absolute_url())
    hit = client.get(article.get_absolute_url())
    assert hit["X-Page-Cache"] == "hit"
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "ETag"):
        assert hit[header] == miss[header], header
    assert hit["Vary"] == miss["Vary"]


def test_compressed_and_plain_variants_are_stored_apart(client, article):
    url = article.get_absolute_url()
    compressed = client.get(url, headers={"accept-encoding": "gzip"})
    plain = client.get(url)
    assert compressed["X-Page-Cache"] == plain["X-Page-Cache"] == "miss"
    again = client.get(url, headers={"accept-encoding": "gzip, br"})
    assert again["X-Page-Cache"] == "hit" and again["Content-Encoding"] == "gzip"
    plain_again = client.get(url)
    assert plain_again["X-Page-Cache"] == "hit" and "Content-Encoding" not in plain_again
    assert plain_again.content == plain.content


def test_a_process_answers_the_pages_it_served_last_from_its_memory(client, article):
    from django.core.cache import cache

    client.get(article.get_absolute_url())
    cache.clear()  # the shared copy is gone: this process still has the page
    response = client.get(article.get_absolute_url())
    assert response["X-Page-Cache"] == "hit"


def test_a_page_kept_in_memory_expires_with_the_shared_copy(client, article, time_machine):
    client.get(article.get_absolute_url())
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=301))
    assert client.get(article.get_absolute_url())["X-Page-Cache"] == "miss"


def test_recent_pages_are_bounded():
    import time

    from core.middleware import RecentPages, StoredPage

    recent = RecentPages(size=2)
    page = StoredPage(200, [], "", b"", time.time() + 60, "1.0", time.time())
    for key in ("a", "b", "c"):
        recent.put(key, page)
    assert recent.get("a") is None and recent.get("b") is page and recent.get("c") is page
