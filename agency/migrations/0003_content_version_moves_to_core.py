"""ContentVersion now belongs to the core app (core 0001): the table stays, only Django's
record of the model leaves this app."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("agency", "0002_content_version"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="ContentVersion")],
        ),
    ]
