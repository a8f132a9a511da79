"""Éditeurs manage the site's redirects (django.contrib.redirects), as agency/roles.py says."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from agency.roles import ROLE_PERMISSIONS, codenames_for

NEW_MODEL = "redirects.redirect"


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("redirects")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        actions = ROLE_PERMISSIONS[group.name].get(NEW_MODEL)
        if actions:
            group.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label="redirects",
                    content_type__model="redirect",
                    codename__in=codenames_for(NEW_MODEL, actions),
                )
            )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0096_share_links"),
        ("agency", "0001_roles"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
