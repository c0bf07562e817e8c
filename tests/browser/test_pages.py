"""A visitor's path through the site in real Chromium, at phone and desktop widths."""

import datetime

import pytest

from tests.factories import (
    ArticleFactory,
    FormerProvinceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NationFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def site_data():
    nation = NationFactory()
    can_tho = ProvinceFactory(code="92", name_vi="Cần Thơ", parent=nation)
    soc_trang = FormerProvinceFactory(code="94", name_vi="Sóc Trăng", successor=can_tho)
    indicator = IndicatorFactory(name_vi="Số xã đạt chuẩn nông thôn mới")
    IndicatorValueFactory(indicator=indicator, unit=nation, value=6084)
    IndicatorValueFactory(indicator=indicator, unit=soc_trang, value=80)
    IndicatorValueFactory(
        indicator=indicator,
        unit=can_tho,
        value=150,
        period_start=datetime.date(2025, 12, 31),
        period_end=datetime.date(2025, 12, 31),
    )
    article = ArticleFactory(title_vi="Sóc Trăng tổng kết nông thôn mới")
    article.units.add(soc_trang)
    return {"can_tho": can_tho, "soc_trang": soc_trang, "article": article}


def test_home_page_shows_the_provinces(live_server, page, screenshot, site_data):
    page.goto(live_server.url)
    assert page.locator("h1").count() == 1
    page.get_by_role("link", name="Cần Thơ").first.click()
    page.wait_for_url(f"**{site_data['can_tho'].get_absolute_url()}")
    screenshot("home-to-province")


def test_province_page_shows_figures_chart_and_predecessor(
    live_server, page, screenshot, site_data
):
    url = site_data["can_tho"].get_absolute_url()
    page.goto(live_server.url + url)
    assert "Cần Thơ" in page.locator("h1").inner_text()
    assert page.get_by_role("link", name="Sóc Trăng").count() >= 1
    screenshot("province")
    page.locator(f'a[href^="{url}indicators/"]').first.click()  # the indicator's history
    page.wait_for_url(f"**{url}indicators/**")
    assert page.locator("svg").count() >= 1
    assert page.get_by_role("link", name="Sóc Trăng").count() >= 1
    screenshot("province-indicator")


def test_former_province_page_links_to_its_successor(live_server, page, screenshot, site_data):
    page.goto(live_server.url + site_data["soc_trang"].get_absolute_url())
    assert "Sóc Trăng" in page.locator("h1").inner_text()
    page.get_by_role("link", name="Cần Thơ").first.click()
    page.wait_for_url(f"**{site_data['can_tho'].get_absolute_url()}")
    screenshot("former-province")


def test_article_page_reads_well(live_server, page, screenshot, site_data):
    page.goto(live_server.url + site_data["article"].get_absolute_url())
    assert page.locator("h1").inner_text() == "Sóc Trăng tổng kết nông thôn mới"
    screenshot("article")


def test_language_switch_keeps_the_page(live_server, page, screenshot, site_data):
    path = site_data["can_tho"].get_absolute_url()
    page.goto(live_server.url + path)
    assert page.locator("html").get_attribute("lang") == "vi"
    page.locator("a[lang=en]").click()
    page.wait_for_url(f"**/en{path}")
    assert page.locator("html").get_attribute("lang") == "en"
    screenshot("province-en")
    page.locator("a[lang=vi]").click()
    page.wait_for_url(f"{live_server.url}{path}")
    assert page.locator("html").get_attribute("lang") == "vi"


def test_search_ignores_diacritics(live_server, page, screenshot, site_data):
    page.goto(live_server.url)
    box = page.locator("form[role=search] input[name=q]")
    if not box.is_visible():  # on phones the search form may sit behind a toggle
        page.get_by_role("link", name="Tìm kiếm").first.click()
        box = page.locator("main form input[name=q]")
    box.fill("soc trang")
    box.press("Enter")
    page.wait_for_load_state()
    assert page.get_by_role("link", name="Sóc Trăng tổng kết nông thôn mới").count() == 1
    screenshot("search")
