"""The news part of the REST API v1: articles, categories, tags and authors; reads, filters and
writes through the editorial workflow."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from news.models import Article
from ntmportal import search as site_search
from tests import factories
from tests.news.conftest import XSS_PAYLOADS, Status, assert_inert
from tests.news.images import image_file

pytestmark = pytest.mark.django_db

ARTICLES = "/api/v1/articles/"


@pytest.fixture
def client():
    return APIClient()


def client_of(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def slugs(response):
    assert response.status_code == 200, response.content
    return {row["slug"] for row in response.json()["results"]}


# Reading


@pytest.fixture
def gia_lai():
    """Gia Lai today, and Bình Định and the old Gia Lai, merged into it on 1 July 2025 (codes
    above 90, which the factories never make)."""
    current = factories.ProvinceFactory(code="95", name_vi="Gia Lai", slug="gia-lai")
    return {
        "current": current,
        "binh_dinh": factories.FormerProvinceFactory(
            code="95", name_vi="Bình Định", slug="binh-dinh", successor=current
        ),
        "old": factories.FormerProvinceFactory(
            code="96", name_vi="Gia Lai", slug="gia-lai", successor=current
        ),
    }


def test_article_carries_its_text_relations_and_source(client, gia_lai):
    program = factories.ProgramFactory(code="NTM")
    article = factories.ArticleFactory(
        title_vi="Gia Lai có thêm 12 xã đạt chuẩn nông thôn mới",
        body_vi="<p>Nội dung <strong>đậm</strong>.</p>",
        category=factories.CategoryFactory(name_vi="Tin tức", slug="tin-tuc"),
        authors=[factories.AuthorFactory(name="Trần Thị Hà")],
        original_publisher="Báo Gia Lai",
        original_url="https://baogialai.com.vn/bai-viet",
        original_date=datetime.date(2025, 8, 1),
    )
    article.tags.add(factories.TagFactory(name="Xây dựng nông thôn mới"))
    article.units.add(gia_lai["current"], gia_lai["binh_dinh"])
    article.programs.add(program)
    article.documents.add(factories.DocumentFactory(slug="263-qd-ttg"))
    data = client.get(f"{ARTICLES}{article.pk}/").json()
    assert data["url"] == f"http://testserver{ARTICLES}{article.pk}/"
    assert data["site_url"] == f"http://testserver/news/{article.slug}/"
    assert data["title"] == "Gia Lai có thêm 12 xã đạt chuẩn nông thôn mới"
    assert data["body"] == "<p>Nội dung <strong>đậm</strong>.</p>"
    assert (data["category"], data["category_name"]) == ("tin-tuc", "Tin tức")
    assert data["tags"] == ["xay-dung-nong-thon-moi"]
    assert data["authors"] == [{"slug": "tran-thi-ha", "name": "Trần Thị Hà"}]
    assert data["programs"] == ["NTM"]
    assert data["documents"] == ["263-qd-ttg"]
    assert {(unit["name"], unit["former"]) for unit in data["units"]} == {
        ("Gia Lai", False),
        ("Bình Định", True),
    }
    assert (data["original_publisher"], data["original_date"]) == ("Báo Gia Lai", "2025-08-01")
    assert (data["hero_image"], data["hero_renditions"]) == (None, [])
    assert "status" not in data


def test_article_is_found_by_id_or_slug(client):
    article = factories.ArticleFactory()
    by_slug = client.get(f"{ARTICLES}{article.slug}/")
    assert by_slug.status_code == 200
    assert by_slug.json() == client.get(f"{ARTICLES}{article.pk}/").json()
    assert client.get(f"{ARTICLES}no-such-article/").status_code == 404
    assert client.get(f"{ARTICLES}987654/").status_code == 404


def test_hero_image_comes_with_its_renditions_alt_caption_and_credit(client):
    article = factories.ArticleFactory(
        hero_image=image_file(),
        hero_alt_vi="Toàn cảnh hội nghị",
        hero_caption_vi="Hội nghị tổng kết",
        hero_credit="TTXVN",
    )
    data = client.get(f"{ARTICLES}{article.pk}/").json()
    assert data["hero_image"] == f"http://testserver{article.hero_image.url}"
    assert [size["width"] for size in data["hero_renditions"]] == [480, 960, 1600]
    assert data["hero_renditions"][0]["url"].startswith("http://testserver/")
    assert data["hero_renditions"][0]["url"].endswith("-480.webp")
    assert (data["hero_alt"], data["hero_caption"], data["hero_credit"]) == (
        "Toàn cảnh hội nghị",
        "Hội nghị tổng kết",
        "TTXVN",
    )


def test_article_speaks_english_when_asked(client):
    article = factories.ArticleFactory(title_vi="Nông thôn mới", title_en="New rural areas")
    english = client.get(f"{ARTICLES}{article.pk}/", HTTP_ACCEPT_LANGUAGE="en").json()
    assert english["title"] == "New rural areas"
    assert english["site_url"] == f"http://testserver/en/news/{article.slug}/"
    assert client.get(f"{ARTICLES}{article.pk}/").json()["title"] == "Nông thôn mới"


def test_hidden_articles_are_invisible_to_visitors(client, hidden_articles):
    published = factories.ArticleFactory(category=hidden_articles[0].category)
    assert slugs(client.get(ARTICLES)) == {published.slug}
    assert slugs(client.get(ARTICLES, {"category": "an"})) == {published.slug}
    assert slugs(client.get(ARTICLES, {"status": "draft"})) == set()
    for article in hidden_articles:
        assert client.get(f"{ARTICLES}{article.pk}/").status_code == 404
        assert client.get(f"{ARTICLES}{article.slug}/").status_code == 404


def test_writers_see_their_own_hidden_articles_only(hidden_articles, writer, other_writer):
    Article.objects.filter(pk__in=[a.pk for a in hidden_articles]).update(created_by=writer)
    assert slugs(client_of(other_writer).get(ARTICLES)) == set()
    client = client_of(writer)
    assert slugs(client.get(ARTICLES)) == {article.slug for article in hidden_articles}
    assert slugs(client.get(ARTICLES, {"status": "draft"})) == {hidden_articles[0].slug}
    data = client.get(f"{ARTICLES}{hidden_articles[1].pk}/").json()
    assert data["status"] == "in_review"


@pytest.mark.parametrize("params", [{}, {"q": "nong thon moi"}], ids=["all", "searched"])
@pytest.mark.parametrize("viewer", ["visitor", "editor"])
def test_article_list_queries_do_not_grow_with_rows(viewer, editor, params):
    client = token_client(editor) if viewer == "editor" else APIClient()
    category = factories.CategoryFactory()
    authors = factories.AuthorFactory.create_batch(2)
    provinces = [factories.ProvinceFactory(), factories.FormerProvinceFactory()]

    def make(count):
        for number in range(count):
            article = factories.ArticleFactory(
                category=category,
                authors=authors,
                status=Status.DRAFT if number % 2 else Status.PUBLISHED,
            )
            article.tags.add(factories.TagFactory(), factories.TagFactory())
            article.units.add(*provinces)
            article.programs.add(factories.ProgramFactory())

    make(3)
    with CaptureQueriesContext(connection) as few:
        assert client.get(ARTICLES, params).status_code == 200
    make(20)
    with CaptureQueriesContext(connection) as many:
        response = client.get(ARTICLES, params)
    assert response.json()["count"] == (23 if viewer == "editor" else 12)
    assert len(many) == len(few), [query["sql"] for query in many]


def test_categories_tags_and_authors_are_listed_with_their_pages(client):
    category = factories.CategoryFactory(name_vi="Chính sách", slug="chinh-sach")
    factories.TagFactory(name="Đường giao thông")
    factories.TagFactory(name="Chợ nông thôn")
    factories.AuthorFactory(name="Lê Văn Bình", slug="le-van-binh")
    data = client.get(f"/api/v1/categories/{category.slug}/").json()
    assert (data["name"], data["site_url"]) == (
        "Chính sách",
        "http://testserver/news/category/chinh-sach/",
    )
    tags = client.get("/api/v1/tags/", {"ordering": "name"}).json()["results"]
    assert [tag["name"] for tag in tags] == ["Chợ nông thôn", "Đường giao thông"]
    author = client.get("/api/v1/authors/le-van-binh/").json()
    assert author["site_url"] == "http://testserver/news/author/le-van-binh/"


# Filters


def test_articles_filter_by_category_tag_and_program(client):
    chosen = factories.ArticleFactory(category=factories.CategoryFactory(slug="chinh-sach"))
    chosen.tags.add(factories.TagFactory(slug="ocop"))
    chosen.programs.add(factories.ProgramFactory(code="NTM"))
    factories.ArticleFactory().tags.add(factories.TagFactory(slug="giam-ngheo"))
    factories.ProgramFactory(code="GNBV")
    assert slugs(client.get(ARTICLES, {"category": "chinh-sach"})) == {chosen.slug}
    assert slugs(client.get(ARTICLES, {"tag": "ocop"})) == {chosen.slug}
    assert slugs(client.get(ARTICLES, {"program": "NTM"})) == {chosen.slug}
    assert slugs(client.get(ARTICLES, {"program": "GNBV"})) == set()


def test_province_filter_includes_the_former_provinces_merged_into_it(client, gia_lai):
    today = factories.ArticleFactory()
    today.units.add(gia_lai["current"])
    before = factories.ArticleFactory()
    before.units.add(gia_lai["binh_dinh"])
    both = factories.ArticleFactory()
    both.units.add(gia_lai["current"], gia_lai["old"])
    factories.ArticleFactory().units.add(factories.ProvinceFactory())
    province = client.get(ARTICLES, {"province": "gia-lai"})
    assert slugs(province) == {today.slug, before.slug, both.slug}
    assert province.json()["count"] == 3, "an article about two of them is listed once"
    assert slugs(client.get(ARTICLES, {"former_province": "binh-dinh"})) == {before.slug}
    assert slugs(client.get(ARTICLES, {"former_province": "gia-lai"})) == {both.slug}


def test_articles_filter_by_publication_date(client):
    def published_on(day):
        moment = datetime.datetime.combine(day, datetime.time(23, 30))
        return factories.ArticleFactory(publish_at=timezone.make_aware(moment))

    june = published_on(datetime.date(2025, 6, 30))
    july = published_on(datetime.date(2025, 7, 1))
    assert slugs(client.get(ARTICLES, {"published_after": "2025-07-01"})) == {july.slug}
    assert slugs(client.get(ARTICLES, {"published_before": "2025-06-30"})) == {june.slug}
    both = {"published_after": "2025-06-30", "published_before": "2025-07-01"}
    assert slugs(client.get(ARTICLES, both)) == {june.slug, july.slug}


def test_text_search_ignores_case_and_diacritics(client, hidden_articles):
    found = factories.ArticleFactory(title_vi="Sóc Trăng về đích nông thôn mới")
    in_body = factories.ArticleFactory(body_vi="<p>Huyện đảo đạt chuẩn nông thôn mới.</p>")
    factories.ArticleFactory(title_vi="Giảm nghèo bền vững")
    assert slugs(client.get(ARTICLES, {"q": "soc trang"})) == {found.slug}
    assert slugs(client.get(ARTICLES, {"q": "NÔNG THÔN mới"})) == {found.slug, in_body.slug}
    assert slugs(client.get(ARTICLES, {"q": "ban nhap"})) == set()  # the draft's title


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


@pytest.fixture
def three_candidates(monkeypatch):
    """The text search keeps the newest 3 matches, as the site's search does its 1,000."""
    monkeypatch.setattr(site_search, "SEARCH_CANDIDATES", 3)


