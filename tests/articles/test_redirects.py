"""Old links keep working: moved pages answer 301, in one hop, without loops."""

import datetime

import pytest
from django.contrib.redirects.models import Redirect
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from taggit.models import Tag

from articles.models import Article
from tests import factories
from tests.articles.admin_forms import form_fields, submit

pytestmark = pytest.mark.django_db

REDIRECTS_ADMIN = "/admin/redirects/redirect/"


def rename(obj, slug):
    obj.slug = slug
    obj.save()


def assert_moved(client, old, new):
    response = client.get(old)
    assert response.status_code == 301, old
    assert response["Location"] == new


def test_renamed_article_answers_301_at_its_old_address(client):
    article = factories.make_article(slug="premier-titre")
    rename(article, "titre-corrige")
    assert_moved(client, "/articles/premier-titre/", "/articles/titre-corrige/")
    assert client.get("/articles/titre-corrige/").status_code == 200


def test_successive_renames_redirect_in_one_hop(client):
    article = factories.make_article(slug="un")
    rename(article, "deux")
    rename(article, "trois")
    assert_moved(client, "/articles/un/", "/articles/trois/")
    assert_moved(client, "/articles/deux/", "/articles/trois/")


def test_giving_a_slug_back_makes_no_loop(client):
    article = factories.make_article(slug="aller")
    rename(article, "retour")
    rename(article, "aller")
    assert client.get("/articles/aller/").status_code == 200
    assert_moved(client, "/articles/retour/", "/articles/aller/")
    assert not Redirect.objects.filter(old_path="/articles/aller/").exists()


@pytest.mark.parametrize("state", factories.HIDDEN_STATES)
def test_article_never_seen_by_readers_leaves_no_redirect(client, state):
    article = factories.make_article(slug="brouillon-v1", **state)
    rename(article, "brouillon-v2")
    assert not Redirect.objects.exists()
    assert client.get("/articles/brouillon-v1/").status_code == 404


def test_saving_other_fields_records_nothing():
    article = factories.make_article(slug="stable")
    article.title = "Nouveau titre"
    article.save()
    assert not Redirect.objects.exists()


def test_renamed_tag_author_and_influencer_redirect(client):
    author = factories.make_author(slug="ancienne-plume")
    influencer = factories.make_influencer(slug="ancien-nom")
    factories.make_article(tags=["Ancienne étiquette"])
    tag = Tag.objects.get(name="Ancienne étiquette")
    old_tag = f"/tags/{tag.slug}/"
    rename(author, "nouvelle-plume")
    rename(influencer, "nouveau-nom")
    rename(tag, "nouvelle-etiquette")
    assert_moved(client, "/auteurs/ancienne-plume/", "/auteurs/nouvelle-plume/")
    assert_moved(client, "/influenceurs/ancien-nom/", "/influenceurs/nouveau-nom/")
    old_csv, new_csv = (
        "/influenceurs/ancien-nom/abonnes.csv",
        "/influenceurs/nouveau-nom/abonnes.csv",
    )
    assert_moved(client, old_csv, new_csv)
    assert_moved(client, old_tag, "/tags/nouvelle-etiquette/")
    assert_moved(client, f"{old_tag}feed/", "/tags/nouvelle-etiquette/feed/")


def test_pages_readers_never_had_leave_no_redirect():
    unpublished = factories.make_influencer(slug="en-preparation", is_published=False)
    unused = Tag.objects.create(name="Inutilisée", slug="inutilisee")
    rename(unpublished, "toujours-en-preparation")
    rename(unused, "encore-inutilisee")
    assert not Redirect.objects.exists()


def test_renaming_in_the_admin_keeps_the_old_address(client, editor_user):
    article = factories.make_article(slug="avant")
    client.force_login(editor_user)
    url = f"/admin/articles/article/{article.pk}/change/"
    assert submit(client, url, slug="apres").status_code == 302
    assert_moved(client, "/articles/avant/", "/articles/apres/")


def test_pages_that_exist_never_look_for_a_redirect(client):
    article = factories.make_article()
    client.get(article.get_absolute_url())  # the site is cached once per process
    with CaptureQueriesContext(connection) as context:
        assert client.get(article.get_absolute_url()).status_code == 200
    tables = " ".join(query["sql"] for query in context.captured_queries)
    assert "django_redirect" not in tables
    assert "django_site" not in tables


def test_unknown_address_is_still_a_404(client):
    assert client.get("/articles/jamais-ecrit/").status_code == 404


# Redirects added by hand --------------------------------------------------------------


def add_redirect(client, old_path, new_path):
    data = form_fields(client.get(f"{REDIRECTS_ADMIN}add/"))
    data.update(old_path=old_path, new_path=new_path)
    return client.post(f"{REDIRECTS_ADMIN}add/", data)


def test_editor_redirects_an_old_site_address(client, editor_user):
    factories.make_article(slug="pesquet")
    client.force_login(editor_user)
    response = add_redirect(client, "/blog/2019/pesquet.html", "/articles/pesquet/")
    assert response.status_code == 302
    client.logout()
    assert_moved(client, "/blog/2019/pesquet.html", "/articles/pesquet/")


def test_hand_made_redirect_follows_the_page_when_it_moves(client, editor_user):
    article = factories.make_article(slug="pesquet")
    client.force_login(editor_user)
    add_redirect(client, "/blog/pesquet.html", "/articles/pesquet/")
    rename(article, "thomas-pesquet")
    assert_moved(client, "/blog/pesquet.html", "/articles/thomas-pesquet/")


@pytest.mark.parametrize(
    ("old_path", "new_path", "message"),
    [
        ("/blog/x.html", "/articles/inconnu/", "Aucune page publique à cette adresse"),
        ("/blog/x.html", "/articles/brouillon/", "Aucune page publique à cette adresse"),
        ("/blog/x.html", "https://ailleurs.example/", "Indiquez une adresse de ce site"),
        ("blog/x.html", "/articles/pesquet/", "Indiquez une adresse de ce site"),
        ("/articles/pesquet/", "/", "Cette adresse mène déjà à une page du site"),
        ("/blog/pris.html", "/", "Une redirection part déjà de cette adresse"),
    ],
)
def test_hand_made_redirect_is_checked(client, editor_user, old_path, new_path, message):
    factories.make_article(slug="pesquet")
    factories.make_article(slug="brouillon", status=Article.Status.DRAFT)
    Redirect.objects.create(site_id=1, old_path="/blog/pris.html", new_path="/")
    client.force_login(editor_user)
    response = add_redirect(client, old_path, new_path)
    assert response.status_code == 200
    assert message in response.text
    assert Redirect.objects.count() == 1


@pytest.mark.parametrize("role", ["author_user", "data_user"])
def test_only_editors_add_redirects(client, request, editor_user, role):
    factories.make_article(slug="pesquet")
    client.force_login(request.getfixturevalue(role))
    data = {"old_path": "/blog/x.html", "new_path": "/articles/pesquet/"}
    assert client.post(f"{REDIRECTS_ADMIN}add/", data).status_code == 403
    assert not Redirect.objects.exists()


def test_scheduled_article_is_no_target_yet(client, editor_user):
    factories.make_article(
        slug="bientot",
        status=Article.Status.PUBLISHED,
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    client.force_login(editor_user)
    assert add_redirect(client, "/vieux.html", "/articles/bientot/").status_code == 200
    assert not Redirect.objects.exists()
