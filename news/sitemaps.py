"""The news pages in /sitemap.xml (ntmportal/sitemaps.py)."""

from ntmportal.sitemaps import PageSitemap, ViewSitemap

from .models import Article, Author, Category, Tag

sitemaps = {
    "news": ViewSitemap("news:article_list"),
    "articles": PageSitemap(Article.objects.published, lastmod="updated_at"),
    "categories": PageSitemap(Category.objects.all),
    "tags": PageSitemap(
        lambda: Tag.objects.filter(pk__in=Article.objects.published().values("tags"))
    ),
    "authors": PageSitemap(
        lambda: Author.objects.filter(pk__in=Article.objects.published().values("authors"))
    ),
}
