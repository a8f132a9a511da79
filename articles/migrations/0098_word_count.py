"""Articles store their word count, so reading times cost no work per request."""

from django.db import migrations, models

from articles.reading import count_words


def count_existing(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    articles = list(Article.objects.only("standfirst", "body"))
    for article in articles:
        article.word_count = count_words(article.standfirst, article.body)
    Article.objects.bulk_update(articles, ["word_count"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0097_editors_manage_redirects"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="word_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="nombre de mots"
            ),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="word_count",
            field=models.PositiveIntegerField(
                default=0, editable=False, verbose_name="nombre de mots"
            ),
        ),
        migrations.RunPython(count_existing, migrations.RunPython.noop),
    ]
