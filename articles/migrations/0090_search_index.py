"""Full-text search index on articles, on PostgreSQL only.

The indexed expression is, character for character, what `article_document()`
in articles/search.py compiles to, so that `document @@ query` is answered from
the index (tests/articles/test_search.py checks the plan). SQLite has no
full-text index of this kind and searches with its fallback, so the operation
does nothing there.
"""

from django.db import migrations

INDEX_NAME = "article_search_idx"
CREATE_INDEX = f"""
CREATE INDEX IF NOT EXISTS {INDEX_NAME} ON articles_article USING gin ((
    (setweight(to_tsvector('french'::regconfig, COALESCE(title, '')), 'A')
     || setweight(to_tsvector('french'::regconfig, COALESCE(standfirst, '')), 'B'))
     || setweight(to_tsvector('french'::regconfig, COALESCE(body, '')), 'C')
))
"""
DROP_INDEX = f"DROP INDEX IF EXISTS {INDEX_NAME}"


def on_postgresql(sql):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(sql)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0004_role_permissions_for_images_and_embeds"),
    ]

    operations = [
        migrations.RunPython(on_postgresql(CREATE_INDEX), on_postgresql(DROP_INDEX)),
    ]
