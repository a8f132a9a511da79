"""Series of articles, managed by Éditeurs."""

import django.db.models.deletion
from django.db import migrations, models

from core.roles import granting


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
        migrations.RunPython(
            granting("articles.series", "articles.seriespart"), migrations.RunPython.noop
        ),
    ]
