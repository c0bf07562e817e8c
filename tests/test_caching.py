"""The page cache of ntmportal/pagecache/: what is stored, for whom, and when it goes stale.

The suite runs with the cache the environment configures: local memory, or Redis with REDIS_URL.
"""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib import admin
from django.core.cache import cache
from django.db import OperationalError, connections
from django.http import HttpResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.test import Client
from django.urls import path, reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from rest_framework.authtoken.models import Token

from news.models import Article, Comment
from ntmportal import pagecache
from ntmportal.pagecache import BROWSER_MAX_AGE
from ntmportal.pagecache.tags import tag_key
from tests.factories import (
    ArticleFactory,
    CommentFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProgramFactory,
    ProvinceFactory,
    SuperUserFactory,
    UserFactory,
)
from tests.programs.test_admin import form_data

pytestmark = pytest.mark.django_db

API_VALUES = "/api/v1/indicator-values/"
NEWS = "/news/"
LOCAL_MEMORY = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Views for the tests marked `@pytest.mark.urls(__name__)`; each counts its calls.
calls = []


def counted(view):
    def wrapped(request):
        calls.append(request.path)
        return view(request)

    return wrapped


def sets_a_cookie(request):
    response = HttpResponse("Xin chào")
    response.set_cookie("seen", "yes")
    return response


def writes_the_session(request):
    request.session["seen"] = True
    return HttpResponse("Xin chào")


def showing(*tags):
    """A view whose page shows what `tags` name."""

    def view(request):
        pagecache.depends_on(request, *tags)
        return HttpResponse(f"{len(calls)}")

    return counted(view)


urlpatterns = [
    path("admin/", admin.site.urls),
    path("unit-1/", showing("figures:unit:1")),
    path("unit-2/", showing("figures:unit:2")),
    path("plain/", counted(lambda request: HttpResponse("Xin chào"))),
    path("cookie/", counted(sets_a_cookie)),
    path("token/", counted(lambda request: HttpResponse(get_token(request)))),
    path("session/", counted(writes_the_session)),
    path("never-cached/", counted(never_cache(lambda request: HttpResponse("Xin chào")))),
    path("streamed/", counted(lambda request: StreamingHttpResponse(["Xin ", "chào"]))),
]


@pytest.fixture(autouse=True)
def _no_calls():
    calls.clear()


@pytest.fixture
def figure():
    return IndicatorValueFactory(value=6084)


@pytest.fixture
def local_memory(settings):
    """A cache whose expiry follows this process's clock, whatever the environment configures."""
    settings.CACHES = LOCAL_MEMORY
    cache.clear()


@pytest.fixture
def staff_client():
    client = Client()
    client.force_login(SuperUserFactory())
    return client


