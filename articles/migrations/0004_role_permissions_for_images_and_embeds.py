"""Role permissions on images and embeds: now set by core.roles.apply_roles() after every
migrate; this migration once granted them and stays in the history as a no-op."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_editorial_workflow"),
        ("agency", "0001_roles"),
    ]

    operations = [migrations.RunPython(migrations.RunPython.noop, migrations.RunPython.noop)]
