"""Editors' work in the admin, in real Chromium: the Vietnamese slug prefill, and an article with
a photo saved again at each step of its workflow."""

import pytest
from PIL import Image

from news.models import Article
from ntmportal.vietnamese import slugify_vi
from tests.factories import CategoryFactory, SuperUserFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Cần Thơ có thêm 12 xã đạt chuẩn"


@pytest.fixture
def editor_page(live_server, browser):
    SuperUserFactory(username="bientap")
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "bientap")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    yield page
    context.close()


@pytest.mark.parametrize(
    "title", [TITLE, "Đắk Lắk: Đường về đích nông thôn mới", "Quyết định 263/QĐ-TTg"]
)
def test_slug_prefill_gives_what_the_server_gives(live_server, editor_page, title):
    editor_page.goto(f"{live_server.url}/admin/news/article/add/")
    editor_page.locator("#id_title_vi").press_sequentially(title)
    assert editor_page.input_value("#id_slug") == slugify_vi(title)


def test_slug_prefill_of_the_issues_title(live_server, editor_page):
    editor_page.goto(f"{live_server.url}/admin/news/article/add/")
    editor_page.fill("#id_title_vi", TITLE)
    editor_page.dispatch_event("#id_title_vi", "change")
    assert editor_page.input_value("#id_slug") == "can-tho-co-them-12-xa-dat-chuan"


def save(page):
    page.click("input[name=_continue]")
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1, page.content()[:2000]


def test_an_article_with_a_photo_is_saved_again_at_every_step(live_server, editor_page, tmp_path):
    CategoryFactory(name_vi="Tin tức")
    photo = tmp_path / "hoi-nghi.png"
    Image.new("RGB", (1200, 675), (11, 107, 58)).save(photo)
    page = editor_page
    page.goto(f"{live_server.url}/admin/news/article/add/")
    page.fill("#id_title_vi", TITLE)
    page.fill("#id_lead_vi", "Tóm tắt.")
    page.set_input_files("#id_hero_image", str(photo))
    page.fill("#id_hero_alt_vi", "Toàn cảnh hội nghị")
    page.select_option("#id_category", label="Tin tức")
    save(page)  # a draft

    page.select_option("#id_status", "in_review")
    save(page)  # submitted for review
    page.select_option("#id_status", "published")
    save(page)  # published
    page.fill("#id_publish_at_0", "01/01/2099")
    page.fill("#id_publish_at_1", "08:00:00")
    save(page)  # scheduled
    page.fill("#id_title_vi", "Cần Thơ có thêm 12 xã đạt chuẩn nông thôn mới")
    save(page)  # edited

    article = Article.objects.get()
    first = article.history.earliest()
    page.goto(f"{live_server.url}/admin/news/article/{article.pk}/history/{first.pk}/")
    page.click("input[type=submit][name=_save]")
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1
    article.refresh_from_db()
    assert article.title_vi == TITLE
    assert article.status == Article.Status.PUBLISHED  # the restore kept the current status
    assert article.hero_image and len(article.hero_renditions["sizes"]) == 3
