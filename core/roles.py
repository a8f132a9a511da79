"""The editorial roles of the design, as Django groups and their permissions.

ROLE_PERMISSIONS is the one source: `apply_roles()` runs after every `migrate` (a
`post_migrate` handler connected in CoreConfig.ready()) and makes each role group hold
exactly the permissions the table gives it, on a new database and an existing one alike.
Changing a role is editing this table; no data migration is needed.
"""

import sys

from django.apps import apps as global_apps
from django.db import migrations
from django.db.models import Q

AUTHORS = "Rédacteurs"
EDITORS = "Éditeurs"
DATA_STAFF = "Équipe data"

ALL_ACTIONS = ("add", "change", "delete", "view")

ROLE_PERMISSIONS = {
    AUTHORS: {
        "articles.article": ("add", "change", "view"),
        "articles.citedfigure": ALL_ACTIONS,
        "articles.articleimage": ALL_ACTIONS,
        "articles.embed": ALL_ACTIONS,
        # Revoking is a change; the link stays listed on the article.
        "articles.sharelink": ("add", "change", "view"),
        "articles.author": ("view",),
        "influencers.influencer": ("view",),
        "influencers.account": ("view",),
        "influencers.platform": ("view",),
        "taggit.tag": ("view",),
    },
    EDITORS: {
        "articles.article": (*ALL_ACTIONS, "publish"),
        "articles.citedfigure": ALL_ACTIONS,
        "articles.articleimage": ALL_ACTIONS,
        "articles.embed": ALL_ACTIONS,
        "articles.sharelink": ALL_ACTIONS,
        "articles.series": ALL_ACTIONS,
        "articles.seriespart": ALL_ACTIONS,
        "articles.author": ALL_ACTIONS,
        "influencers.influencer": ALL_ACTIONS,
        "influencers.account": ALL_ACTIONS,
        "influencers.platform": ALL_ACTIONS,
        "influencers.followersnapshot": ("view",),
        "influencers.event": ALL_ACTIONS,
        "taggit.tag": ALL_ACTIONS,
        # Who reads the newsletter and what it sent; granted by newsletter's migration.
        "newsletter.subscriber": ("view",),
        "newsletter.delivery": ("view",),
        "redirects.redirect": ALL_ACTIONS,
    },
    DATA_STAFF: {
        "influencers.account": ALL_ACTIONS,
        "influencers.followersnapshot": ALL_ACTIONS,
        "influencers.event": ALL_ACTIONS,
        "influencers.influencer": ("view",),
        "influencers.platform": ("view",),
    },
}


def codenames_for(model_label, actions):
    model_name = model_label.split(".")[1]
    return [f"{action}_{model_name}" for action in actions]


def wanted_permissions(group_name, Permission, using="default"):
    """The permissions ROLE_PERMISSIONS gives `group_name`, among those that exist."""
    wanted = Q(pk__in=[])
    for model_label, actions in ROLE_PERMISSIONS[group_name].items():
        app_label, model_name = model_label.split(".")
        wanted |= Q(
            content_type__app_label=app_label,
            content_type__model=model_name,
            codename__in=codenames_for(model_label, actions),
        )
    return Permission.objects.using(using).filter(wanted)


def apply_roles(apps=global_apps, using="default", verbosity=0, **kwargs):
    """Make each role group's permissions exactly what ROLE_PERMISSIONS says.

    Creates the missing groups, adds the missing permissions and removes every other
    permission from these groups, including one an administrator granted by hand: the
    table wins (a lasting change to a role is a change to the table). Groups that are not
    roles are not touched. Idempotent: a second run changes nothing.

    The `post_migrate` handler. Django sends that signal app by app and creates each
    app's permissions in its own handler, so this first creates the content types and
    permissions of every installed app (a no-op when they exist) and then sets the groups.
    """
    from django.contrib.auth.management import create_permissions

    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using, apps=apps)
    try:
        Group = apps.get_model("auth", "Group")
        Permission = apps.get_model("auth", "Permission")
    except LookupError:
        return
    for group_name in ROLE_PERMISSIONS:
        group, created = Group.objects.using(using).get_or_create(name=group_name)
        wanted = set(wanted_permissions(group_name, Permission, using))
        held = set(group.permissions.all())
        if wanted == held:
            continue
        group.permissions.remove(*(held - wanted))
        group.permissions.add(*(wanted - held))
        if verbosity >= 2:
            kwargs.get("stdout", sys.stdout).write(
                f"Role {group_name}{' (created)' if created else ''}: "
                f"{len(wanted - held)} permission(s) added, {len(held - wanted)} removed\n"
            )


def granting(*model_labels):
    """What data migrations that granted role permissions run: nothing any more.

    `apply_roles()` sets every role group after each `migrate`, so these migrations
    (articles 0096, 0097 and 0099, influencers 0007, newsletter 0001) stay in the history
    as no-ops.
    """
    return migrations.RunPython.noop
