import datetime
import importlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone, translation

from news.models import Article
from tests.factories import ArticleFactory, AuthorFactory, CategoryFactory, UserFactory

from .conftest import XSS_PAYLOADS, assert_inert

pytestmark = pytest.mark.django_db

Status = Article.Status


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_html_saved_from_the_shell_is_stored_inert(payload):
    article = ArticleFactory(body_vi=f"<p>Trước</p>{payload}", body_en=payload)
    article.refresh_from_db()
    assert_inert(article.body_vi)
    assert_inert(article.body_en)
    assert "<p>Trước</p>" in article.body_vi


def test_body_assigned_through_the_translated_attribute_is_sanitized():
    article = ArticleFactory()
    with translation.override("en"):
        article.body = '<p onclick="x()">English</p><script>alert(1)</script>'
        article.save()
    article.refresh_from_db()
    assert article.body_en == "<p>English</p>"


def test_allowed_markup_survives_and_links_get_rel_noopener():
    html = (
        "<h2>Kết quả</h2><ul><li><strong>6.084</strong> xã</li></ul>"
        '<figure><img src="https://example.vn/a.jpg" alt="Ảnh" width="10" height="5">'
        "<figcaption>Chú thích</figcaption></figure>"
        "<table><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr></tbody></table>"
    )
    article = ArticleFactory(body_vi=html + '<a href="https://example.vn/">nguồn</a>')
    assert article.body_vi.startswith(html)
    assert '<a href="https://example.vn/" rel="noopener noreferrer">nguồn</a>' in article.body_vi


def test_slug_is_made_from_the_vietnamese_title_and_kept_unique():
    first = ArticleFactory(title_vi="Hội nghị toàn quốc tổng kết Nông thôn mới")
    second = ArticleFactory(title_vi="Hội nghị toàn quốc tổng kết Nông thôn mới")
    assert first.slug == "hoi-nghi-toan-quoc-tong-ket-nong-thon-moi"
    assert second.slug == "hoi-nghi-toan-quoc-tong-ket-nong-thon-moi-2"


def test_publishing_without_a_time_publishes_now():
    article = ArticleFactory(status=Status.DRAFT, publish_at=None)
    assert article.publish_at is None
    article.status = Status.PUBLISHED
    article.save()
    assert article.publish_at <= timezone.now()
    assert Article.objects.published().filter(pk=article.pk).exists()


@pytest.mark.parametrize("status", [Status.DRAFT, Status.IN_REVIEW, Status.UNPUBLISHED])
def test_unpublished_states_are_not_published(status):
    ArticleFactory(status=status)
    assert not Article.objects.published().exists()


def test_a_scheduled_article_appears_when_its_time_comes(monkeypatch):
    article = ArticleFactory(publish_at=timezone.now() + datetime.timedelta(hours=2))
    assert not Article.objects.published().exists()
    later = timezone.now() + datetime.timedelta(hours=3)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert list(Article.objects.published()) == [article]


def test_search_ignores_diacritics_and_case_in_either_language():
    match = ArticleFactory(title_vi="Sóc Trăng về đích", lead_en="Poverty in the Mekong delta")
    ArticleFactory(title_vi="Hải Phòng")
    assert list(Article.objects.published().search("soc TRANG")) == [match]
    assert list(Article.objects.published().search("mekong poverty")) == [match]
    assert not Article.objects.published().search("soc phong").exists()


def test_search_combined_with_published_leaves_drafts_out():
    ArticleFactory(title_vi="Giảm nghèo bền vững", status=Status.DRAFT)
    assert not Article.objects.published().search("giam ngheo").exists()


def test_search_text_is_the_folded_text_of_both_languages():
    article = ArticleFactory(
        title_vi="Sóc Trăng về đích",
        lead_vi="Tóm tắt.",
        body_vi="<p>Đắk Lắk &amp; <strong>Gia Lai</strong></p><ul><li>một</li><li>hai</li></ul>",
        title_en="Soc Trang Reaches The Goal",
        body_en="<p>Coffee from Đắk Lắk</p>",
    )
    article.refresh_from_db()
    assert article.search_text == (
        "soc trang ve dich tom tat. dak lak & gia lai mot hai "
        "soc trang reaches the goal coffee from dak lak"
    )


def test_search_title_holds_each_folded_title_between_line_breaks():
    article = ArticleFactory(title_vi="Sóc Trăng về đích", title_en="Soc Trang Reaches The Goal")
    article.refresh_from_db()
    assert article.search_title == "\nsoc trang ve dich\nsoc trang reaches the goal\n"
    article.title_en = ""
    article.save()
    article.refresh_from_db()
    assert article.search_title == "\nsoc trang ve dich\n"