def get(client, url, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response


def directives(response):
    """Cache-Control as a dict: `public, max-age=60` gives {"public": "", "max-age": "60"}."""
    return dict(
        directive.strip().partition("=")[::2] for directive in response["Cache-Control"].split(",")
    )


def max_age(response):
    return int(directives(response)["max-age"])


def is_private(response):
    return {"private", "no-store"} <= directives(response).keys()


class TestAnonymousRequests:
    @pytest.mark.parametrize("url", ["/", "/en/", NEWS, "/search/?q=soc+trang", API_VALUES])
    def test_second_request_is_answered_without_a_query(
        self, client, figure, django_assert_num_queries, url
    ):
        first = get(client, url)
        with django_assert_num_queries(0):
            second = get(client, url)
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]

    @pytest.mark.parametrize("url", ["/", "/en/", API_VALUES])
    def test_a_hit_carries_the_headers_of_the_first_answer_and_the_security_headers(
        self, client, figure, django_assert_num_queries, url
    ):
        first = get(client, url)
        with django_assert_num_queries(0):
            second = get(client, url)
        assert second["X-Cache"] == "hit"
        for header in (
            "Content-Security-Policy",
            "X-Content-Type-Options",
            "Referrer-Policy",
            "X-Frame-Options",
        ):
            assert header in second, header
        assert dict(second.items()) == dict(first.items()) | {"X-Cache": "hit"}

    def test_a_hit_keeps_the_views_own_content_security_policy(self, client):
        url = reverse("api:docs")
        first = get(client, url)
        second = get(client, url)
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert second["Content-Security-Policy"] != get(client, "/")["Content-Security-Policy"]

    def test_an_article_page_is_stored_and_has_no_csrf_token(self, client):
        url = ArticleFactory().get_absolute_url()
        first = get(client, url)
        assert "csrfmiddlewaretoken" not in first.content.decode()
        assert not first.cookies
        assert get(client, url)["X-Cache"] == "hit"

    def test_head_is_answered_from_the_stored_get(self, client, figure):
        get(client, NEWS)
        response = client.head(NEWS)
        assert response.status_code == 200
        assert response["X-Cache"] == "hit"

    def test_pages_may_be_kept_downstream_for_a_minute(self, client, figure):
        response = get(client, NEWS)
        assert "public" in directives(response)
        assert max_age(response) == BROWSER_MAX_AGE

    def test_api_reads_keep_their_own_cache_control_and_revalidate_from_the_cache(
        self, client, figure
    ):
        first = get(client, API_VALUES)
        assert first["Cache-Control"] == "public, max-age=300"
        again = client.get(API_VALUES, headers={"If-None-Match": first["ETag"]})
        assert again.status_code == 304
        assert again["X-Cache"] == "hit"

    def test_languages_are_stored_apart(self, client, figure):
        get(client, "/")
        get(client, "/en/")
        assert '<html lang="vi">' in get(client, "/").content.decode()
        assert '<html lang="en">' in get(client, "/en/").content.decode()

    def test_api_language_and_format_are_stored_apart(self, client, figure):
        for _ in range(2):
            assert get(client, API_VALUES, accept_language="en")["Content-Language"] == "en"
            assert get(client, API_VALUES)["Content-Language"] == "vi"
            csv = get(client, API_VALUES, accept="text/csv")
            assert csv["Content-Type"] == "text/csv; charset=utf-8"
        assert csv["X-Cache"] == "hit"

    def test_a_post_is_never_answered_from_the_cache(self, client):
        article = ArticleFactory()
        get(client, article.get_absolute_url())
        response = client.post(
            article.get_absolute_url(), {"name": "Lê Văn Tám", "email": "", "body": "Cảm ơn."}
        )
        assert response.status_code == 302
        assert "X-Cache" not in response

    def test_the_comment_form_posts_without_a_csrf_token(self):
        article = ArticleFactory()
        client = Client(enforce_csrf_checks=True)
        data = {"name": "Lê Văn Tám", "email": "", "body": "Bài viết rất hay."}
        assert client.post(article.get_absolute_url(), data).status_code == 302
        assert Comment.objects.get().article == article

    def test_a_missing_page_is_not_stored(self, client):
        for _ in range(2):
            response = client.get("/no/such/page/")
            assert response.status_code == 404
            assert response["X-Cache"] == "miss"

    def test_no_page_is_stored_when_the_cache_is_off(self, client, figure, settings):
        settings.PAGE_CACHE_SECONDS = 0
        get(client, NEWS)
        response = get(client, NEWS)
        assert "X-Cache" not in response
        assert "Cache-Control" not in response


@pytest.mark.urls(__name__)
class TestWhatIsStored:
    def test_a_plain_response(self, client):
        get(client, "/plain/")
        assert get(client, "/plain/")["X-Cache"] == "hit"
        assert calls == ["/plain/"]

    @pytest.mark.parametrize("url", ["/cookie/", "/token/", "/session/", "/never-cached/"])
    def test_not_one_with_a_cookie_a_csrf_token_session_data_or_no_store(self, client, url):
        get(client, url)
        client.cookies.clear()
        response = get(client, url)
        assert response["X-Cache"] == "miss"
        assert is_private(response)
        assert calls == [url, url]

    def test_not_a_streamed_one(self, client):
        for _ in range(2):
            assert b"".join(get(client, "/streamed/").streaming_content) == "Xin chào".encode()
        assert calls == ["/streamed/", "/streamed/"]


class TestPrivateRequests:
    def test_signed_in_staff_are_neither_answered_from_nor_stored_in_the_cache(
        self, client, staff_client, figure
    ):
        get(client, NEWS)
        response = get(staff_client, NEWS)
        assert "X-Cache" not in response
        assert is_private(response)
        get(staff_client, "/")
        assert get(client, "/")["X-Cache"] == "miss"

    def test_any_session_cookie_bypasses_the_cache(self, client, figure):
        client.force_login(UserFactory())
        get(client, NEWS)
        assert "X-Cache" not in get(client, NEWS)

    def test_api_clients_with_a_token_bypass_the_cache(self, client, figure):
        token = Token.objects.create(user=UserFactory())
        get(client, API_VALUES)
        response = get(client, API_VALUES, authorization=f"Token {token.key}")
        assert "X-Cache" not in response
        assert is_private(response)

    def test_the_admin_is_never_cached(self, client):
        for _ in range(2):
            response = get(client, reverse("admin:login"))
            assert "X-Cache" not in response
            assert is_private(response)

    def test_a_draft_preview_is_never_cached(self, client, staff_client):
        draft = ArticleFactory(title_vi="Bản nháp chưa duyệt", status=Article.Status.DRAFT)
        url = reverse("news:article_preview", args=[draft.pk])
        for _ in range(2):
            response = get(staff_client, url)
            assert "Bản nháp chưa duyệt" in response.content.decode()
            assert is_private(response)
            assert "X-Cache" not in response
        assert client.get(url).status_code == 404
        assert client.get(url).status_code == 404


