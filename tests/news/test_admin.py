import pytest
from django.urls import reverse

from news.models import Article
from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    ProvinceFactory,
    TagFactory,
)

from .conftest import XSS_PAYLOADS, assert_inert
from .images import image_file

pytestmark = pytest.mark.django_db

Status = Article.Status
ADD_URL = reverse("admin:news_article_add")
CHANGELIST_URL = reverse("admin:news_article_changelist")


def change_url(article):
    return reverse("admin:news_article_change", args=[article.pk])


def form_data(category, **overrides):
    return {
        "title_vi": "Xây dựng nông thôn mới ở Sóc Trăng",
        "title_en": "",
        "slug": "",
        "lead_vi": "Tóm tắt.",
        "lead_en": "",
        "body_vi": "<p>Nội dung.</p>",
        "body_en": "",
        "hero_alt_vi": "",
        "hero_alt_en": "",
        "hero_caption_vi": "",
        "hero_caption_en": "",
        "hero_credit": "",
        "category": category.pk,
        "original_publisher": "",
        "original_url": "",
        "original_date": "",
        "status": Status.DRAFT,
        "publish_at_0": "",
        "publish_at_1": "",
        **overrides,
    }


@pytest.fixture
def category():
    return CategoryFactory()


def test_writer_creates_a_draft_stamped_with_their_name(client, writer, category):
    client.force_login(writer)
    assert client.get(ADD_URL).status_code == 200
    response = client.post(ADD_URL, form_data(category, status=Status.IN_REVIEW))
    assert response.status_code == 302, response.context["adminform"].form.errors
    article = Article.objects.get()
    assert (article.created_by, article.status) == (writer, Status.IN_REVIEW)
    assert article.slug == "xay-dung-nong-thon-moi-o-soc-trang"


@pytest.mark.parametrize("status", [Status.PUBLISHED, Status.UNPUBLISHED])
def test_writer_cannot_publish_or_unpublish(client, writer, category, status):
    client.force_login(writer)
    response = client.post(ADD_URL, form_data(category, status=status))
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_writer_sees_only_their_own_articles(client, writer, other_writer):
    own = ArticleFactory(created_by=writer, status=Status.DRAFT, title_vi="Bài của tôi")
    ArticleFactory(created_by=other_writer, status=Status.DRAFT, title_vi="Bài của người khác")
    client.force_login(writer)
    response = client.get(CHANGELIST_URL)
    assert list(response.context["cl"].result_list) == [own]


def test_writer_cannot_open_or_change_another_writers_article(client, writer, other_writer):
    theirs = ArticleFactory(created_by=other_writer, status=Status.DRAFT, title_vi="Giữ nguyên")
    client.force_login(writer)
    assert client.get(change_url(theirs)).status_code == 302  # "does not exist" redirect
    client.post(change_url(theirs), form_data(theirs.category, title_vi="Đổi"))
    theirs.refresh_from_db()
    assert theirs.title_vi == "Giữ nguyên"


def test_writer_cannot_change_their_article_once_published(client, writer):
    published = ArticleFactory(created_by=writer, title_vi="Đã đăng")
    client.force_login(writer)
    assert client.get(change_url(published)).status_code == 200  # read-only view
    response = client.post(change_url(published), form_data(published.category, title_vi="Đổi"))
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title_vi == "Đã đăng"


def test_editor_edits_any_article_and_publishes_it(client, editor, writer):
    submitted = ArticleFactory(created_by=writer, status=Status.IN_REVIEW, publish_at=None)
    client.force_login(editor)
    response = client.post(
        change_url(submitted),
        form_data(submitted.category, title_vi=submitted.title_vi, status=Status.PUBLISHED),
    )
    assert response.status_code == 302
    submitted.refresh_from_db()
    assert submitted.status == Status.PUBLISHED
    assert submitted.created_by == writer
    assert Article.objects.published().get() == submitted


def test_editor_schedules_an_article(client, editor, category):
    client.force_login(editor)
    data = form_data(
        category, status=Status.PUBLISHED, publish_at_0="2099-01-01", publish_at_1="08:00:00"
    )
    assert client.post(ADD_URL, data).status_code == 302
    assert Article.objects.get().status == Status.PUBLISHED
    assert not Article.objects.published().exists()