def test_text_search_lists_only_the_newest_matches(client, three_candidates):
    matches = [
        factories.ArticleFactory(body_vi="<p>Sản phẩm OCOP</p>", publish_at=days_ago(days))
        for days in range(1, 6)
    ]
    factories.ArticleFactory(publish_at=days_ago(0))  # newer, without the word
    page = client.get(ARTICLES, {"q": "ocop"}).json()
    assert page["count"] == 3
    assert [row["slug"] for row in page["results"]] == [a.slug for a in matches[:3]]


def test_ordering_sorts_the_newest_matches(client, three_candidates):
    for days, title in enumerate(["Đường OCOP", "Chợ OCOP", "Dân vận OCOP", "Ấp OCOP"], 1):
        factories.ArticleFactory(title_vi=title, publish_at=days_ago(days))
    response = client.get(ARTICLES, {"q": "ocop", "ordering": "title"})
    assert [row["title"] for row in response.json()["results"]] == [
        "Chợ OCOP",
        "Dân vận OCOP",
        "Đường OCOP",
    ]


def test_filters_narrow_the_articles_among_which_the_newest_matches_are_kept(
    client, three_candidates
):
    chosen = factories.CategoryFactory(slug="chinh-sach")
    older = [
        factories.ArticleFactory(
            title_vi=f"OCOP {days}", category=chosen, publish_at=days_ago(days)
        )
        for days in range(10, 15)
    ]
    factories.ArticleFactory.create_batch(3, title_vi="OCOP mới", publish_at=days_ago(1))
    expected = [article.slug for article in older[:3]]
    for params in [{"category": "chinh-sach"}, {"published_before": days_ago(9).date()}]:
        page = client.get(ARTICLES, {"q": "ocop", **params}).json()
        assert [row["slug"] for row in page["results"]] == expected, params
        assert page["count"] == 3


