import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import gettext

from news.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    CommentFactory,
    ConferenceFactory,
    DocumentFactory,
    FormerProvinceFactory,
    MovementFactory,
    ProgramFactory,
    ProvinceFactory,
    TagFactory,
    UserFactory,
)

from .images import image_file

pytestmark = pytest.mark.django_db

Status = Article.Status
LIST_URL = reverse("news:article_list")


def test_hidden_articles_are_404_for_visitors(client, hidden_articles):
    for article in hidden_articles:
        assert client.get(article.get_absolute_url()).status_code == 404


def test_hidden_articles_are_absent_from_every_list(client, hidden_articles):
    author = AuthorFactory(slug="tac-gia")
    tag = TagFactory(slug="the")
    for article in hidden_articles:
        article.authors.add(author)
        article.tags.add(tag)
    visible = ArticleFactory(title_vi="Đã đăng", category=hidden_articles[0].category)
    for url in [
        LIST_URL,
        reverse("news:category_detail", args=["an"]),
        reverse("news:author_detail", args=["tac-gia"]),
        reverse("news:tag_detail", args=["the"]),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert [a.pk for a in response.context["article_list"]] in ([visible.pk], [])
        for article in hidden_articles:
            assert article.title_vi not in response.content.decode()


def test_article_page_shows_the_article_and_its_links(client):
    program = ProgramFactory(short_name_vi="Nông thôn mới")
    former = FormerProvinceFactory(name_vi="Sóc Trăng")
    conference = ConferenceFactory(title_vi="Hội nghị toàn quốc tổng kết")
    movement = MovementFactory(name_vi="Cả nước chung sức xây dựng nông thôn mới")
    document = DocumentFactory(number="263/QĐ-TTg")
    author = AuthorFactory(name="Kim Ngọc")
    article = ArticleFactory(
        authors=[author],
        original_publisher="Báo Sóc Trăng",
        original_url="https://baosoctrang.org.vn/bai-viet",
        original_date=datetime.date(2025, 6, 23),
    )
    article.programs.add(program)
    article.units.add(former)
    article.conferences.add(conference)
    article.movements.add(movement)
    article.documents.add(document)
    article.tags.add(TagFactory(name="OCOP"))

    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    for linked in (program, former, conference, movement, document, author):
        assert f'href="{linked.get_absolute_url()}"' in response.content.decode()
    assert b"Kim Ng\xe1\xbb\x8dc" in response.content
    assert b'href="https://baosoctrang.org.vn/bai-viet"' in response.content
    assert "Báo Sóc Trăng" in response.content.decode()


def test_article_page_has_canonical_url_description_and_social_meta(client):
    article = ArticleFactory(
        lead_vi="Tóm tắt về hội nghị",
        hero_image=image_file(),
        hero_alt_vi="Toàn cảnh",
    )
    html = client.get(article.get_absolute_url()).content.decode()
    url = f"http://testserver{article.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta name="description" content="Tóm tắt về hội nghị">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title"' in html
    assert '<meta property="og:image" content="http://testserver/media/news/renditions/' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_hero_image_has_srcset_size_and_alt(client):
    article = ArticleFactory(hero_image=image_file(), hero_alt_vi="Toàn cảnh hội nghị")
    html = client.get(article.get_absolute_url()).content.decode()
    assert f'srcset="{article.hero_srcset}"' in html
    assert 'width="1600" height="800" alt="Toàn cảnh hội nghị"' in html


def test_english_page_falls_back_to_vietnamese(client):
    article = ArticleFactory(title_vi="Chỉ có tiếng Việt", title_en="")
    response = client.get(f"/en{article.get_absolute_url()}")
    assert response.status_code == 200
    assert "Chỉ có tiếng Việt" in response.content.decode()


def test_list_filters_by_category_tag_program_and_province(client):
    category = CategoryFactory(slug="ocop")
    tag = TagFactory(slug="san-pham")
    program = ProgramFactory(slug="nong-thon-moi")
    current = ProvinceFactory(name_vi="Cần Thơ", slug="can-tho")
    former = FormerProvinceFactory(name_vi="Sóc Trăng", slug="soc-trang", successor=current)
    by_category = ArticleFactory(category=category)
    by_tag = ArticleFactory()
    by_tag.tags.add(tag)
    by_program = ArticleFactory()
    by_program.programs.add(program)
    about_former = ArticleFactory()
    about_former.units.add(former)
    ArticleFactory()

    def listed(query):
        return {a.pk for a in client.get(f"{LIST_URL}?{query}").context["article_list"]}

    assert listed("category=ocop") == {by_category.pk}
    assert listed("tag=san-pham") == {by_tag.pk}
    assert listed("program=nong-thon-moi") == {by_program.pk}
    assert listed("former_province=soc-trang") == {about_former.pk}
    # A current province lists the news of the former provinces merged into it.
    assert listed("province=can-tho") == {about_former.pk}
    assert listed("province=khong-co") == set()


def test_a_former_and_a_current_province_sharing_a_slug_keep_their_own_news(client):
    current = ProvinceFactory(name_vi="Hà Nội")
    former = FormerProvinceFactory(name_vi="Hà Nội", successor=current)
    before, after = ArticleFactory(), ArticleFactory()
    before.units.add(former)
    after.units.add(current)

    def listed(query):
        return {a.pk for a in client.get(f"{LIST_URL}?{query}").context["article_list"]}

    assert listed("province=ha-noi") == {before.pk, after.pk}
    assert listed("former_province=ha-noi") == {before.pk}


def test_unknown_category_tag_and_author_are_404(client):
    for name in ("category_detail", "tag_detail", "author_detail"):
        assert client.get(reverse(f"news:{name}", args=["khong-co"])).status_code == 404


def test_a_page_past_the_end_is_404_not_500(client):
    ArticleFactory()
    assert client.get(f"{LIST_URL}?page=9").status_code == 404
    assert client.get(f"{LIST_URL}?page=abc").status_code == 404


def test_every_page_advertises_the_feeds(client):
    for url in (LIST_URL, "/"):
        html = client.get(url).content.decode()
        assert f'type="application/rss+xml" title="{gettext("NTM Portal news")} (RSS)"' in html
        assert f'href="{reverse("news:feed_rss")}"' in html
        assert 'rel="alternate" type="application/atom+xml"' in html
        assert f'href="{reverse("news:feed_atom")}"' in html


def test_preview_shows_a_draft_to_its_writer(client, writer):
    draft = ArticleFactory(status=Status.DRAFT, created_by=writer, title_vi="Bản nháp mới")
    client.force_login(writer)
    response = client.get(reverse("news:article_preview", args=[draft.pk]))
    assert response.status_code == 200
    assert response.templates[0].name == "news/article_detail.html"
    assert "Bản nháp mới" in response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_preview_is_404_for_visitors_non_staff_and_other_writers(client, writer, other_writer):
    draft = ArticleFactory(status=Status.DRAFT, created_by=other_writer)
    url = reverse("news:article_preview", args=[draft.pk])
    assert client.get(url).status_code == 404
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
    client.force_login(writer)
    assert client.get(url).status_code == 404


def test_editor_previews_any_article(client, editor):
    draft = ArticleFactory(status=Status.IN_REVIEW)
    client.force_login(editor)
    assert client.get(reverse("news:article_preview", args=[draft.pk])).status_code == 200


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_list_pages_make_the_same_number_of_queries_as_rows_grow(client):
    category = CategoryFactory(slug="nong-thon-moi")
    author = AuthorFactory(slug="kim-ngoc")
    tag = TagFactory(slug="ocop")
    urls = [
        LIST_URL,
        f"{LIST_URL}?province=can-tho",
        reverse("news:category_detail", args=["nong-thon-moi"]),
        reverse("news:author_detail", args=["kim-ngoc"]),
        reverse("news:tag_detail", args=["ocop"]),
    ]
    province = ProvinceFactory(slug="can-tho")

    def add_articles(number):
        for _ in range(number):
            article = ArticleFactory(category=category, authors=[author, AuthorFactory()])
            article.tags.add(tag, TagFactory())
            article.units.add(province)

    add_articles(3)
    before = [count_queries(client, url) for url in urls]
    add_articles(20)
    assert [count_queries(client, url) for url in urls] == before


def test_article_page_makes_the_same_number_of_queries_as_links_grow(client):
    category = CategoryFactory()
    article = ArticleFactory(category=category, authors=[AuthorFactory()])

    def link(number):
        for _ in range(number):
            article.authors.add(AuthorFactory())
            article.tags.add(TagFactory())
            article.programs.add(ProgramFactory())
            article.units.add(ProvinceFactory())
            article.conferences.add(ConferenceFactory())
            article.movements.add(MovementFactory())
            article.documents.add(DocumentFactory())
            CommentFactory(article=article)
            ArticleFactory(category=category, authors=[AuthorFactory()])

    link(3)
    before = count_queries(client, article.get_absolute_url())
    link(20)
    assert count_queries(client, article.get_absolute_url()) == before
