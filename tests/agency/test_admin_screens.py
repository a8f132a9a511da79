import pytest
from bs4 import BeautifulSoup

from articles.models import Article, Author
from influencers.models import Account, FollowerSnapshot, Influencer, Platform

pytestmark = pytest.mark.django_db

MODELS = [Article, Author, Influencer, Platform, Account, FollowerSnapshot]


def test_every_changelist_and_changeform_renders_with_demo_data(client, superuser, demo_data):
    client.force_login(superuser)
    for model in MODELS:
        base = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
        assert client.get(base).status_code == 200, base
        assert client.get(base + "add/").status_code == 200, base
        first = model.objects.first()
        assert client.get(f"{base}{first.pk}/change/").status_code == 200, base
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/taggit/tag/").status_code == 200


def test_admin_search_and_filters_work(client, superuser, demo_data):
    client.force_login(superuser)
    response = client.get("/admin/influencers/followersnapshot/?q=Pesquet&source__exact=manual")
    assert response.status_code == 200
    rows = BeautifulSoup(response.content, "html.parser").select("#result_list tbody tr")
    assert len(rows) == 3, "the three figures published in early 2019"
    assert all("Thomas Pesquet" in row.get_text() for row in rows)


def test_publish_action_publishes_selected_drafts(client, editor_user):
    from tests import factories

    draft = factories.make_article(status=Article.Status.DRAFT)
    client.force_login(editor_user)
    response = client.post(
        "/admin/articles/article/",
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.is_public
