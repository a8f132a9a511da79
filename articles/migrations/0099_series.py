"""Series of articles, managed by Éditeurs."""

import django.db.models.deletion
from django.contrib.auth.management import create_permissions
from django.db import migrations, models

from agency.roles import ROLE_PERMISSIONS, codenames_for

NEW_MODELS = ("articles.series", "articles.seriespart")


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    app_config = apps.get_app_config("articles")
    app_config.models_module = True
    create_permissions(app_config, verbosity=0, apps=apps)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=ROLE_PERMISSIONS):
        for model_label in NEW_MODELS:
            actions = ROLE_PERMISSIONS[group.name].get(model_label)
            if actions:
                group.permissions.add(
                    *Permission.objects.filter(
                        content_type__app_label="articles",
                        content_type__model=model_label.split(".")[1],
                        codename__in=codenames_for(model_label, actions),
                    )
                )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0098_word_count"),
        ("agency", "0001_roles"),
    ]

    operations = [
        migrations.CreateModel(
            name="Series",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("title", models.CharField(max_length=200, verbose_name="titre")),
                ("slug", models.SlugField(max_length=200, unique=True, verbose_name="slug")),
                ("description", models.TextField(blank=True, verbose_name="présentation")),
            ],
            options={
                "verbose_name": "série",
                "verbose_name_plural": "séries",
                "ordering": ["title"],
            },
        ),
        migrations.CreateModel(
            name="SeriesPart",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="ordre")),
                (
                    "article",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="series_part",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "series",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="parts",
                        to="articles.series",
                        verbose_name="série",
                    ),
                ),
            ],
            options={
                "verbose_name": "article de la série",
                "verbose_name_plural": "articles de la série",
                "ordering": ["series", "position"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("series", "position"), name="series_part_position"
                    )
                ],
            },
        ),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
