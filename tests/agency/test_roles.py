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


# The groups follow core/roles.py after every migrate (core.roles.apply_roles).


def held(group_name):
    from django.contrib.auth.models import Group

    return {
        f"{p.content_type.app_label}.{p.codename}"
        for p in Group.objects.get(name=group_name).permissions.select_related("content_type")
    }


def expected(table, group_name):
    return {
        f"{label.split('.')[0]}.{action}_{label.split('.')[1]}"
        for label, actions in table[group_name].items()
        for action in actions
    }


def test_each_role_group_holds_exactly_what_the_table_gives_it():
    from core.roles import ROLE_PERMISSIONS

    for group_name in ROLE_PERMISSIONS:
        assert held(group_name) == expected(ROLE_PERMISSIONS, group_name), group_name


def test_every_permission_the_table_names_exists():
    """A typo in the table (or a model that went away) would otherwise be skipped silently."""
    from django.contrib.auth.models import Permission

    from core.roles import ROLE_PERMISSIONS

    existing = {
        f"{app_label}.{codename}"
        for app_label, codename in Permission.objects.values_list(
            "content_type__app_label", "codename"
        )
    }
    for group_name in ROLE_PERMISSIONS:
        assert expected(ROLE_PERMISSIONS, group_name) <= existing, group_name


def test_migrate_applies_a_changed_role_table_to_an_existing_database(monkeypatch):
    from django.contrib.auth.models import Group, Permission
    from django.core.management import call_command

    from core import roles

    # An administrator's hand-made group and a hand-granted extra on a role.
    other = Group.objects.create(name="Stagiaires")
    other.permissions.add(Permission.objects.get(codename="delete_article"))
    Group.objects.get(name=roles.AUTHORS).permissions.add(
        Permission.objects.get(codename="delete_influencer")
    )
    table = {name: dict(models) for name, models in roles.ROLE_PERMISSIONS.items()}
    del table[roles.AUTHORS]["articles.embed"]  # removal of a whole model
    table[roles.AUTHORS]["articles.article"] = ("change", "view")  # removal of one action
    table[roles.AUTHORS]["influencers.followersnapshot"] = ("view",)  # addition
    table["Relecteurs"] = {"articles.article": ("view",)}  # a new role
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", table)

    call_command("migrate", verbosity=0, interactive=False)

    for group_name in table:
        assert held(group_name) == expected(table, group_name), group_name
    assert "articles.add_article" not in held(roles.AUTHORS)
    assert "articles.view_embed" not in held(roles.AUTHORS)
    assert "influencers.view_followersnapshot" in held(roles.AUTHORS)
    # The table wins over a hand-granted extra on a role; other groups are left alone.
    assert "influencers.delete_influencer" not in held(roles.AUTHORS)
    assert held("Stagiaires") == {"articles.delete_article"}


def test_applying_the_roles_is_idempotent_and_quiet():
    import io

    from django.contrib.auth.models import Group

    from core import roles

    Group.objects.get(name=roles.EDITORS).permissions.clear()
    out = io.StringIO()
    roles.apply_roles(verbosity=1, stdout=out)
    assert out.getvalue() == ""  # quiet at migrate's default verbosity
    assert held(roles.EDITORS) == expected(roles.ROLE_PERMISSIONS, roles.EDITORS)

    before = {name: held(name) for name in roles.ROLE_PERMISSIONS}
    roles.apply_roles(verbosity=2, stdout=out)
    assert out.getvalue() == ""  # nothing to change, nothing said
    assert {name: held(name) for name in roles.ROLE_PERMISSIONS} == before
