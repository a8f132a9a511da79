"""ContentVersion moved from the agency app: its table (agency_contentversion, created by
agency's 0002) stays where it is; only Django's record of the model changes app."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("agency", "0002_content_version"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ContentVersion",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("counter", models.BigIntegerField(default=0)),
                    ],
                    options={
                        "verbose_name": "version du contenu",
                        "db_table": "agency_contentversion",
                    },
                ),
            ],
        ),
    ]
