from django.db import migrations
from django.db.models.functions import Now


def stamp_revoked_links(apps, schema_editor):
    # Only a bulk update could make the two disagree; the flag was what the page obeyed.
    ShareLink = apps.get_model("articles", "ShareLink")
    ShareLink.objects.filter(is_revoked=True, revoked_at=None).update(revoked_at=Now())
    ShareLink.objects.filter(is_revoked=False).update(revoked_at=None)


def flag_revoked_links(apps, schema_editor):
    ShareLink = apps.get_model("articles", "ShareLink")
    ShareLink.objects.filter(revoked_at__isnull=False).update(is_revoked=True)


class Migration(migrations.Migration):
    """`ShareLink.is_revoked` is `revoked_at is not None`: the column only duplicated it."""

    dependencies = [
        ("articles", "0101_search_vector"),
    ]

    operations = [
        # Reversed, the column comes back first, then the flags are set from the times.
        migrations.RunPython(stamp_revoked_links, flag_revoked_links),
        migrations.RemoveField(model_name="sharelink", name="is_revoked"),
    ]
