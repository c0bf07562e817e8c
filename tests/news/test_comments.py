import pytest
from django.contrib.admin.sites import site
from django.urls import reverse
from django.utils import translation

from news.models import Article, Comment
from news.views import COMMENT_LIMIT
from tests.factories import ArticleFactory, CommentFactory

from .conftest import XSS_PAYLOADS

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    return ArticleFactory()


def english(article):
    """The English page, so that the interface strings checked here are the msgids."""
    with translation.override("en"):
        return article.get_absolute_url()


def comment_data(**overrides):
    return {"name": "Nguyễn Thị Hoa", "email": "", "body": "Xin cảm ơn bài viết.", **overrides}


def test_a_comment_waits_for_approval(client, article):
    response = client.post(article.get_absolute_url(), comment_data())
    assert response.status_code == 302
    assert response["Location"] == f"{article.get_absolute_url()}?comment=received#comments"
    comment = Comment.objects.get()
    assert (comment.article, comment.approved) == (article, False)
    assert comment.ip_hash and "127.0.0.1" not in comment.ip_hash
    page = client.get(f"{english(article)}?comment=received").content.decode()
    assert "Xin cảm ơn bài viết." not in page
    assert "will appear once a moderator has approved it" in page


def test_approved_comments_are_shown_and_counted(client, article):
    CommentFactory(article=article, body="Đã duyệt")
    CommentFactory(article=article, body="Cũng đã duyệt")
    CommentFactory(article=article, body="Chưa duyệt", approved=False)
    html = client.get(english(article)).content.decode()
    assert "Đã duyệt" in html and "Cũng đã duyệt" in html
    assert "Chưa duyệt" not in html
    assert "2 comments" in html


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_hostile_comment_text_is_escaped_on_the_page(client, article, payload):
    client.post(article.get_absolute_url(), comment_data(body=payload, name=payload))
    Comment.objects.update(approved=True)
    html = client.get(article.get_absolute_url()).content.decode()
    comments = html[html.index('id="comments"') :]
    assert payload not in comments
    assert "<script>alert" not in comments
    assert "&lt;" in comments


def test_the_honeypot_silently_drops_bots(client, article):
    response = client.post(article.get_absolute_url(), comment_data(website="http://spam.example"))
    assert response.status_code == 302
    assert not Comment.objects.exists()


def test_an_invalid_comment_shows_errors_not_a_500(client, article):
    response = client.post(article.get_absolute_url(), comment_data(name="", email="not-an-email"))
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"name", "email"}
    assert not Comment.objects.exists()


def test_too_many_comments_from_one_client_get_a_429(client, article):
    for _ in range(COMMENT_LIMIT):
        assert client.post(article.get_absolute_url(), comment_data()).status_code == 302
    response = client.post(english(article), comment_data())
    assert response.status_code == 429
    assert "Please wait a few minutes" in response.content.decode()
    assert Comment.objects.count() == COMMENT_LIMIT


def test_the_limit_is_per_client(client, article):
    for _ in range(COMMENT_LIMIT):
        client.post(article.get_absolute_url(), comment_data())
    response = client.post(article.get_absolute_url(), comment_data(), REMOTE_ADDR="10.0.0.9")
    assert response.status_code == 302


def test_comments_on_hidden_articles_are_404(client):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    assert client.post(draft.get_absolute_url(), comment_data()).status_code == 404
    assert not Comment.objects.exists()


def test_moderators_approve_and_reject_in_bulk(admin_client, article):
    pending = CommentFactory.create_batch(2, article=article, approved=False)
    url = reverse("admin:news_comment_changelist")
    ids = [comment.pk for comment in pending]

    admin_client.post(url, {"action": "approve", "_selected_action": ids})
    assert Comment.objects.approved().count() == 2

    admin_client.post(url, {"action": "reject", "_selected_action": ids[:1]})
    assert list(Comment.objects.approved()) == [pending[1]]


def test_comment_admin_lists_but_does_not_add_comments(admin_client, article):
    CommentFactory(article=article, body="<b>bold?</b>")
    response = admin_client.get(reverse("admin:news_comment_changelist"))
    assert response.status_code == 200
    assert "&lt;b&gt;bold?&lt;/b&gt;" in response.content.decode()
    assert not site.get_model_admin(Comment).has_add_permission(response.wsgi_request)
