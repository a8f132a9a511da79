"""The permission matrix of the design's role table, through the admin."""

import pytest

pytestmark = pytest.mark.django_db

CHANGELISTS = {
    "article": "/admin/articles/article/",
    "author": "/admin/articles/author/",
    "influencer": "/admin/influencers/influencer/",
    "platform": "/admin/influencers/platform/",
    "account": "/admin/influencers/account/",
    "snapshot": "/admin/influencers/followersnapshot/",
    "event": "/admin/influencers/event/",
    "tag": "/admin/taggit/tag/",
    "subscriber": "/admin/newsletter/subscriber/",
    "delivery": "/admin/newsletter/delivery/",
}

# What each role may open (200) and add (200 on the add form); others get 403.
CAN_VIEW = {
    "author_user": {"article", "author", "influencer", "platform", "account", "tag"},
    "editor_user": {
        *("article", "author", "influencer", "platform", "account", "snapshot", "event", "tag"),
        *("subscriber", "delivery"),  # read only: nobody adds subscribers in the admin
    },
    "data_user": {"influencer", "platform", "account", "snapshot", "event"},
}
CAN_ADD = {
    "author_user": {"article"},
    "editor_user": {"article", "author", "influencer", "platform", "account", "event", "tag"},
    "data_user": {"account", "snapshot", "event"},
}


@pytest.mark.parametrize("role", CAN_VIEW)
def test_each_role_sees_exactly_its_admin_screens(client, request, role):
    client.force_login(request.getfixturevalue(role))
    for name, url in CHANGELISTS.items():
        expected = 200 if name in CAN_VIEW[role] else 403
        assert client.get(url).status_code == expected, (role, name)
        expected = 200 if name in CAN_ADD[role] else 403
        assert client.get(url + "add/").status_code == expected, (role, name, "add")


def test_anonymous_is_sent_to_the_login_page(client):
    for url in CHANGELISTS.values():
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")


def test_only_editors_hold_the_publish_permission(author_user, editor_user, data_user):
    assert editor_user.has_perm("articles.publish_article")
    assert not author_user.has_perm("articles.publish_article")
    assert not data_user.has_perm("articles.publish_article")
