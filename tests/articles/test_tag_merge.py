"""Merging tags in the admin: Éditeurs only, never an error page, links kept and redirected."""

import pytest
from django.contrib.redirects.models import Redirect
from taggit.models import Tag

from articles.models import Article
from tests import factories

pytestmark = pytest.mark.django_db

MERGE_URL = "/admin/taggit/tag/merge-tags/"
CHANGELIST = "/admin/taggit/tag/"


@pytest.fixture
def two_tags():
    factories.make_article(slug="orbite", tags=["espace", "iss"])
    factories.make_article(slug="fusee", tags=["espace"], status=Article.Status.DRAFT)
    factories.make_article(slug="station", tags=["iss"])
    return Tag.objects.get(name="espace"), Tag.objects.get(name="iss")


def _tags_and_links():
    return sorted(
        (tag.name, sorted(tag.taggit_taggeditem_items.values_list("object_id", flat=True)))
        for tag in Tag.objects.all()
    )


def _merge(client, tags, name):
    return client.post(MERGE_URL, {"tags": [tag.pk for tag in tags], "new_tag_name": name})


def test_an_editor_merges_tags_from_the_list_action(client, editor_user, two_tags):
    espace, iss = two_tags
    client.force_login(editor_user)
    response = client.post(
        CHANGELIST, {"action": "merge_selected_tags", "_selected_action": [espace.pk, iss.pk]}
    )
    assert response.status_code == 302
    form = client.get(response["Location"])
    assert form.status_code == 200
    assert "espace" in form.content.decode() and "iss" in form.content.decode()

    response = _merge(client, two_tags, "Espace")
    assert response.status_code == 302 and response["Location"] == CHANGELIST
    articles = {article.slug: article for article in Article.objects.all()}
    assert [tag.name for tag in Tag.objects.all()] == ["espace"]
    for slug in ("orbite", "fusee", "station"):
        assert list(articles[slug].tags.names()) == ["espace"], slug


def test_merged_public_tags_redirect_to_the_tag_that_replaces_them(client, editor_user, two_tags):
    client.force_login(editor_user)
    _merge(client, two_tags, "Exploration spatiale")
    assert [tag.slug for tag in Tag.objects.all()] == ["exploration-spatiale"]
    assert client.get("/tags/iss/").status_code == 301
    assert Redirect.objects.get(old_path="/tags/iss/").new_path == "/tags/exploration-spatiale/"
    assert Redirect.objects.get(old_path="/tags/espace/").new_path == "/tags/exploration-spatiale/"


def test_an_author_may_neither_see_the_action_nor_merge(client, author_user, two_tags):
    before = _tags_and_links()
    client.force_login(author_user)
    assert "merge_selected_tags" not in client.get(CHANGELIST).content.decode()
    assert client.get(MERGE_URL).status_code == 403
    assert _merge(client, two_tags, "espace").status_code == 403
    response = client.post(
        CHANGELIST, {"action": "merge_selected_tags", "_selected_action": [t.pk for t in two_tags]}
    )
    assert response.status_code == 200  # the list again, the action unknown to it
    assert _tags_and_links() == before


@pytest.mark.parametrize("data", [{}, {"new_tag_name": "x"}, {"tags": ["1"], "new_tag_name": "x"}])
def test_data_staff_are_refused_whatever_they_post(client, data_user, two_tags, data):
    before = _tags_and_links()
    client.force_login(data_user)
    assert client.post(MERGE_URL, data).status_code == 403
    assert client.get(MERGE_URL).status_code == 403
    assert _tags_and_links() == before


@pytest.mark.parametrize(
    "data",
    [{}, {"new_tag_name": "espace"}, {"tags": ["999999"], "new_tag_name": "x"}, {"tags": ["a"]}],
)
def test_a_post_without_valid_tags_shows_the_form_again(client, editor_user, two_tags, data):
    before = _tags_and_links()
    client.force_login(editor_user)
    response = client.post(MERGE_URL, data)
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert _tags_and_links() == before


def test_the_form_opened_without_tags_says_how_to_choose_them(client, editor_user, two_tags):
    client.force_login(editor_user)
    for query in ("", "?ids=", "?ids=abc,", "?ids=999999"):
        response = client.get(MERGE_URL + query)
        assert response.status_code == 200
        assert "Aucune étiquette choisie" in response.content.decode()


def test_merging_into_one_of_the_merged_tags_keeps_its_links(client, superuser, two_tags):
    iss = two_tags[1]
    client.force_login(superuser)
    _merge(client, two_tags, "ISS")
    assert _tags_and_links() == [
        ("iss", sorted(Article.objects.values_list("pk", flat=True))),
    ]
    assert iss.pk == Tag.objects.get().pk
