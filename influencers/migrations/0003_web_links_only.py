"""Profile links are web addresses only; stored ones that are not are blanked.

A platform's profile pattern or an account's address could hold `javascript:` or
`data:` links, printed on the influencer page and in its JSON-LD. The fields now
validate (safeguards.links); this neutralizes rows saved before: an unsafe account
address is emptied (the page falls back to the platform's pattern), an unsafe
pattern is emptied (the handle is shown without a link). Idempotent.
"""

from django.db import migrations, models

import safeguards.links


def blank_unsafe_links(apps, schema_editor):
    Platform = apps.get_model("influencers", "Platform")
    Account = apps.get_model("influencers", "Account")
    for platform in Platform.objects.exclude(profile_url_pattern=""):
        filled = platform.profile_url_pattern.replace("{handle}", "identifiant")
        if not safeguards.links.is_web_url(filled):
            platform.profile_url_pattern = ""
            platform.save(update_fields=["profile_url_pattern"])
    for account in Account.objects.exclude(url=""):
        if not safeguards.links.is_web_url(account.url):
            account.url = ""
            account.save(update_fields=["url"])


class Migration(migrations.Migration):
    dependencies = [
        ("influencers", "0002_snapshot_updated_by"),
    ]

    operations = [
        migrations.AlterField(
            model_name="account",
            name="url",
            field=models.URLField(
                blank=True,
                validators=[safeguards.links.WebURLValidator()],
                verbose_name="adresse du profil",
            ),
        ),
        migrations.AlterField(
            model_name="platform",
            name="profile_url_pattern",
            field=models.CharField(
                blank=True,
                help_text="Par exemple https://www.instagram.com/{handle}/",
                max_length=200,
                validators=[safeguards.links.validate_web_url_pattern],
                verbose_name="modèle d'adresse de profil",
            ),
        ),
        migrations.RunPython(blank_unsafe_links, migrations.RunPython.noop),
    ]
