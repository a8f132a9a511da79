"""The role groups. Created and kept in line with core/roles.py by its post_migrate handler,
apply_roles(), after every migrate; this migration once did it and stays in the history."""

from django.db import migrations

from core.roles import ROLE_PERMISSIONS


def delete_roles(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=ROLE_PERMISSIONS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("articles", "0002_initial"),
        ("influencers", "0001_initial"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, delete_roles)]