def test_search_text_follows_a_changed_title_and_body():
    article = ArticleFactory(title_vi="Hải Phòng", body_vi="<p>Ruộng bậc thang</p>")
    article.title_en, article.body_vi = "Mekong Delta", "<p>Nước sạch</p>"
    article.save()
    assert list(Article.objects.search("mekong nuoc sach")) == [article]
    assert not Article.objects.search("ruong bac thang").exists()
    assert list(Article.objects.search("hai phong")) == [article]


def test_search_finds_the_text_of_the_body_not_its_markup():
    article = ArticleFactory(body_vi="<p><strong>Đậm</strong> &amp; nhạt</p><p>ab</p><p>cd</p>")
    assert list(Article.objects.search("dam &")) == [article]
    assert not Article.objects.search("strong").exists()
    assert not Article.objects.search("amp").exists()
    assert not Article.objects.search("bc").exists()  # paragraphs do not run together


def test_restoring_a_version_restores_its_search_text():
    article = ArticleFactory(title_vi="Bản đầu")
    first = article.history.earliest()
    article.title_vi = "Bản sau"
    article.save()
    first.instance.save()
    assert list(Article.objects.search("ban dau")) == [article]
    assert not Article.objects.search("ban sau").exists()


def test_the_migration_fills_the_search_text_and_title_save_computes(monkeypatch):
    migration = importlib.import_module("news.migrations.0003_article_search_text")
    articles = [
        ArticleFactory(title_en="English title", body_en="<p>Đắk Lắk &lt;3</p>"),
        ArticleFactory(title_vi="Đồng Tháp", title_en="Dong Thap Province"),
        *ArticleFactory.create_batch(4, body_vi="<h2>Kết quả</h2><ul><li>Một</li></ul>"),
    ]
    saved = {article.pk: (article.search_text, article.search_title) for article in articles}
    Article.objects.update(search_text="", search_title="")
    historical = MigrationExecutor(connection).loader.project_state(
        ("news", "0003_article_search_text")
    )
    monkeypatch.setattr(migration, "BATCH_SIZE", 2)

    migration.fill_search_text(historical.apps, connection.schema_editor())

    assert dict(Article.objects.values_list("pk", "search_text")) == {
        pk: text for pk, (text, _title) in saved.items()
    }
    assert dict(Article.objects.values_list("pk", "search_title")) == {
        pk: title for pk, (_text, title) in saved.items()
    }


def test_postgresql_answers_search_with_a_trigram_index():
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no GIN indexes")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'news_article' "
            "AND indexname = 'news_article_search_text_trgm'"
        )
        assert cursor.fetchone() == (
            "CREATE INDEX news_article_search_text_trgm ON public.news_article "
            "USING gin (search_text gin_trgm_ops)",
        )


def test_writer_cannot_give_an_article_a_published_status(writer):
    article = ArticleFactory.build(status=Status.PUBLISHED)
    with pytest.raises(PermissionDenied):
        article.check_status_allowed(writer)
    article.status = Status.IN_REVIEW
    article.check_status_allowed(writer)


def test_editor_may_publish_and_unpublish(editor):
    for status in Status:
        ArticleFactory.build(status=status).check_status_allowed(editor)


def test_source_details_need_a_publisher():
    article = ArticleFactory.build(original_url="https://baohaiphong.vn/a")
    with pytest.raises(ValidationError) as error:
        article.clean()
    assert set(error.value.message_dict) == {"original_publisher"}


def test_original_link_is_only_a_web_address():
    assert ArticleFactory.build(original_url="javascript:alert(1)").original_link == ""
    url = "https://baosoctrang.org.vn/a"
    assert ArticleFactory.build(original_url=url).original_link == url


def test_history_keeps_both_languages_and_restores_an_earlier_version():
    article = ArticleFactory(title_vi="Bản đầu", title_en="First draft")
    article.title_vi, article.title_en = "Bản sau", "Second draft"
    article.save()
    assert article.history.count() == 2
    first = article.history.earliest()
    assert (first.title_vi, first.title_en) == ("Bản đầu", "First draft")

    first.instance.save()

    article.refresh_from_db()
    assert (article.title_vi, article.title_en) == ("Bản đầu", "First draft")
    assert article.history.count() == 3


def test_related_articles_share_the_category_or_an_author():
    author = AuthorFactory()
    article = ArticleFactory(authors=[author])
    same_category = ArticleFactory(category=article.category)
    same_author = ArticleFactory(authors=[author])
    ArticleFactory()
    related = Article.objects.published().related_to(article)
    assert set(related) == {same_category, same_author}


def test_articles_of_a_category_and_editable_by():
    writer_user = UserFactory()
    own = ArticleFactory(created_by=writer_user, category=CategoryFactory())
    ArticleFactory()
    assert list(Article.objects.editable_by(writer_user)) == [own]
