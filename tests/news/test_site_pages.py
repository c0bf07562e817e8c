"""The news blocks on the pages of the programs app: home, province, program, conference."""

import datetime
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from news.templatetags.news_tags import ARTICLES_PER_BLOCK
from tests.factories import (
    ArticleFactory,
    ConferenceFactory,
    FormerProvinceFactory,
    ProgramFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

NEWS_LIST = reverse("news:article_list")


def content(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def hidden_articles(**links):
    """A draft, one in review, an unpublished and a scheduled article, linked as `links` says."""
    articles = [
        ArticleFactory(title_vi="Bản nháp", status=Article.Status.DRAFT),
        ArticleFactory(title_vi="Đang duyệt", status=Article.Status.IN_REVIEW),
        ArticleFactory(title_vi="Đã gỡ", status=Article.Status.UNPUBLISHED),
        ArticleFactory(title_vi="Hẹn giờ", publish_at=timezone.now() + datetime.timedelta(days=1)),
    ]
    for article in articles:
        for field, item in links.items():
            getattr(article, field).add(item)
    return articles


def assert_hidden(page, articles):
    for article in articles:
        assert article.get_absolute_url() not in page


@pytest.fixture
def province():
    return ProvinceFactory(name_vi="Cần Thơ")


class TestHome:
    def test_shows_the_latest_published_articles_with_a_link_to_all_news(self, client):
        now = timezone.now()
        articles = [
            ArticleFactory(publish_at=now - datetime.timedelta(hours=hours)) for hours in range(7)
        ]
        page = content(client, "/")
        for article in articles[:ARTICLES_PER_BLOCK]:
            assert article.get_absolute_url() in page
        for article in articles[ARTICLES_PER_BLOCK:]:
            assert article.get_absolute_url() not in page
        assert page.index(articles[0].title) < page.index(articles[1].title)
        assert f'href="{NEWS_LIST}"' in page

    def test_never_shows_hidden_articles(self, client):
        articles = hidden_articles()
        assert_hidden(content(client, "/"), articles)

    def test_says_so_when_there_is_no_news(self, client):
        assert "No news yet." in content(client, "/en/")

    def test_query_count_does_not_grow_with_articles(self, client):
        ArticleFactory.create_batch(3)
        before = count_queries(client, "/")
        ArticleFactory.create_batch(20)
        assert count_queries(client, "/") == before


class TestProvince:
    def test_shows_news_about_it_and_its_former_provinces(self, client, province):
        former = FormerProvinceFactory(name_vi="Sóc Trăng", successor=province)
        about_it = ArticleFactory(title_vi="Cần Thơ có thêm xã nông thôn mới")
        about_it.units.add(province)
        about_former = ArticleFactory(title_vi="Sóc Trăng về đích")
        about_former.units.add(former)
        elsewhere = ArticleFactory(title_vi="Tin tỉnh khác")
        elsewhere.units.add(ProvinceFactory())

        page = content(client, province.get_absolute_url())

        assert about_it.get_absolute_url() in page
        assert about_former.get_absolute_url() in page
        assert elsewhere.get_absolute_url() not in page
        assert f'href="{NEWS_LIST}?{urlencode({"province": province.slug})}"' in page

    def test_a_former_province_shows_its_own_news(self, client, province):
        former = FormerProvinceFactory(name_vi="Hậu Giang", successor=province)
        article = ArticleFactory()
        article.units.add(former)
        about_successor = ArticleFactory()
        about_successor.units.add(province)
        page = content(client, former.get_absolute_url())
        assert article.get_absolute_url() in page
        assert about_successor.get_absolute_url() not in page

    def test_never_shows_hidden_articles(self, client, province):
        articles = hidden_articles(units=province)
        assert_hidden(content(client, province.get_absolute_url()), articles)

    def test_query_count_does_not_grow_with_articles(self, client, province):
        former = FormerProvinceFactory(successor=province)
        for article in ArticleFactory.create_batch(3):
            article.units.add(province, former)
        before = count_queries(client, province.get_absolute_url())
        for article in ArticleFactory.create_batch(20):
            article.units.add(province, former)
        assert count_queries(client, province.get_absolute_url()) == before


class TestProgram:
    def test_shows_its_news_with_a_link_to_the_filtered_list(self, client):
        program = ProgramFactory()
        article = ArticleFactory()
        article.programs.add(program)
        other = ArticleFactory()
        other.programs.add(ProgramFactory())
        page = content(client, program.get_absolute_url())
        assert article.get_absolute_url() in page
        assert other.get_absolute_url() not in page
        assert f'href="{NEWS_LIST}?{urlencode({"program": program.slug})}"' in page

    def test_never_shows_hidden_articles(self, client):
        program = ProgramFactory()
        articles = hidden_articles(programs=program)
        assert_hidden(content(client, program.get_absolute_url()), articles)

    def test_query_count_does_not_grow_with_articles(self, client):
        program = ProgramFactory()
        for article in ArticleFactory.create_batch(3):
            article.programs.add(program)
        before = count_queries(client, program.get_absolute_url())
        for article in ArticleFactory.create_batch(20):
            article.programs.add(program)
        assert count_queries(client, program.get_absolute_url()) == before


class TestConference:
    def test_shows_its_linked_news(self, client):
        conference = ConferenceFactory()
        article = ArticleFactory()
        article.conferences.add(conference)
        unlinked = ArticleFactory()
        page = content(client, conference.get_absolute_url())
        assert article.get_absolute_url() in page
        assert unlinked.get_absolute_url() not in page

    def test_never_shows_hidden_articles(self, client):
        conference = ConferenceFactory()
        articles = hidden_articles(conferences=conference)
        assert_hidden(content(client, conference.get_absolute_url()), articles)

    def test_query_count_does_not_grow_with_articles(self, client):
        conference = ConferenceFactory()
        for article in ArticleFactory.create_batch(3):
            article.conferences.add(conference)
        before = count_queries(client, conference.get_absolute_url())
        for article in ArticleFactory.create_batch(20):
            article.conferences.add(conference)
        assert count_queries(client, conference.get_absolute_url()) == before


class TestNavigation:
    def test_the_main_menu_links_to_news_and_search(self, client):
        page = content(client, "/")
        assert f'<a href="{NEWS_LIST}">' in page
        assert f'<a href="{reverse("search")}">' in page

    def test_the_news_link_is_current_on_news_pages(self, client):
        assert f'<a href="{NEWS_LIST}" aria-current="page">' in content(client, NEWS_LIST)
