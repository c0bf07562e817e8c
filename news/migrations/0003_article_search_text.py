"""Article.search_text, the folded text that search() matches, and Article.search_title, the
folded titles it ranks by, filled for the existing articles with the functions save() uses; on
PostgreSQL a trigram index that answers search()'s `LIKE '%word%'`. SQLite has no GIN indexes:
there the filter reads the rows."""

from django.db import migrations, models

from news.models import search_text_of, search_title_of

BATCH_SIZE = 500
INDEX = "news_article_search_text_trgm"


def fill_search_text(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    articles = Article.objects.using(schema_editor.connection.alias).order_by("pk")
    last = 0
    # Batches by key, not iterator(): each batch is read in full before it is written.
    while batch := list(articles.filter(pk__gt=last)[:BATCH_SIZE]):
        for article in batch:
            article.search_text = search_text_of(article)
            article.search_title = search_title_of(article)
        Article.objects.using(schema_editor.connection.alias).bulk_update(
            batch, ["search_text", "search_title"]
        )
        last = batch[-1].pk


def on_postgresql(statement):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0002_performance_indexes"),
        ("programs", "0002_postgres_vietnamese"),  # CREATE EXTENSION pg_trgm
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_text",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.AddField(
            model_name="article",
            name="search_title",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop),
        migrations.RunPython(
            on_postgresql(
                f"CREATE INDEX {INDEX} ON news_article USING gin (search_text gin_trgm_ops)"
            ),
            on_postgresql(f"DROP INDEX IF EXISTS {INDEX}"),
        ),
    ]
