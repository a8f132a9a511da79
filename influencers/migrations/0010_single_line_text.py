"""Titles, names and labels are one line of plain text (safeguards.text).

The fields become SingleLineCharFields, which clean every value saved from now on;
RunPython repairs the rows stored before: line breaks and tabs become a space, other
control characters go. Idempotent; nothing to undo.
"""

import django.core.validators
from django.db import migrations

import safeguards.links
import safeguards.text
from safeguards.text import repair

SINGLE_LINE_FIELDS = {
    "influencers.Platform": ["name", "profile_url_pattern", "audience_word", "color"],
    "influencers.Influencer": ["name", "headline", "photo_alt", "country", "affiliations"],
    "influencers.Account": ["handle"],
    "influencers.FollowerSnapshot": ["note"],
    "influencers.Event": ["label"],
}


def repair_single_line_fields(apps, schema_editor):
    repair(apps, SINGLE_LINE_FIELDS)


class Migration(migrations.Migration):
    dependencies = [
        ("influencers", "0009_source_links_use_the_shared_web_url_validator"),
    ]

    operations = [
        migrations.AlterField(
            model_name="account",
            name="handle",
            field=safeguards.text.SingleLineCharField(
                help_text="Sans @ initial, tel qu'affiché sur la plateforme",
                max_length=100,
                verbose_name="identifiant",
            ),
        ),
        migrations.AlterField(
            model_name="event",
            name="label",
            field=safeguards.text.SingleLineCharField(
                help_text="Une phrase courte, lue sous le graphique : « Twitter devient X ».",
                max_length=200,
                verbose_name="explication",
            ),
        ),
        migrations.AlterField(
            model_name="followersnapshot",
            name="note",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=255, verbose_name="note"
            ),
        ),
        migrations.AlterField(
            model_name="influencer",
            name="affiliations",
            field=safeguards.text.SingleLineCharField(
                blank=True,
                help_text="Par exemple ESA, CNES",
                max_length=200,
                verbose_name="affiliations",
            ),
        ),
        migrations.AlterField(
            model_name="influencer",
            name="country",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=80, verbose_name="pays"
            ),
        ),
        migrations.AlterField(
            model_name="influencer",
            name="headline",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=160, verbose_name="titre"
            ),
        ),
        migrations.AlterField(
            model_name="influencer",
            name="name",
            field=safeguards.text.SingleLineCharField(max_length=120, verbose_name="nom"),
        ),
        migrations.AlterField(
            model_name="influencer",
            name="photo_alt",
            field=safeguards.text.SingleLineCharField(
                blank=True, max_length=200, verbose_name="texte alternatif de la photo"
            ),
        ),
        migrations.AlterField(
            model_name="platform",
            name="audience_word",
            field=safeguards.text.SingleLineCharField(
                default="abonnés", max_length=40, verbose_name="mot pour l'audience"
            ),
        ),
        migrations.AlterField(
            model_name="platform",
            name="color",
            field=safeguards.text.SingleLineCharField(
                default="#4a5568",
                help_text="Couleur hexadécimale, #rrggbb",
                max_length=7,
                validators=[
                    django.core.validators.RegexValidator(
                        "^#[0-9a-fA-F]{6}\\Z", "Une couleur s'écrit #rrggbb, par exemple #1877f2."
                    )
                ],
                verbose_name="couleur",
            ),
        ),
        migrations.AlterField(
            model_name="platform",
            name="name",
            field=safeguards.text.SingleLineCharField(
                max_length=60, unique=True, verbose_name="nom"
            ),
        ),
        migrations.AlterField(
            model_name="platform",
            name="profile_url_pattern",
            field=safeguards.text.SingleLineCharField(
                blank=True,
                help_text="Par exemple https://www.instagram.com/{handle}/",
                max_length=200,
                validators=[safeguards.links.validate_web_url_pattern],
                verbose_name="modèle d'adresse de profil",
            ),
        ),
        migrations.RunPython(repair_single_line_fields, migrations.RunPython.noop),
    ]
