from django.contrib.auth.management import create_permissions
from django.db import migrations

from agency.roles import ROLE_PERMISSIONS, codenames_for

NEW_MODELS = ("articles.articleimage", "articles.embed")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group_name, models in ROLE_PERMISSIONS.items():
        group = Group.objects.filter(name=group_name).first()
        if group is None:
            continue
        for model_label in NEW_MODELS:
            if model_label in models:
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label="articles",
                        content_type__model=model_label.split(".")[1],
                        codename__in=codenames_for(model_label, models[model_label]),
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_workflow"),
        ("agency", "0001_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
