"""Give a URL-making slug to the tags saved before slugs were guarded.

A tag whose name has no letter or digit got an empty slug (and a second one
"_1"), which took the sitemap and every page linking to it down. New tags are
guarded by safeguards.tags; this repairs the rows already stored. Idempotent.
"""

from django.db import migrations

from safeguards.tags import free_slug, is_usable


def repair_tag_slugs(apps, schema_editor):
    Tag = apps.get_model("taggit", "Tag")
    max_length = Tag._meta.get_field("slug").max_length
    for tag in Tag.objects.order_by("pk"):
        if not is_usable(tag.slug, Tag.objects.all(), max_length, tag.pk):
            tag.slug = free_slug(Tag.objects.all(), tag.name, max_length, tag.pk)
            tag.save(update_fields=["slug"])


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0092_initial_revisions"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(repair_tag_slugs, migrations.RunPython.noop)]
