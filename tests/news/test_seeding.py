import datetime

import pytest

from news.models import Article, Category
from news.seeding import seed_news
from tests.factories import (
    ConferenceFactory,
    FormerProvinceFactory,
    MovementFactory,
    ProgramFactory,
    ProvinceFactory,
)

pytestmark = pytest.mark.django_db

HAI_PHONG = "hai-phong-hoi-nghi-tong-ket-hai-chuong-trinh-mtqg-2021-2025"
SOC_TRANG = "soc-trang-hoi-nghi-tong-ket-hai-chuong-trinh-mtqg-2021-2025"


@pytest.fixture
def programs_data():
    """What programs' seed provides, reduced to what the news seed looks up."""
    return {
        "programs": [ProgramFactory(code="NTM"), ProgramFactory(code="GNBV")],
        "movements": [
            MovementFactory(slug="ca-nuoc-chung-suc-xay-dung-nong-thon-moi"),
            MovementFactory(slug="vi-nguoi-ngheo-khong-de-ai-bi-bo-lai-phia-sau"),
        ],
        "conference": ConferenceFactory(date=datetime.date(2025, 6, 22)),
        "hai_phong": FormerProvinceFactory(name_vi="Hải Phòng", slug="hai-phong"),
        "soc_trang": FormerProvinceFactory(name_vi="Sóc Trăng", slug="soc-trang"),
        "current_hai_phong": ProvinceFactory(name_vi="Hải Phòng", slug="hai-phong"),
    }


def test_seven_categories_in_both_languages():
    seed_news(print)
    names = list(Category.objects.values_list("name_vi", "name_en"))
    assert len(names) == 7
    assert names[0] == ("Xây dựng nông thôn mới", "New rural development")
    assert ("Vùng dân tộc thiểu số và miền núi", "Ethnic minority areas") in names


def test_two_published_articles_with_their_sources_and_links(programs_data):
    seed_news(print)
    hai_phong = Article.objects.published().get(slug=HAI_PHONG)
    soc_trang = Article.objects.published().get(slug=SOC_TRANG)

    assert hai_phong.original_publisher == "Báo Hải Phòng"
    assert hai_phong.original_date == datetime.date(2025, 6, 23)
    assert hai_phong.original_url.startswith("https://haiphong.gov.vn/")
    assert soc_trang.original_publisher == "Báo Sóc Trăng"
    assert soc_trang.original_url.startswith("https://baosoctrang.org.vn/")
    assert [a.name for a in soc_trang.authors.all()] == ["Kim Ngọc"]

    for article in (hai_phong, soc_trang):
        assert set(article.programs.all()) == set(programs_data["programs"])
        assert set(article.movements.all()) == set(programs_data["movements"])
        assert list(article.conferences.all()) == [programs_data["conference"]]
        assert article.title_en and article.body_en.startswith("<p>")
    assert list(hai_phong.units.all()) == [programs_data["hai_phong"]]
    assert list(soc_trang.units.all()) == [programs_data["soc_trang"]]


def test_a_second_run_changes_nothing(programs_data):
    seed_news(print)
    article = Article.objects.get(slug=HAI_PHONG)
    article.title_vi = "Biên tập viên đã sửa"
    article.save()
    lines = []
    seed_news(lines.append)
    assert Article.objects.count() == 2
    assert Category.objects.count() == 7
    assert Article.objects.get(slug=HAI_PHONG).title_vi == "Biên tập viên đã sửa"
    assert "articles: 0 created" in lines[-1]


def test_without_the_conference_the_articles_are_still_made():
    lines = []
    seed_news(lines.append)
    assert Article.objects.published().count() == 2
    assert any("no conference" in line for line in lines)


@pytest.mark.django_db
def test_articles_state_the_expected_fall_in_households_and_the_co_chairs_of_the_notice(
    programs_data,
):
    seed_news(log=lambda line: None)
    for article in Article.objects.all():
        for body in (article.body_vi, article.body_en):
            assert "1.256.197" in body or "1,256,197" in body
            assert "1,14 triệu" in body or "1.14 million" in body
            assert "1,25 triệu" not in body and "1.25 million" not in body
            assert "Trần Lưu Quang" not in body
    hai_phong = Article.objects.get(slug=HAI_PHONG)
    assert "Mai Văn Chính" in hai_phong.body_vi and "Mai Văn Chính" in hai_phong.body_en
    soc_trang = Article.objects.exclude(slug=HAI_PHONG).get()
    assert "1,03 điểm phần trăm" in soc_trang.body_vi
    assert "1.03 percentage points" in soc_trang.body_en