def test_hostile_html_posted_through_the_admin_is_stored_inert(client, editor, category):
    client.force_login(editor)
    body = "<p>Mở đầu</p>" + "".join(XSS_PAYLOADS)
    response = client.post(ADD_URL, form_data(category, body_vi=body, body_en=body))
    assert response.status_code == 302
    article = Article.objects.get()
    assert_inert(article.body_vi)
    assert_inert(article.body_en)
    assert article.body_vi.startswith("<p>Mở đầu</p>")


def test_admin_upload_of_a_non_image_is_a_form_error(client, editor, category):
    client.force_login(editor)
    data = form_data(category, hero_alt_vi="Ảnh", hero_image=image_file(width=100, height=100))
    response = client.post(ADD_URL, data)
    assert response.status_code == 200
    assert "hero_image" in response.context["adminform"].form.errors


def test_history_shows_who_changed_what(client, editor):
    article = ArticleFactory(title_vi="Bản một")
    client.force_login(editor)
    client.post(change_url(article), form_data(article.category, title_vi="Bản hai"))
    response = client.get(reverse("admin:news_article_history", args=[article.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "editor" in html
    assert "Bản một" in html and "Bản hai" in html


def test_editor_restores_an_earlier_version_from_the_admin(client, editor):
    article = ArticleFactory(title_vi="Bản một", title_en="Version one")
    client.force_login(editor)
    client.post(
        change_url(article),
        form_data(
            article.category, title_vi="Bản hai", title_en="Version two", status=Status.DRAFT
        ),
    )
    first = article.history.earliest()
    revert_url = reverse("admin:news_article_simple_history", args=[article.pk, first.pk])
    response = client.get(revert_url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.initial["title_vi"] == "Bản một"

    data = form_data(
        article.category,
        title_vi=form.initial["title_vi"],
        title_en=form.initial["title_en"],
        slug=article.slug,
        status=form.initial["status"],
        publish_at_0=article.publish_at.astimezone().strftime("%Y-%m-%d"),
        publish_at_1=article.publish_at.astimezone().strftime("%H:%M:%S"),
    )
    assert client.post(revert_url, data).status_code == 302

    article.refresh_from_db()
    # The content comes back; the status stays the current one (draft), as the form offered.
    assert (article.title_vi, article.title_en, article.status) == (
        "Bản một",
        "Version one",
        Status.DRAFT,
    )
    assert article.history.count() == 3
    assert article.history.latest().history_user == editor


def test_writer_cannot_revert_their_published_article(client, writer):
    article = ArticleFactory(created_by=writer, title_vi="Bản một")
    article.title_vi = "Bản hai"
    article.save()
    first = article.history.earliest()
    client.force_login(writer)
    url = reverse("admin:news_article_simple_history", args=[article.pk, first.pk])
    response = client.post(url, form_data(article.category, title_vi="Bản một"))
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title_vi == "Bản hai"


def test_writer_cannot_read_the_history_of_another_writers_article(client, writer, other_writer):
    theirs = ArticleFactory(created_by=other_writer, status=Status.DRAFT)
    client.force_login(writer)
    url = reverse("admin:news_article_history", args=[theirs.pk])
    assert client.get(url).status_code == 403
    version = theirs.history.get()
    url = reverse("admin:news_article_simple_history", args=[theirs.pk, version.pk])
    assert client.get(url).status_code == 403


def test_view_on_site_opens_the_preview(client, editor):
    draft = ArticleFactory(status=Status.DRAFT)
    client.force_login(editor)
    response = client.get(change_url(draft))
    assert reverse("news:article_preview", args=[draft.pk]) in response.content.decode()


def test_admin_pages_render_for_the_editor(client, editor):
    ArticleFactory()
    client.force_login(editor)
    assert client.get(CHANGELIST_URL).status_code == 200
    assert client.get(CHANGELIST_URL, {"q": "bai viet"}).status_code == 200
    response = client.get(ADD_URL)
    assert response.status_code == 200
    # The editor's files are served by the project, not a CDN.
    assert "django_prose_editor/editor.js" in response.content.decode()


# An article with a photo saved again at each step of its workflow.


@pytest.fixture
def photo_article(client, writer, category):
    client.force_login(writer)
    data = form_data(category, hero_alt_vi="Toàn cảnh hội nghị", hero_image=image_file())
    assert client.post(ADD_URL, data).status_code == 302
    return Article.objects.get()


def resave(client, article, **changes):
    data = form_data(
        article.category,
        **{"title_vi": article.title_vi, "hero_alt_vi": article.hero_alt_vi, **changes},
    )
    response = client.post(change_url(article), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.hero_image and article.hero_renditions["source"] == article.hero_image.name
    return article


def test_writer_submits_an_article_with_a_photo_for_review(client, photo_article):
    assert resave(client, photo_article, status=Status.IN_REVIEW).status == Status.IN_REVIEW


def test_writer_edits_an_article_with_a_photo_again(client, photo_article):
    assert resave(client, photo_article, title_vi="Tiêu đề mới").title_vi == "Tiêu đề mới"


def test_editor_publishes_and_schedules_an_article_with_a_photo(client, editor, photo_article):
    client.force_login(editor)
    assert resave(client, photo_article, status=Status.PUBLISHED).status == Status.PUBLISHED
    scheduled = resave(
        client,
        photo_article,
        status=Status.PUBLISHED,
        publish_at_0="2099-01-01",
        publish_at_1="08:00:00",
    )
    assert scheduled.publish_at.year == 2099


def test_editor_restores_an_article_with_a_photo(client, editor, photo_article):
    client.force_login(editor)
    resave(client, photo_article, title_vi="Bản hai")
    first = photo_article.history.earliest()
    url = reverse("admin:news_article_simple_history", args=[photo_article.pk, first.pk])
    form = client.get(url).context["adminform"].form
    data = form_data(
        photo_article.category,
        title_vi=form.initial["title_vi"],
        hero_alt_vi=form.initial["hero_alt_vi"],
        slug=photo_article.slug,
    )
    assert client.post(url, data).status_code == 302
    photo_article.refresh_from_db()
    assert photo_article.title_vi == "Xây dựng nông thôn mới ở Sóc Trăng"
    assert photo_article.hero_image


# History of the links, and restores that keep the publication


@pytest.fixture
def linked_article(client, editor):
    """An article saved with two tags, an author and a province, then changed to other ones."""
    first_links = {
        "tags": TagFactory.create_batch(2),
        "authors": [AuthorFactory(name="Lan Anh")],
        "units": [ProvinceFactory(name_vi="Cần Thơ")],
    }
    article = ArticleFactory(title_vi="Bản một")
    for name, objects in first_links.items():
        getattr(article, name).set(objects)
    client.force_login(editor)
    later = {
        "tags": [TagFactory().pk],
        "authors": [AuthorFactory(name="Minh Đức").pk],
        "units": [ProvinceFactory(name_vi="Sóc Trăng", code="94").pk],
        "category": CategoryFactory().pk,
    }
    data = {**article_form_data(article, title_vi="Bản hai"), **later}
    assert client.post(change_url(article), data).status_code == 302
    return article, first_links


def article_form_data(article, **changes):
    publish_at = article.publish_at.astimezone()
    return form_data(
        article.category,
        **{
            "title_vi": article.title_vi,
            "slug": article.slug,
            "status": article.status,
            "publish_at_0": publish_at.strftime("%Y-%m-%d"),
            "publish_at_1": publish_at.strftime("%H:%M:%S"),
            **changes,
        },
    )


def test_each_version_keeps_the_articles_links(linked_article):
    article, first_links = linked_article
    first = article.history.filter(title_vi="Bản một").latest()  # after its links were set
    assert {row.tag for row in first.tags.all()} == set(first_links["tags"])
    assert {row.author for row in first.authors.all()} == set(first_links["authors"])
    assert {row.administrativeunit for row in first.units.all()} == set(first_links["units"])
    latest = article.history.latest()
    assert [row.author.name for row in latest.authors.all()] == ["Minh Đức"]


def test_history_shows_changed_links(client, linked_article):
    article, _links = linked_article
    response = client.get(reverse("admin:news_article_history", args=[article.pk]))
    html = response.content.decode()
    assert "Minh Đức" in html and "Lan Anh" in html
    assert "Sóc Trăng" in html


def test_restore_brings_back_the_links(client, linked_article):
    article, first_links = linked_article
    first = article.history.filter(title_vi="Bản một").latest()
    url = reverse("admin:news_article_simple_history", args=[article.pk, first.pk])
    form = client.get(url).context["adminform"].form
    assert set(form.initial["tags"]) == {tag.pk for tag in first_links["tags"]}
    data = {
        **article_form_data(article, title_vi="Bản một"),
        **{name: form.initial[name] for name in ("tags", "authors", "units")},
    }
    assert client.post(url, data).status_code == 302
    assert set(article.tags.all()) == set(first_links["tags"])
    assert list(article.authors.all()) == first_links["authors"]
    assert list(article.units.all()) == first_links["units"]


def test_one_save_through_the_admin_is_one_version_holding_its_links(client, editor, category):
    tags, author = TagFactory.create_batch(2), AuthorFactory(name="Lan Anh")
    province = ProvinceFactory(name_vi="Cần Thơ")
    client.force_login(editor)
    links = {"tags": [tag.pk for tag in tags], "authors": [author.pk], "units": [province.pk]}
    assert client.post(ADD_URL, form_data(category, **links)).status_code == 302
    article = Article.objects.get()

    version = article.history.get()  # not one more per link changed
    assert version.history_type == "+" and version.history_user == editor
    assert {row.tag for row in version.tags.all()} == set(tags)
    assert [row.administrativeunit for row in version.units.all()] == [province]

    data = {**form_data(category, title_vi="Bản hai", slug=article.slug), "units": []}
    assert client.post(change_url(article), data).status_code == 302
    assert article.history.count() == 2
    assert not article.history.latest().units.exists()


def test_restoring_the_first_version_brings_back_its_links(client, editor, category):
    province = ProvinceFactory(name_vi="Cần Thơ")
    client.force_login(editor)
    client.post(ADD_URL, form_data(category, units=[province.pk]))
    article = Article.objects.get()
    client.post(change_url(article), form_data(category, title_vi="Bản hai", slug=article.slug))
    assert not article.units.exists()

    first = article.history.earliest()
    url = reverse("admin:news_article_simple_history", args=[article.pk, first.pk])
    form = client.get(url).context["adminform"].form
    data = form_data(category, slug=article.slug, units=form.initial["units"])
    assert form.initial["units"] == [province.pk]
    assert client.post(url, data).status_code == 302
    assert list(article.units.all()) == [province]


def test_restoring_a_published_version_keeps_the_article_unpublished_and_says_so(client, editor):
    article = ArticleFactory(title_vi="Bản một")
    client.force_login(editor)
    client.post(
        change_url(article),
        article_form_data(article, title_vi="Bản hai", status=Status.UNPUBLISHED),
    )
    first = article.history.earliest()
    url = reverse("admin:news_article_simple_history", args=[article.pk, first.pk])
    response = client.get(url)
    assert response.context["adminform"].form.initial["status"] == Status.UNPUBLISHED
    warning = [str(message) for message in response.context["messages"]]
    assert any("Đã gỡ" in text or "Unpublished" in text for text in warning), warning


def body(opening, middle, ending):
    words = [f"từ{number}" for number in range(400)]
    return f"<p>{opening} {' '.join(words[:200])} {middle} {' '.join(words[200:])} {ending}</p>"


def test_a_long_body_change_is_shown_whole(client, editor):
    # Three changes far apart: a diff cut around its first change would lose the others.
    article = ArticleFactory(body_vi=body("Mở đầu cũ", "giữa cũ", "kết thúc cũ"))
    client.force_login(editor)
    changed = body("Mở đầu mới", "giữa mới", "kết thúc mới")
    client.post(change_url(article), article_form_data(article, body_vi=changed))
    response = client.get(reverse("admin:news_article_history", args=[article.pk]))
    html = response.content.decode()
    for words in ("đầu cũ", "đầu mới", "giữa cũ", "giữa mới", "thúc cũ", "thúc mới", "từ399"):
        assert words in html
    assert "chars]" not in html  # simple_history's mark of a cut
