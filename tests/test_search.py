import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from news.models import Article
from ntmportal import search as site_search
from ntmportal.search import MAX_QUERY_LENGTH, RESULTS_PER_TYPE
from ntmportal.search.views import RESULTS_PER_PAGE
from tests.factories import (
    ArticleFactory,
    ConferenceFactory,
    DocumentFactory,
    FormerProvinceFactory,
    IndicatorFactory,
    MovementFactory,
    ProgramFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

SEARCH_URL = reverse("search")
TYPES = [
    "articles",
    "programs",
    "movements",
    "provinces",
    "indicators",
    "conferences",
    "documents",
]


def search(client, query, url=SEARCH_URL):
    response = client.get(url, {"q": query})
    assert response.status_code == 200
    return response


def hits(response, key):
    groups = {group.key: group for group in response.context["groups"]}
    return groups[key].hits


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def site():
    can_tho = ProvinceFactory(name_vi="Cần Thơ", name_en="Can Tho City")
    soc_trang = FormerProvinceFactory(name_vi="Sóc Trăng", successor=can_tho)
    return {
        "can_tho": can_tho,
        "soc_trang": soc_trang,
        "article": ArticleFactory(title_vi="Sóc Trăng về đích nông thôn mới"),
        "indicator": IndicatorFactory(name_vi="Số xã đạt chuẩn nông thôn mới"),
        "conference": ConferenceFactory(title_vi="Hội nghị tổng kết Chương trình nông thôn mới"),
        "document": DocumentFactory(
            number="263/QĐ-TTg", title_vi="Phê duyệt Chương trình xây dựng nông thôn mới"
        ),
    }


class TestDiacritics:
    def test_a_province_is_found_without_diacritics(self, client, site):
        response = search(client, "soc trang")
        # The former province, then the province it merged into.
        assert hits(response, "provinces") == [site["soc_trang"], site["can_tho"]]
        assert hits(response, "articles") == [site["article"]]

    def test_a_phrase_without_diacritics_finds_every_type(self, client, site):
        response = search(client, "nong thon moi")
        for key, item in [
            ("articles", "article"),
            ("indicators", "indicator"),
            ("conferences", "conference"),
            ("documents", "document"),
        ]:
            assert hits(response, key) == [site[item]], key
        assert hits(response, "provinces") == []

    def test_case_and_d_stroke_are_ignored(self, client, site):
        assert hits(search(client, "263/qd-ttg"), "documents") == [site["document"]]
        assert hits(search(client, "CẦN THƠ"), "provinces") == [site["can_tho"]]

    def test_english_names_are_searched_too(self, client, site):
        response = search(client, "city", url=f"/en{SEARCH_URL}")
        assert hits(response, "provinces") == [site["can_tho"]]

    def test_every_word_must_match(self, client, site):
        assert hits(search(client, "soc trang ocop"), "provinces") == []

    def test_results_link_to_their_pages(self, client, site):
        content = search(client, "soc trang").content.decode()
        assert site["soc_trang"].get_absolute_url() in content
        assert site["can_tho"].name in content  # the former province says where it went
        assert site["article"].get_absolute_url() in content


class TestRanking:
    def test_a_title_match_comes_before_a_newer_body_match(self, client):
        in_title = ArticleFactory(title_vi="Sản phẩm OCOP Sóc Trăng", publish_at=days_ago(5))
        in_body = ArticleFactory(body_vi="<p>Thêm sản phẩm OCOP.</p>", publish_at=days_ago(1))
        assert hits(search(client, "ocop"), "articles") == [in_title, in_body]

    def test_an_article_titled_as_the_query_comes_first_in_either_language(self, client):
        scattered = ArticleFactory(title_vi="Mới: nông thôn đổi thay", publish_at=days_ago(1))
        phrase = ArticleFactory(title_vi="Xây dựng nông thôn mới", publish_at=days_ago(2))
        exact_en = ArticleFactory(
            title_vi="Vùng quê", title_en="New rural areas", publish_at=days_ago(4)
        )
        exact = ArticleFactory(title_vi="Nông thôn mới", publish_at=days_ago(3))
        assert hits(search(client, "nong thon moi"), "articles") == [exact, phrase, scattered]
        assert hits(search(client, "new rural areas"), "articles")[0] == exact_en

    def test_an_exact_name_comes_before_a_partial_one(self, client):
        partial = DocumentFactory(number="1263/QĐ-TTg", issued_on=datetime.date(2024, 1, 1))
        exact = DocumentFactory(number="263/QĐ-TTg", issued_on=datetime.date(2022, 2, 22))
        assert hits(search(client, "263/QĐ-TTg"), "documents") == [exact, partial]

    def test_the_phrase_as_typed_comes_before_scattered_words(self, client):
        program = ProgramFactory()
        scattered = IndicatorFactory(name_vi="Xã mới đạt chuẩn nông thôn", program=program, order=1)
        phrase = IndicatorFactory(name_vi="Xã đạt chuẩn nông thôn mới", program=program, order=2)
        assert hits(search(client, "nông thôn mới"), "indicators") == [phrase, scattered]

    def test_each_group_is_capped_and_counts_all_its_matches(self, client):
        ArticleFactory.create_batch(RESULTS_PER_TYPE + 3)
        response = search(client, "nong thon")
        group = response.context["groups"][0]
        assert (len(group.hits), group.total, group.more) == (RESULTS_PER_TYPE, 13, 3)
        assert "and 3 more" in search(client, "nong thon", url=f"/en{SEARCH_URL}").content.decode()


class TestCandidates:
    """Only the newest SEARCH_CANDIDATES matching articles are ranked and counted."""

    @pytest.fixture(autouse=True)
    def _three_candidates(self, monkeypatch):
        monkeypatch.setattr(site_search, "SEARCH_CANDIDATES", 3)

    def test_more_matches_than_the_cap_read_more_than_the_cap(self, client):
        for days in range(1, 6):
            ArticleFactory(body_vi="<p>Sản phẩm OCOP</p>", publish_at=days_ago(days))
        group = search(client, "ocop").context["groups"][0]
        assert (group.total, group.capped) == (3, True)
        content = search(client, "ocop", url=f"/en{SEARCH_URL}").content.decode()
        assert "More than 3 results for “ocop”." in content
        assert "(more than 3)" in content
        assert "and many more; add words to narrow the search." in content
        assert "Hơn 3 kết quả cho “ocop”." in search(client, "ocop").content.decode()

    def test_as_many_matches_as_the_cap_are_counted_exactly(self, client):
        ArticleFactory.create_batch(3, body_vi="<p>Sản phẩm OCOP</p>")
        group = search(client, "ocop").context["groups"][0]
        assert (group.total, group.capped) == (3, False)
        content = search(client, "ocop", url=f"/en{SEARCH_URL}").content.decode()
        assert '<p role="status">3 results for “ocop”.</p>' in content

    def test_the_newest_matches_are_ranked_and_older_ones_left_out(self, client):
        body = "<p>Sản phẩm OCOP</p>"
        newest = ArticleFactory(body_vi=body, publish_at=days_ago(1))
        in_title = ArticleFactory(title_vi="OCOP Sóc Trăng", publish_at=days_ago(2))
        third = ArticleFactory(body_vi=body, publish_at=days_ago(3))
        fourth = ArticleFactory(body_vi=body, publish_at=days_ago(4))
        ArticleFactory(title_vi="OCOP Hậu Giang", publish_at=days_ago(9))  # not a candidate
        assert hits(search(client, "ocop"), "articles") == [in_title, newest, third, fourth]


class TestHiddenArticles:
    def test_drafts_reviews_unpublished_and_scheduled_articles_never_appear(self, client):
        visible = ArticleFactory(title_vi="Giảm nghèo bền vững đã đăng")
        hidden = [
            ArticleFactory(title_vi="Giảm nghèo bản nháp", status=Article.Status.DRAFT),
            ArticleFactory(title_vi="Giảm nghèo đang duyệt", status=Article.Status.IN_REVIEW),
            ArticleFactory(title_vi="Giảm nghèo đã gỡ", status=Article.Status.UNPUBLISHED),
            ArticleFactory(title_vi="Giảm nghèo hẹn giờ", publish_at=days_ago(-1)),
        ]
        response = search(client, "giam ngheo")
        assert hits(response, "articles") == [visible]
        assert response.context["groups"][0].total == 1
        for article in hidden:
            assert article.title_vi not in response.content.decode()


class TestBadQueries:
    def test_an_empty_query_shows_the_form_and_searches_nothing(self, client, site):
        for query in ["", "   "]:
            with CaptureQueriesContext(connection) as queries:
                response = search(client, query)
            assert response.context["groups"] == []
            assert 'role="search"' in response.content.decode()
            assert not any("programs_document" in q["sql"] for q in queries.captured_queries)

    def test_a_missing_query_is_an_empty_one(self, client):
        assert client.get(SEARCH_URL).context["groups"] == []

    def test_a_too_long_query_is_shortened(self, client, site):
        response = search(client, "soc trang " + "x" * 1000)
        assert len(response.context["query"]) == MAX_QUERY_LENGTH
        assert response.context["form"].shortened

    def test_a_null_character_is_refused_without_an_error_page(self, client, site):
        response = search(client, "soc\x00trang")
        assert response.context["groups"] == []
        assert 'role="alert"' in response.content.decode()

    def test_like_wildcards_are_taken_literally(self, client, site):
        assert all(group.total == 0 for group in search(client, "%").context["groups"])
        assert all(group.total == 0 for group in search(client, "_").context["groups"])


class TestGroups:
    def test_programs_and_movements_are_found(self, client):
        program = ProgramFactory(
            name_vi="Chương trình giảm nghèo bền vững", short_name_vi="Giảm nghèo"
        )
        movement = MovementFactory(name_vi="Cả nước chung tay vì người nghèo")
        assert hits(search(client, "giam ngheo"), "programs") == [program]
        assert hits(search(client, "nguoi ngheo"), "movements") == [movement]

    def test_an_exact_name_is_a_best_bet(self, client, site):
        response = search(client, "Sóc Trăng")
        assert response.context["best_bets"] == [("provinces", site["soc_trang"])]
        assert 'id="best-bets"' in response.content.decode()

    def test_a_partial_match_is_no_best_bet(self, client, site):
        assert search(client, "nong thon").context["best_bets"] == []

    def test_see_all_pages_through_one_group(self, client):
        for number in range(RESULTS_PER_TYPE + 15):
            IndicatorFactory(name_vi=f"Chỉ tiêu nông thôn {number}")
        content = search(client, "nong thon").content.decode()
        assert "?q=nong%20thon&amp;type=indicators" in content
        first = client.get(SEARCH_URL, {"q": "nong thon", "type": "indicators"})
        assert len(first.context["page_obj"]) == RESULTS_PER_PAGE
        second = client.get(SEARCH_URL, {"q": "nong thon", "type": "indicators", "page": 2})
        assert len(second.context["page_obj"]) == RESULTS_PER_TYPE + 15 - RESULTS_PER_PAGE

    def test_an_unknown_group_or_page_is_no_error(self, client, site):
        assert client.get(SEARCH_URL, {"q": "soc trang", "type": "poems"}).status_code == 200
        response = client.get(SEARCH_URL, {"q": "soc trang", "type": "provinces", "page": "x"})
        assert response.status_code == 200

    def test_a_group_page_query_count_does_not_grow_with_rows(self, client, site):
        def count():
            with CaptureQueriesContext(connection) as queries:
                client.get(SEARCH_URL, {"q": "soc trang", "type": "provinces"})
            return len(queries)

        before = count()
        for number in range(20):
            FormerProvinceFactory(name_vi=f"Sóc Trăng {number}", successor=site["can_tho"])
        assert count() == before


class TestPage:
    def test_the_search_page_has_one_search_form(self, client, site):
        content = search(client, "soc trang").content.decode()
        assert content.count('role="search"') == 1

    def test_every_page_has_a_labelled_search_box_in_the_header(self, client, site):
        content = client.get("/").content.decode()
        assert f'<form class="site-search" role="search" method="get" action="{SEARCH_URL}">' in (
            content
        )
        assert '<label for="site-search-q"' in content

    def test_the_english_page_searches_in_english(self, client, site):
        content = search(client, "soc trang", url=f"/en{SEARCH_URL}").content.decode()
        assert 'action="/en/search/"' in content
        assert "Provinces" in content

    def test_query_count_does_not_grow_with_rows(self, client, site):
        def count():
            with CaptureQueriesContext(connection) as queries:
                search(client, "nong thon moi")
            return len(queries)

        before = count()
        for number in range(20):
            ArticleFactory()
            FormerProvinceFactory(name_vi=f"Nông Thôn Mới {number}", successor=site["can_tho"])
            IndicatorFactory(name_vi="Xã nông thôn mới")
            ConferenceFactory(title_vi="Hội nghị nông thôn mới")
            DocumentFactory(title_vi="Quyết định nông thôn mới")
        assert count() == before
