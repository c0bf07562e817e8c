"""RSS and Atom feeds of the published news: all of it, per category and per province."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from programs.models import AdministrativeUnit

from .models import Article, Category
from .views import ArticleListView

FEED_LENGTH = 30


class ArticleFeed(Feed):
    def title(self):
        return _("NTM Portal news")

    def description(self):
        return _("News of Vietnam's National Target Programs.")

    subtitle = description  # Atom's name for it

    def link(self):
        return reverse("news:article_list")

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).for_lists()[:FEED_LENGTH]

    def item_title(self, article):
        return article.title

    def item_description(self, article):
        return article.lead

    def item_pubdate(self, article):
        return article.publish_at

    def item_updateddate(self, article):
        return article.updated_at

    def item_author_name(self, article):
        return ", ".join(author.name for author in article.authors.all()) or None

    def item_categories(self, article):
        return [article.category.name]


class CategoryFeed(ArticleFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return _("NTM Portal news: %(category)s") % {"category": category.name}

    def description(self, category):
        return _("News of the category %(category)s.") % {"category": category.name}

    subtitle = description

    def link(self, category):
        return category.get_absolute_url()

    def articles(self, category):
        return Article.objects.published().filter(category=category)


class ProvinceFeed(ArticleFeed):
    """News about a province or city, including the former provinces merged into it."""

    def get_object(self, request, slug):
        # The current province when a former one had the same slug.
        units = AdministrativeUnit.objects
        province = units.province_for_slug(slug) or units.province_for_slug(slug, former=True)
        if province is None:
            raise AdministrativeUnit.DoesNotExist
        return province

    def title(self, province):
        return _("NTM Portal news: %(province)s") % {"province": province.name}

    def description(self, province):
        return _("News about %(province)s.") % {"province": province.name}

    subtitle = description

    def link(self, province):
        return ArticleListView.province_url(province)

    def articles(self, province):
        return Article.objects.published().about_province(province)


class ArticleAtomFeed(ArticleFeed):
    feed_type = Atom1Feed


class CategoryAtomFeed(CategoryFeed):
    feed_type = Atom1Feed


class ProvinceAtomFeed(ProvinceFeed):
    feed_type = Atom1Feed
