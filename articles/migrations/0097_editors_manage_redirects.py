"""Éditeurs manage the site's redirects (django.contrib.redirects), as core/roles.py says."""

from django.db import migrations

from core.roles import granting


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0096_share_links"),
        ("agency", "0001_roles"),
        ("redirects", "0002_alter_redirect_new_path_help_text"),
    ]

    operations = [migrations.RunPython(granting("redirects.redirect"), migrations.RunPython.noop)]