def test_more_words_narrow_the_newest_matches(client, three_candidates):
    both = [
        factories.ArticleFactory(title_vi="OCOP Sóc Trăng", publish_at=days_ago(days))
        for days in (5, 6)
    ]
    factories.ArticleFactory.create_batch(3, title_vi="OCOP Hậu Giang", publish_at=days_ago(1))
    assert slugs(client.get(ARTICLES, {"q": "ocop soc trang"})) == {a.slug for a in both}


@pytest.mark.parametrize("q", ["", "   "])
def test_an_empty_text_search_lists_every_article(client, three_candidates, q):
    articles = factories.ArticleFactory.create_batch(5)
    page = client.get(ARTICLES, {"q": q}).json()
    assert page["count"] == 5
    assert {row["slug"] for row in page["results"]} == {article.slug for article in articles}


@pytest.mark.parametrize("q", ["%", "_", "100%"])
def test_like_wildcards_in_a_text_search_are_taken_literally(client, q):
    factories.ArticleFactory(title_vi="Đạt 100 xã")
    assert slugs(client.get(ARTICLES, {"q": q})) == set()


def test_articles_order_by_title_in_vietnamese_order_and_by_date(client):
    now = timezone.now()
    for day, title in enumerate(["Đường làng", "Chợ quê", "Dân vận", "Ấp mới"]):
        factories.ArticleFactory(title_vi=title, publish_at=now - datetime.timedelta(days=day))

    def titles(ordering):
        response = client.get(ARTICLES, {"ordering": ordering})
        return [row["title"] for row in response.json()["results"]]

    assert titles("title") == ["Ấp mới", "Chợ quê", "Dân vận", "Đường làng"]
    assert titles("-title") == ["Đường làng", "Dân vận", "Chợ quê", "Ấp mới"]
    assert titles("publish_at") == ["Ấp mới", "Dân vận", "Chợ quê", "Đường làng"]
    assert titles("") == ["Đường làng", "Chợ quê", "Dân vận", "Ấp mới"], "newest first"


