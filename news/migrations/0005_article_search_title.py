"""Article.search_title: the folded titles that search ranks by, filled for the existing articles
with the same function save() uses."""

from django.db import migrations, models

from news.models import search_title_of

BATCH_SIZE = 500


def fill_search_title(apps, schema_editor):
    Article = apps.get_model("news", "Article")
    articles = Article.objects.using(schema_editor.connection.alias).order_by("pk")
    last = 0
    while batch := list(articles.filter(pk__gt=last)[:BATCH_SIZE]):
        for article in batch:
            article.search_title = search_title_of(article)
        Article.objects.using(schema_editor.connection.alias).bulk_update(batch, ["search_title"])
        last = batch[-1].pk


class Migration(migrations.Migration):
    dependencies = [("news", "0004_article_newest_index")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="search_title",
            field=models.TextField(blank=True, default="", editable=False),
        ),
        migrations.RunPython(fill_search_title, migrations.RunPython.noop),
    ]
