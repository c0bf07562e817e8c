"""The search registry (ntmportal/search/): the apps' types, in their positions. What each type
finds and how it ranks is tested in tests/test_search.py."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from news.models import Article
from ntmportal import search
from tests.factories import ArticleFactory

GROUPS = [
    "articles",
    "programs",
    "movements",
    "provinces",
    "indicators",
    "conferences",
    "documents",
]


def test_each_app_registers_its_types_in_the_pages_order():
    assert [kind.key for kind in search.search_types()] == GROUPS


def test_a_key_registered_twice_is_refused(monkeypatch):
    monkeypatch.setattr(search, "_registry", dict(search._registry))
    with pytest.raises(ImproperlyConfigured, match="articles"):
        search.register(search.search_type("articles"))


@pytest.mark.django_db
def test_a_registered_type_is_searched_and_shown_in_its_position(client, monkeypatch):
    monkeypatch.setattr(search, "_registry", dict(search._registry))
    article = ArticleFactory(title_vi="Nông thôn mới kiểu mẫu")
    search.register(
        search.SearchType(
            "highlights",
            "Highlights",
            ["title_vi"],
            ("pk",),
            lambda words: Article.objects.filter(search.every_word(["title_vi"], words)),
            position=5,
        )
    )
    response = client.get(reverse("search"), {"q": "kieu mau"})
    groups = response.context["groups"]
    assert [group.key for group in groups][:2] == ["articles", "highlights"]
    assert groups[1].hits == [article]
