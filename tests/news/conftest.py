import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Permission
from django.core.cache import cache
from django.utils import timezone

from news.models import Article
from tests.factories import ArticleFactory, CategoryFactory, UserFactory


@pytest.fixture(autouse=True)
def _empty_cache():
    """Comment rate limits counted by earlier tests do not leak into the next one."""
    cache.clear()


Status = Article.Status
WRITER_PERMISSIONS = ["add_article", "change_article", "view_article"]
EDITOR_PERMISSIONS = [*WRITER_PERMISSIONS, "delete_article", "publish_article"]


def staff_with(username, codenames):
    user = UserFactory(username=username, is_staff=True)
    user.user_permissions.set(
        Permission.objects.filter(content_type__app_label="news", codename__in=codenames)
    )
    return user


@pytest.fixture
def writer(db):
    return staff_with("writer", WRITER_PERMISSIONS)


@pytest.fixture
def other_writer(db):
    return staff_with("other-writer", WRITER_PERMISSIONS)


@pytest.fixture
def editor(db):
    """A national editor: publishes, and edits every article."""
    user = staff_with("editor", EDITOR_PERMISSIONS)
    user.user_permissions.add(Permission.objects.get(codename="edit_nationwide"))
    return user


@pytest.fixture
def hidden_articles(db):
    """A draft, an article in review, an unpublished and a scheduled one, all in one category."""
    category = CategoryFactory(slug="an")
    return [
        ArticleFactory(title_vi="Bản nháp", status=Status.DRAFT, category=category),
        ArticleFactory(title_vi="Đang duyệt", status=Status.IN_REVIEW, category=category),
        ArticleFactory(title_vi="Đã gỡ", status=Status.UNPUBLISHED, category=category),
        ArticleFactory(
            title_vi="Hẹn giờ",
            category=category,
            publish_at=timezone.now() + datetime.timedelta(days=1),
        ),
    ]


# Classic XSS payloads; after sanitizing none may leave a script, a handler or a hostile URL.
XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="&#106;avascript:alert(1)">link</a>',
    '<a href=" javascript:alert(1)">link</a>',
    '<img src="data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=">',
    '<a href="data:text/html,<script>alert(1)</script>">x</a>',
    '<svg onload="alert(1)"><circle></circle></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    '<p style="background:url(javascript:alert(1))" onclick="alert(1)">text</p>',
    '<body onload="alert(1)">',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    "<scr<script>ipt>alert(1)</script>",
    '<object data="javascript:alert(1)"></object>',
    '<form action="javascript:alert(1)"><input type="submit"></form>',
    '<div><style>@import "https://evil.example/x.css";</style></div>',
    '"><script>alert(document.cookie)</script>',
]


def assert_inert(html):
    lowered = html.lower()
    for marker in ("<script", "javascript:", "data:", "onerror", "onload", "onclick", "<iframe",
                   "<svg", "<object", "<form", "<style", "style="):  # fmt: skip
        assert marker not in lowered, f"{marker!r} survived in {html!r}"


def parse_xml(content):
    return ET.fromstring(content)  # noqa: S314 - the site's own feeds and sitemap
