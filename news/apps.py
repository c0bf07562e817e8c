from django.apps import AppConfig
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def next_publication():
    """When the next scheduled article goes public: no stored list may hide it past then."""
    from .models import Article

    upcoming = (
        Article.objects.filter(status=Article.Status.PUBLISHED, publish_at__gt=timezone.now())
        .order_by("publish_at")
        .values_list("publish_at", flat=True)
        .first()
    )
    return upcoming.timestamp() if upcoming else None


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = _("News")

    def ready(self):
        from ntmportal import pagecache, search

        from .search import SEARCH_TYPES

        search.register(*SEARCH_TYPES)
        pagecache.watch(self)
        # A comment shows on its article's page, and a visitor's new one nowhere until approved.
        pagecache.tag_model(
            self.get_model("Comment"),
            tags=lambda comment: {f"news.article:{comment.article_id}"},
            skip=lambda comment, created: created and not comment.approved,
        )
        pagecache.schedule(next_publication)
