"""News blocks for the pages of other apps: the home page, a province, a program, a conference.

Each block is one query, however many articles there are.
"""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _

from news.models import Article
from news.views import ArticleListView
from ntmportal.templatetags.language_tags import mark_within

register = template.Library()

ARTICLES_PER_BLOCK = 5


def news_block(articles, heading, more_url=""):
    return {
        "articles": articles.summaries()[:ARTICLES_PER_BLOCK],
        "heading": heading,
        "more_url": more_url,
    }


def filtered_list_url(**filters):
    return f"{reverse('news:article_list')}?{urlencode(filters)}"


@register.inclusion_tag("news/includes/news_block.html")
def latest_news():
    return news_block(Article.objects.published(), _("Latest news"), reverse("news:article_list"))


@register.inclusion_tag("news/includes/news_block.html")
def province_news(province):
    """News about the province, or about the former provinces that merged into it."""
    return news_block(
        Article.objects.published().about_province(province),
        mark_within(_("News about %(name)s") % {"name": province.name}, (province, "name")),
        ArticleListView.province_url(province),
    )


@register.inclusion_tag("news/includes/news_block.html")
def program_news(program):
    return news_block(
        Article.objects.published().filter(programs=program),
        _("News of the program"),
        filtered_list_url(program=program.slug),
    )


@register.inclusion_tag("news/includes/news_block.html")
def conference_news(conference):
    return news_block(Article.objects.published().filter(conferences=conference), _("News"))
