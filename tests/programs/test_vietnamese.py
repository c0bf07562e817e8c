import pytest

from ntmportal.vietnamese import fold, modern_tone_marks, slugify_vi, sort_key
from programs.models import AdministrativeUnit
from tests.factories import ProvinceFactory


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Sóc Trăng", "soc-trang"),
        ("Đà Nẵng", "da-nang"),
        ("Thành phố Hồ Chí Minh", "thanh-pho-ho-chi-minh"),
        ("Bà Rịa - Vũng Tàu", "ba-ria-vung-tau"),
        ("Đắk Lắk", "dak-lak"),
    ],
)
def test_slugs_are_ascii_transliterations(name, slug):
    assert slugify_vi(name) == slug


def test_fold_removes_every_diacritic_and_case():
    assert fold("NÔNG THÔN MỚI Đồng Tháp") == "nong thon moi dong thap"


def test_sort_key_follows_the_vietnamese_alphabet():
    names = ["Đồng Tháp", "Điện Biên", "Hà Nội", "Cần Thơ", "Cà Mau", "Dak", "Bắc Ninh", "Bà Rịa"]
    assert sorted(names, key=sort_key) == [
        "Bà Rịa",
        "Bắc Ninh",
        "Cà Mau",
        "Cần Thơ",
        "Dak",
        "Điện Biên",
        "Đồng Tháp",
        "Hà Nội",
    ]


@pytest.mark.django_db
def test_units_are_listed_in_vietnamese_order_by_the_database():
    for name in ["Đồng Tháp", "Zeta", "Ân Thi", "An Giang", "Điện Biên", "Dak"]:
        ProvinceFactory(name_vi=name)
    names = list(AdministrativeUnit.objects.provinces().values_list("name_vi", flat=True))
    assert names == ["An Giang", "Ân Thi", "Dak", "Điện Biên", "Đồng Tháp", "Zeta"]


@pytest.mark.django_db
def test_search_ignores_diacritics_and_case_in_the_database():
    ProvinceFactory(name_vi="Sóc Trăng")
    ProvinceFactory(name_vi="Đồng Tháp")
    found = AdministrativeUnit.objects.filter(name_vi__vn_contains="soc TRANG")
    assert [u.name_vi for u in found] == ["Sóc Trăng"]
    assert AdministrativeUnit.objects.filter(name_vi__vn_contains="dong thap").count() == 1
    assert AdministrativeUnit.objects.filter(name_vi__vn_contains="Đồng").count() == 1


@pytest.mark.django_db
def test_search_treats_like_wildcards_literally():
    ProvinceFactory(name_vi="Tỉnh 100%")
    ProvinceFactory(name_vi="Tỉnh 1000")
    assert AdministrativeUnit.objects.filter(name_vi__vn_contains="100%").count() == 1
    assert AdministrativeUnit.objects.filter(name_vi__vn_contains="_").count() == 0


@pytest.mark.parametrize(
    ("text", "spelled"),
    [
        ("Tỉnh Hoà Bình", "Tỉnh Hòa Bình"),
        ("Xã Chiêm Hoá", "Xã Chiêm Hóa"),
        ("Thuỷ Nguyên", "Thủy Nguyên"),
        ("HOÀ AN", "HÒA AN"),
        ("Thanh Hóa", "Thanh Hóa"),  # already the site's spelling
        ("Phường Hoàn Kiếm", "Phường Hoàn Kiếm"),  # "oan": the mark stays on the a
        ("Xã Đoài Phương", "Xã Đoài Phương"),
        ("quý", "quý"),  # "qu" is a consonant: "uy" is not the vowel pair
    ],
)
def test_one_spelling_of_hoa_the_mark_on_the_first_vowel(text, spelled):
    assert modern_tone_marks(text) == spelled