@pytest.mark.parametrize(
    "params",
    [
        {"category": "no-such-category"},
        {"tag": "no-such-tag"},
        {"program": "NOPE"},
        {"province": "binh-dinh"},  # a former province, not a current one
        {"former_province": "no-such-province"},
        {"published_after": "06/30/2025"},  # month first: never read
        {"status": "secret"},
        {"q": "soc\x00trang"},  # PostgreSQL text cannot hold NUL
        {"q": "nong thon moi " * 20},  # more than MAX_QUERY_LENGTH (200) characters
    ],
)
def test_invalid_filter_is_400_naming_the_parameter(client, gia_lai, params):
    response = client.get(ARTICLES, params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


def test_page_size_above_the_cap_is_400(client):
    factories.ArticleFactory.create_batch(3)
    page = client.get(ARTICLES, {"page_size": 2}).json()
    assert (page["count"], len(page["results"])) == (3, 2)
    response = client.get(ARTICLES, {"page_size": 100000})
    assert response.status_code == 400
    assert "500" in response.json()["page_size"][0]


# Writing


@pytest.fixture
def payload():
    factories.CategoryFactory(slug="tin-tuc")
    factories.TagFactory(slug="ocop")
    factories.AuthorFactory(slug="tran-thi-ha")
    factories.ProgramFactory(code="NTM")
    province = factories.ProvinceFactory(name_vi="Cần Thơ")
    return {
        "title": "Cần Thơ có thêm 5 sản phẩm OCOP",
        "lead": "Tỉnh công nhận 5 sản phẩm đạt 4 sao.",
        "body": "<p>Nội dung.</p>",
        "category": "tin-tuc",
        "tags": ["ocop"],
        "author_slugs": ["tran-thi-ha"],
        "programs": ["NTM"],
        "unit_ids": [province.pk],
    }


@pytest.fixture
def no_permission(db):
    return factories.UserFactory(username="reader", is_staff=True)


def token_client(user):
    """A client that authenticates with the user's API token, as scripts do."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


def test_writer_creates_a_draft_stamped_with_their_name(payload, writer):
    response = token_client(writer).post(ARTICLES, payload, format="json")
    assert response.status_code == 201, response.content
    data = response.json()
    article = Article.objects.get()
    assert (article.status, article.created_by, article.slug) == (
        Status.DRAFT,
        writer,
        "can-tho-co-them-5-san-pham-ocop",
    )
    assert article.title_vi == "Cần Thơ có thêm 5 sản phẩm OCOP"
    assert [author["slug"] for author in data["authors"]] == ["tran-thi-ha"]
    assert [unit["name"] for unit in data["units"]] == ["Cần Thơ"]
    assert (data["status"], data["tags"], data["programs"]) == ("draft", ["ocop"], ["NTM"])
    assert client_of(writer).get(f"{ARTICLES}{article.pk}/").json() == data


def test_writer_submits_for_review(payload, writer):
    response = client_of(writer).post(ARTICLES, {**payload, "status": "in_review"}, format="json")
    assert response.status_code == 201
    assert Article.objects.get().status == Status.IN_REVIEW


@pytest.mark.parametrize("status", ["published", "unpublished"])
def test_writer_who_publishes_gets_400_and_nothing_is_saved(payload, writer, status):
    client = client_of(writer)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(ARTICLES, {**payload, "status": status}, format="json")
    assert response.status_code == 400
    assert response.json() == {"status": ["Only editors can publish or unpublish articles."]}
    assert not Article.objects.exists()


def test_editor_publishes(payload, editor):
    response = client_of(editor).post(ARTICLES, {**payload, "status": "published"}, format="json")
    assert response.status_code == 201
    article = Article.objects.get()
    assert article.status == Status.PUBLISHED
    assert article.publish_at is not None
    assert APIClient().get(f"{ARTICLES}{article.slug}/").status_code == 200


@pytest.mark.parametrize("payload_html", XSS_PAYLOADS)
def test_hostile_html_posted_through_the_api_is_stored_inert(payload, writer, payload_html):
    body = f"<p>Tin tốt.</p>{payload_html}"
    response = client_of(writer).post(ARTICLES, {**payload, "body": body}, format="json")
    assert response.status_code == 201, response.content
    assert_inert(response.json()["body"])
    assert_inert(Article.objects.get().body_vi)
    assert "Tin tốt." in response.json()["body"]


CREATORS = {
    "anonymous": (None, 401),
    "user without permission": ("no_permission", 403),
    "writer": ("writer", 201),
    "editor": ("editor", 201),
}


@pytest.mark.parametrize("creator", CREATORS)
def test_create_needs_the_add_permission(request, payload, creator):
    fixture, expected = CREATORS[creator]
    client = token_client(request.getfixturevalue(fixture)) if fixture else APIClient()
    response = client.post(ARTICLES, payload, format="json")
    assert response.status_code == expected, response.content
    assert Article.objects.count() == (1 if expected == 201 else 0)


@pytest.fixture
def articles(writer, other_writer):
    return {
        "own draft": factories.ArticleFactory(status=Status.DRAFT, created_by=writer),
        "own in review": factories.ArticleFactory(status=Status.IN_REVIEW, created_by=writer),
        "own published": factories.ArticleFactory(created_by=writer),
        "other's draft": factories.ArticleFactory(status=Status.DRAFT, created_by=other_writer),
    }


UPDATES = [
    ("anonymous", "own draft", 401),
    ("no_permission", "own draft", 403),
    ("writer", "own draft", 200),
    ("writer", "own in review", 200),
    ("writer", "own published", 403),
    ("writer", "other's draft", 404),  # not even visible to them
    ("editor", "own published", 200),
    ("editor", "other's draft", 200),
]


@pytest.mark.parametrize(("user", "which", "expected"), UPDATES)
def test_writers_change_only_their_own_drafts_and_editors_any(
    request, articles, user, which, expected
):
    article = articles[which]
    client = APIClient() if user == "anonymous" else token_client(request.getfixturevalue(user))
    response = client.patch(f"{ARTICLES}{article.pk}/", {"lead": "Sapo mới."}, format="json")
    assert response.status_code == expected, response.content
    article.refresh_from_db()
    assert (article.lead_vi == "Sapo mới.") == (expected == 200)


def test_each_write_is_one_version_holding_the_articles_links(payload, writer):
    client = token_client(writer)
    response = client.post(ARTICLES, payload, format="json")
    assert response.status_code == 201, response.content
    article = Article.objects.get()

    created = article.history.get()  # not one more per link set
    assert created.history_type == "+"
    assert [row.author.slug for row in created.authors.all()] == ["tran-thi-ha"]
    assert [row.administrativeunit.name for row in created.units.all()] == ["Cần Thơ"]

    other = factories.TagFactory(slug="nong-thon-moi")
    response = client.patch(f"{ARTICLES}{article.pk}/", {"tags": [other.slug]}, format="json")
    assert response.status_code == 200, response.content
    assert article.history.count() == 2
    assert [row.tag for row in article.history.latest().tags.all()] == [other]


def test_writer_cannot_publish_their_draft_by_update(articles, writer):
    draft = articles["own draft"]
    response = client_of(writer).patch(
        f"{ARTICLES}{draft.slug}/", {"status": "published", "lead": "Sapo mới."}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    draft.refresh_from_db()
    assert (draft.status, draft.lead_vi) == (Status.DRAFT, "Tóm tắt ngắn của bài viết.")


def test_editor_publishes_a_draft_in_review(articles, editor):
    article = articles["own in review"]
    response = client_of(editor).patch(
        f"{ARTICLES}{article.pk}/", {"status": "published"}, format="json"
    )
    assert response.status_code == 200
    assert APIClient().get(f"{ARTICLES}{article.pk}/").status_code == 200


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title": ""}, "title"),
        ({"lead": None}, "lead"),
        ({"category": "no-such-category"}, "category"),
        ({"tags": ["no-such-tag"]}, "tags"),
        ({"author_slugs": "tran-thi-ha"}, "author_slugs"),
        ({"programs": ["NOPE"]}, "programs"),
        ({"unit_ids": [987654]}, "unit_ids"),
        ({"original_url": "https://baocantho.com.vn/bai"}, "original_publisher"),
        ({"original_url": "not a url", "original_publisher": "Báo Cần Thơ"}, "original_url"),
        ({"publish_at": "tomorrow"}, "publish_at"),
        ({"status": "secret"}, "status"),
        ({"slug": "có dấu"}, "slug"),
    ],
)
def test_invalid_article_is_400_with_the_message_under_its_field(payload, writer, changes, field):
    response = client_of(writer).post(ARTICLES, {**payload, **changes}, format="json")
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert not Article.objects.exists()


def test_only_provinces_are_linked_to_articles(payload, writer):
    commune = factories.CommuneFactory()
    response = client_of(writer).post(
        ARTICLES, {**payload, "unit_ids": [commune.pk]}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["unit_ids"]


def test_missing_fields_are_named(writer):
    response = client_of(writer).post(ARTICLES, {}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"title", "lead", "category"}


def test_nothing_is_deleted_through_the_api_and_tags_are_read_only(articles):
    article = articles["own draft"]
    client = client_of(factories.SuperUserFactory())
    assert client.delete(f"{ARTICLES}{article.pk}/").status_code == 405
    assert client.post("/api/v1/tags/", {"name": "Mới"}).status_code == 405
    assert Article.objects.filter(pk=article.pk).exists()


def test_a_user_who_may_only_add_cannot_update(articles, writer):
    writer.user_permissions.remove(Permission.objects.get(codename="change_article"))
    response = token_client(writer).patch(
        f"{ARTICLES}{articles['own draft'].pk}/", {"lead": "Sapo mới."}, format="json"
    )
    assert response.status_code == 403
