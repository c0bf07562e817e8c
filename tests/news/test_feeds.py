import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    AuthorFactory,
    CategoryFactory,
    FormerProvinceFactory,
    ProvinceFactory,
)

from .conftest import parse_xml

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    channel = parse_xml(response.content).find("channel")
    return [item.findtext("title") for item in channel.iter("item")]


def atom_titles(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = parse_xml(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def test_news_feeds_list_only_visible_articles(client, hidden_articles):
    ArticleFactory(title_vi="Đã đăng")
    assert rss_titles(client, reverse("news:feed_rss")) == ["Đã đăng"]
    assert atom_titles(client, reverse("news:feed_atom")) == ["Đã đăng"]


def test_rss_items_carry_link_date_lead_and_byline(client):
    article = ArticleFactory(
        lead_vi="Tóm tắt & <điểm chính>", authors=[AuthorFactory(name="Kim Ngọc")]
    )
    channel = parse_xml(client.get(reverse("news:feed_rss")).content).find("channel")
    item = channel.find("item")
    assert item.findtext("link") == f"http://testserver{article.get_absolute_url()}"
    assert item.findtext("description") == "Tóm tắt & <điểm chính>"
    assert item.findtext("pubDate")
    assert "Kim Ngọc" in item.findtext("{http://purl.org/dc/elements/1.1/}creator")
    assert item.findtext("category") == article.category.name


def test_category_feeds_hold_the_category_only(client):
    category = CategoryFactory(slug="ocop", name_vi="OCOP")
    ArticleFactory(title_vi="Sản phẩm OCOP", category=category)
    ArticleFactory(title_vi="Tin khác")
    assert rss_titles(client, reverse("news:category_feed_rss", args=["ocop"])) == ["Sản phẩm OCOP"]
    assert atom_titles(client, reverse("news:category_feed_atom", args=["ocop"])) == [
        "Sản phẩm OCOP"
    ]


def test_province_feeds_include_the_former_provinces_merged_into_it(client):
    current = ProvinceFactory(name_vi="Cần Thơ", slug="can-tho")
    former = FormerProvinceFactory(name_vi="Sóc Trăng", slug="soc-trang", successor=current)
    about_current = ArticleFactory(title_vi="Tin Cần Thơ")
    about_current.units.add(current)
    about_former = ArticleFactory(title_vi="Tin Sóc Trăng")
    about_former.units.add(former)
    ArticleFactory(title_vi="Tin khác")

    titles = rss_titles(client, reverse("news:province_feed_rss", args=["can-tho"]))
    assert sorted(titles) == ["Tin Cần Thơ", "Tin Sóc Trăng"]
    titles = atom_titles(client, reverse("news:province_feed_atom", args=["soc-trang"]))
    assert titles == ["Tin Sóc Trăng"]


@pytest.mark.parametrize(("slug", "listed"), [("can-tho", 2), ("soc-trang", 1)])
def test_a_province_feed_links_to_the_list_of_its_articles(client, slug, listed):
    """A former province's feed links to its own list, as it holds its own articles."""
    current = ProvinceFactory(name_vi="Cần Thơ", slug="can-tho")
    former = FormerProvinceFactory(name_vi="Sóc Trăng", slug="soc-trang", successor=current)
    for unit in (current, former):
        ArticleFactory(title_vi=f"Tin {unit.name_vi}").units.add(unit)
    feed = reverse("news:province_feed_rss", args=[slug])
    link = parse_xml(client.get(feed).content).findtext("channel/link")

    listed_titles = [a.title for a in client.get(link).context["object_list"]]

    assert sorted(listed_titles) == sorted(rss_titles(client, feed))
    assert len(listed_titles) == listed


def test_unknown_category_or_province_feed_is_404(client):
    assert client.get(reverse("news:category_feed_rss", args=["khong-co"])).status_code == 404
    assert client.get(reverse("news:province_feed_atom", args=["khong-co"])).status_code == 404


def test_category_page_advertises_its_feed(client):
    CategoryFactory(slug="ocop")
    html = client.get(reverse("news:category_detail", args=["ocop"])).content.decode()
    assert f'href="{reverse("news:category_feed_rss", args=["ocop"])}"' in html
