"""Articles store their full-text document, so search ranks without re-reading bodies.

Ranking with the expression index of 0090 recomputed `to_tsvector` over the
body of every matching article on each search (seconds on a thousand long
articles). The weighted document now lives in `search_vector`, with a GIN index
in place of the expression index.

A PostgreSQL trigger writes the column, rather than `Article.save()`: it fills
it on every insert and on every UPDATE that sets the title, standfirst, body or
the column itself, so `bulk_create` (generate_articles), `QuerySet.update()`,
raw SQL and fixtures cannot leave a stale document behind. A `GeneratedField`
would give the same guarantee, but its expression must compile on SQLite too,
which has no `to_tsvector`. The column exists on SQLite, always NULL: the search
fallback there never reads it.

The trigger's document is the one search ranks on: title A, standfirst B, body
C, French configuration. Changing it means a new migration replacing the
function and refreshing the column.
"""

from django.contrib.postgres.search import SearchVectorField
from django.db import migrations

FUNCTION = "articles_article_search_vector"
TRIGGER = "articles_article_search_vector_trigger"
OLD_INDEX = "article_search_idx"
INDEX = "article_search_vector_idx"

FORWARD = [
    f"""
    CREATE FUNCTION {FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        NEW.search_vector :=
            setweight(to_tsvector('french'::regconfig, COALESCE(NEW.title, '')), 'A')
            || setweight(to_tsvector('french'::regconfig, COALESCE(NEW.standfirst, '')), 'B')
            || setweight(to_tsvector('french'::regconfig, COALESCE(NEW.body, '')), 'C');
        RETURN NEW;
    END
    $$
    """,
    f"""
    CREATE TRIGGER {TRIGGER}
    BEFORE INSERT OR UPDATE OF title, standfirst, body, search_vector ON articles_article
    FOR EACH ROW EXECUTE FUNCTION {FUNCTION}()
    """,
    # Setting the column fires the trigger, which computes every row's document.
    "UPDATE articles_article SET search_vector = NULL",
    f"DROP INDEX IF EXISTS {OLD_INDEX}",
    f"CREATE INDEX {INDEX} ON articles_article USING gin (search_vector)",
    # Statistics for the new column now rather than at the next autovacuum.
    "ANALYZE articles_article",
]

BACKWARD = [
    f"DROP INDEX IF EXISTS {INDEX}",
    f"DROP TRIGGER IF EXISTS {TRIGGER} ON articles_article",
    f"DROP FUNCTION IF EXISTS {FUNCTION}()",
    # 0090's expression index, for the search code of that time.
    f"""
    CREATE INDEX IF NOT EXISTS {OLD_INDEX} ON articles_article USING gin ((
        (setweight(to_tsvector('french'::regconfig, COALESCE(title, '')), 'A')
         || setweight(to_tsvector('french'::regconfig, COALESCE(standfirst, '')), 'B'))
         || setweight(to_tsvector('french'::regconfig, COALESCE(body, '')), 'C')
    ))
    """,
]


def on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0100_embed_provider_read_from_the_address"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_vector",
            field=SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
