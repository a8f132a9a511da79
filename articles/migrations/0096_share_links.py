"""Share links for drafts, and the role permissions to create and revoke them."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import articles.models
from core.roles import granting


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0095_uploads_get_random_names"),
        ("agency", "0001_roles"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ShareLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "token",
                    models.CharField(
                        default=articles.models.share_token,
                        editable=False,
                        max_length=64,
                        unique=True,
                    ),
                ),
                (
                    "expires_at",
                    models.DateTimeField(
                        default=articles.models.default_share_expiry, verbose_name="expire le"
                    ),
                ),
                ("is_revoked", models.BooleanField(default=False, verbose_name="révoqué")),
                (
                    "revoked_at",
                    models.DateTimeField(
                        blank=True, editable=False, null=True, verbose_name="révoqué le"
                    ),
                ),
                ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="créé le")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="share_links",
                        to="articles.article",
                        verbose_name="article",
                    ),
                ),
                (
                    "created_by",
                    models.ForeignKey(
                        blank=True,
                        editable=False,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="créé par",
                    ),
                ),
            ],
            options={
                "verbose_name": "lien de partage",
                "verbose_name_plural": "liens de partage",
                "ordering": ["-created_at", "-pk"],
            },
        ),
        migrations.RunPython(granting("articles.sharelink"), migrations.RunPython.noop),
    ]
