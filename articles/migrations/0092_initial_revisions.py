"""A first revision for the articles written before revisions were kept.

Without it, the first edit of an existing article would have nothing to
compare with or restore.
"""

from django.db import migrations
from django.utils import timezone


def record_initial_revisions(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    HistoricalArticle = apps.get_model("articles", "HistoricalArticle")
    copied = [
        field.attname
        for field in HistoricalArticle._meta.fields
        if not field.name.startswith("history_")
    ]
    recorded = set(HistoricalArticle.objects.values_list("id", flat=True))
    now = timezone.now()
    HistoricalArticle.objects.bulk_create(
        HistoricalArticle(
            **{name: getattr(article, name) for name in copied},
            history_date=now,
            history_type="+",
            history_change_reason="Version initiale",
        )
        for article in Article.objects.exclude(pk__in=recorded).iterator()
    )


class Migration(migrations.Migration):
    dependencies = [("articles", "0091_image_caption_lives_in_the_text")]

    operations = [migrations.RunPython(record_initial_revisions, migrations.RunPython.noop)]