class TestInvalidation:
    def test_a_figure_saved_in_the_admin_shows_on_the_next_request(
        self, client, staff_client, figure
    ):
        page = figure.indicator.get_absolute_url()
        assert "6.084" in get(client, page).content.decode()
        change = reverse("admin:programs_indicatorvalue_change", args=[figure.pk])
        data = form_data(get(staff_client, change)) | {"value": "7125"}
        assert staff_client.post(change, data).status_code == 302
        response = get(client, page)
        assert response["X-Cache"] == "miss"
        assert "7.125" in response.content.decode()

    def test_a_figure_saved_in_the_orm_shows_in_the_api_list(self, client, figure):
        get(client, API_VALUES)
        figure.value = 7125
        figure.save()
        assert [row["value"] for row in get(client, API_VALUES).json()["results"]] == [7125]

    def test_publishing_an_article_shows_it_on_the_list(self, client):
        article = ArticleFactory(title_vi="Tin mới từ Cà Mau", status=Article.Status.IN_REVIEW)
        assert "Tin mới từ Cà Mau" not in get(client, NEWS).content.decode()
        article.status = Article.Status.PUBLISHED
        article.save()
        assert "Tin mới từ Cà Mau" in get(client, NEWS).content.decode()

    def test_tagging_an_article_refreshes_its_page(self, client):
        article, program = ArticleFactory(), ProgramFactory()
        get(client, article.get_absolute_url())
        article.programs.add(program)
        assert get(client, article.get_absolute_url())["X-Cache"] == "miss"

    def test_a_new_comment_awaiting_moderation_changes_nothing_until_approved(self, client):
        article = ArticleFactory()
        url = article.get_absolute_url()
        get(client, url)
        comment = CommentFactory(article=article, body="Chờ duyệt", approved=False)
        assert get(client, url)["X-Cache"] == "hit"
        comment.approved = True
        comment.save()
        assert "Chờ duyệt" in get(client, url).content.decode()

    def test_approving_comments_in_the_admin_shows_them(self, client, staff_client):
        comment = CommentFactory(body="Chờ duyệt", approved=False)
        url = comment.article.get_absolute_url()
        get(client, url)
        changelist = reverse("admin:news_comment_changelist")
        data = {"action": "approve", "_selected_action": [comment.pk]}
        assert staff_client.post(changelist, data).status_code == 302
        assert "Chờ duyệt" in get(client, url).content.decode()

    def test_a_page_stored_before_the_commit_is_stale_after_it(
        self, client, figure, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            figure.value = 7125
            figure.save()
            get(client, API_VALUES)  # another request could read the old rows meanwhile
            assert get(client, API_VALUES)["X-Cache"] == "hit"
        assert get(client, API_VALUES)["X-Cache"] == "miss"

    def test_a_bulk_delete_makes_the_list_stale(self, client):
        ArticleFactory.create_batch(5, title_vi="Tin cũ")
        get(client, NEWS)
        Article.objects.all().delete()
        assert "Tin cũ" not in get(client, NEWS).content.decode()

    def test_a_stored_page_survives_a_database_outage(self, client, figure):
        get(client, NEWS)
        refused = OperationalError("connection refused")
        with mock.patch.object(connections["default"], "ensure_connection", side_effect=refused):
            assert get(client, NEWS)["X-Cache"] == "hit"


class TestScheduledArticles:
    @pytest.fixture
    def clock(self, monkeypatch):
        """Moves both clocks the page cache reads: the cache's expiry and the database's now."""
        real_time, real_now = time.time, timezone.now

        def advance(seconds):
            monkeypatch.setattr(time, "time", lambda: real_time() + seconds)
            monkeypatch.setattr(timezone, "now", lambda: real_now() + timedelta(seconds=seconds))

        return advance

    @pytest.mark.usefixtures("local_memory")
    def test_no_list_hides_an_article_past_its_publication_time(self, client, clock):
        publish_at = timezone.now() + timedelta(seconds=30)
        ArticleFactory(title_vi="Hẹn giờ đăng", publish_at=publish_at)
        first = get(client, NEWS)
        assert "Hẹn giờ đăng" not in first.content.decode()
        assert max_age(first) <= 30
        clock(31)
        assert "Hẹn giờ đăng" in get(client, NEWS).content.decode()

    @pytest.mark.usefixtures("local_memory")
    def test_pages_keep_the_full_lifetime_without_a_scheduled_article(
        self, client, clock, settings
    ):
        settings.PAGE_CACHE_SECONDS = 120
        ArticleFactory()
        get(client, NEWS)
        clock(110)
        assert get(client, NEWS)["X-Cache"] == "hit"
        clock(121)
        assert get(client, NEWS)["X-Cache"] == "miss"


@pytest.mark.urls(__name__)
class TestTags:
    def test_a_save_makes_stale_only_the_pages_that_show_it(self, client):
        get(client, "/unit-1/")
        get(client, "/unit-2/")
        pagecache.invalidate("figures:unit:1")
        assert get(client, "/unit-1/")["X-Cache"] == "miss"
        assert get(client, "/unit-2/")["X-Cache"] == "hit"

    def test_a_figure_saved_makes_its_units_pages_stale(self, client):
        figure = IndicatorValueFactory()
        url = f"/unit-{figure.unit_id}/"
        urlpatterns.append(path(url[1:], showing(f"figures:unit:{figure.unit_id}")))
        try:
            get(client, url)
            get(client, "/plain/")
            IndicatorValueFactory(unit=ProvinceFactory())  # another unit's figure
            assert get(client, url)["X-Cache"] == "hit"
            assert get(client, "/plain/")["X-Cache"] == "miss"  # it names nothing: any save
            figure.value += 1
            figure.save()
            assert get(client, url)["X-Cache"] == "miss"
        finally:
            urlpatterns.pop()

    def test_the_tags_are_sent_for_a_cdn_to_purge_by(self, client):
        response = get(client, "/unit-1/")
        assert response["Cache-Tag"] == "app:ntmportal,figures:unit:1,site"
        assert response["Surrogate-Key"] == "app:ntmportal figures:unit:1 site"

    def test_a_page_that_names_nothing_depends_on_all_content(self, client):
        assert get(client, "/plain/")["Cache-Tag"] == "content,site"

    def test_an_evicted_tag_makes_its_pages_stale(self, client):
        get(client, "/unit-1/")
        cache.delete(tag_key("figures:unit:1"))
        assert get(client, "/unit-1/")["X-Cache"] == "miss"
        assert get(client, "/unit-1/")["X-Cache"] == "hit"

    def test_invalidate_without_tags_makes_everything_stale(self, client):
        get(client, "/unit-1/")
        pagecache.invalidate()
        assert get(client, "/unit-1/")["X-Cache"] == "miss"

    def test_writes_in_bulk_make_pages_stale_once_they_are_done(self, client):
        get(client, "/unit-1/")
        with pagecache.bulk_write("figures:unit:1"):
            IndicatorValueFactory()
            assert get(client, "/unit-1/")["X-Cache"] == "hit"
            assert get(client, "/plain/")["X-Cache"] == "miss"
            get(client, "/plain/")
            assert get(client, "/plain/")["X-Cache"] == "hit"
        assert get(client, "/unit-1/")["X-Cache"] == "miss"
        assert get(client, "/plain/")["X-Cache"] == "miss"


class TestPagesNameWhatTheyShow:
    def test_an_indicator_page_keeps_when_another_indicators_figure_changes(self, client):
        figure, other = IndicatorValueFactory(), IndicatorValueFactory()
        page = figure.indicator.get_absolute_url()
        get(client, page)
        other.value += 1
        other.save()
        assert get(client, page)["X-Cache"] == "hit"
        figure.value = 7125
        figure.save()
        response = get(client, page)
        assert response["X-Cache"] == "miss"
        assert "7.125" in response.content.decode()

    def test_an_article_page_keeps_when_a_figure_changes_and_not_when_a_comment_is_approved(
        self, client
    ):
        article, indicator, province = ArticleFactory(), IndicatorFactory(), ProvinceFactory()
        url = article.get_absolute_url()
        get(client, url)
        IndicatorValueFactory(indicator=indicator, unit=province)
        assert get(client, url)["X-Cache"] == "hit"
        CommentFactory(article=article, body="Đã duyệt", approved=True)
        response = get(client, url)
        assert response["X-Cache"] == "miss"
        assert "Đã duyệt" in response.content.decode()

    def test_a_renamed_province_refreshes_the_article_that_names_it(self, client):
        province = ProvinceFactory(name="Cà Mau")
        article = ArticleFactory()
        article.units.add(province)
        url = article.get_absolute_url()
        get(client, url)
        province.name = "Tỉnh Cà Mau mới"
        province.save()
        assert "Tỉnh Cà Mau mới" in get(client, url).content.decode()
