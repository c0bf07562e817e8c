"""The news' searchable type (ntmportal.search), registered by NewsConfig.ready()."""

from django.utils.translation import gettext_lazy as _

from ntmportal import search

from .models import Article


def newest_articles(words):
    """The newest SEARCH_CANDIDATES + 1 published articles with every word, the one more telling
    that there are more."""
    articles = Article.objects.published()
    return articles.newest_matches(" ".join(words), search.SEARCH_CANDIDATES + 1).summaries()


SEARCH_TYPES = [
    search.SearchType(
        "articles",
        _("News"),
        ["search_title"],
        ("-publish_at", "-pk"),
        newest_articles,
        position=0,  # what visitors look for most: first
        bounded=True,
        rank=search.folded_title_relevance,
    ),
]
