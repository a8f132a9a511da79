"""Titles, names and labels are one line of plain text (safeguards.text).

The fields become SingleLineCharFields, which clean every value saved from now on;
RunPython repairs the rows stored before: line breaks and tabs become a space, other
control characters go. Idempotent; nothing to undo.
"""

from django.db import migrations

import safeguards.text
from safeguards.text import repair

SINGLE_LINE_FIELDS = {
    "articles.Author": ["name"],
    "articles.Article": ["title", "cover_alt", "cover_credit", "seo_title", "seo_description"],
    "articles.HistoricalArticle": [
        "title",
        "cover_alt",
        "cover_credit",
        "seo_title",
        "seo_description",
    ],
    "articles.ArticleImage": ["alt", "credit"],
    "articles.Embed": ["account_name"],
    "articles.Series": ["title"],
    # Tags are taggit's; the rule reaches their names through safeguards.tags.
    "taggit.Tag": ["name"],
}


def repair_single_line_fields(apps, schema_editor):
    repair(apps, SINGLE_LINE_FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0102_share_link_revoked_is_revoked_at"),
    ]

    operations = [
        migrations.AlterField(
            model_name="article",
            name="cover_alt",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=250, verbose_name="texte alternatif de l'image"
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="cover_credit",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=200, verbose_name="crédit de l'image"
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="seo_description",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=160, verbose_name="description SEO"
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="seo_title",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=70, verbose_name="titre SEO"
            ),
        ),
        migrations.AlterField(
            model_name="article",
            name="title",
            field=safeguards.text.SingleLineCharField(max_length=200, verbose_name="titre"),
        ),
        migrations.AlterField(
            model_name="articleimage",
            name="alt",
            field=safeguards.text.SingleLineCharField(
                help_text="Ce que montre l'image, pour les lecteurs qui ne la voient pas.",
                max_length=250,
                verbose_name="texte alternatif",
            ),
        ),
        migrations.AlterField(
            model_name="articleimage",
            name="credit",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=200, verbose_name="crédit"
            ),
        ),
        migrations.AlterField(
            model_name="author",
            name="name",
            field=safeguards.text.SingleLineCharField(max_length=120, verbose_name="nom"),
        ),
        migrations.AlterField(
            model_name="embed",
            name="account_name",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=120, verbose_name="auteur de la publication"
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="cover_alt",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=250, verbose_name="texte alternatif de l'image"
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="cover_credit",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=200, verbose_name="crédit de l'image"
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="seo_description",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=160, verbose_name="description SEO"
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="seo_title",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=70, verbose_name="titre SEO"
            ),
        ),
        migrations.AlterField(
            model_name="historicalarticle",
            name="title",
            field=safeguards.text.SingleLineCharField(max_length=200, verbose_name="titre"),
        ),
        migrations.AlterField(
            model_name="series",
            name="title",
            field=safeguards.text.SingleLineCharField(max_length=200, verbose_name="titre"),
        ),
        migrations.RunPython(repair_single_line_fields, migrations.RunPython.noop),
    ]
