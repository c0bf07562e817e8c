"""The site's CSV downloads (programs/downloads.py), read as an analyst would: with pandas."""

import datetime
import io

import pandas as pd
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import IndicatorFactory, IndicatorValueFactory, NationFactory

pytestmark = pytest.mark.django_db

DEC_2024 = datetime.date(2024, 12, 31)


@pytest.fixture
def figure():
    indicator = IndicatorFactory(
        code="communes-ntm",
        name_vi="Số xã đạt chuẩn nông thôn mới",
        name_en="Communes meeting the new rural standards",
    )
    return IndicatorValueFactory(
        indicator=indicator,
        unit=NationFactory(),
        period_start=DEC_2024,
        period_end=DEC_2024,
        qualifier="about",
        value=6084,
        numerator=6084,
        denominator=7669,
        value_status="estimate",
        source_publisher="Báo Nhân Dân",
        source_title="Hơn 78% số xã đạt chuẩn nông thôn mới",
        note_vi="Tính trên số xã trước sắp xếp.",
        note_en="Counted on the communes before the reorganisation.",
    )


def download(client, code, language="vi"):
    prefix = "" if language == "vi" else f"/{language}"
    path = reverse("programs:indicator_csv", args=[code]).removeprefix("/en")
    response = client.get(f"{prefix}{path}")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return response


def test_the_csv_starts_with_a_byte_order_mark_for_excel(client, figure):
    assert download(client, "communes-ntm").content.startswith("\ufeff".encode())


def test_a_vietnamese_page_downloads_vietnamese_headers_and_text(client, figure):
    table = pd.read_csv(io.BytesIO(download(client, "communes-ntm").content), encoding="utf-8-sig")
    assert list(table.columns) == [
        "Mã chỉ tiêu",
        "Chỉ tiêu",
        "Đơn vị tính",
        "Địa bàn",
        "Mã đơn vị hành chính",
        "Đầu kỳ",
        "Cuối kỳ / thời điểm",
        "Từ định lượng",
        "Giá trị",
        "Giá trị cận trên",
        "Tử số",
        "Mẫu số",
        "Loại số liệu",
        "Cơ quan công bố",
        "Tiêu đề nguồn",
        "Địa chỉ nguồn",
        "Ngày công bố",
        "Ghi chú",
    ]
    (row,) = table.to_dict("records")
    assert row["Chỉ tiêu"] == "Số xã đạt chuẩn nông thôn mới"
    assert row["Đơn vị tính"] == "xã"
    assert row["Địa bàn"] == "Việt Nam"
    assert (row["Từ định lượng"], row["Loại số liệu"]) == ("khoảng", "ước tính")
    assert (row["Giá trị"], row["Tử số"], row["Mẫu số"]) == (6084, 6084, 7669)
    assert row["Cuối kỳ / thời điểm"] == "2024-12-31"
    assert row["Cơ quan công bố"] == "Báo Nhân Dân"
    assert row["Tiêu đề nguồn"] == "Hơn 78% số xã đạt chuẩn nông thôn mới"
    assert row["Ghi chú"] == "Tính trên số xã trước sắp xếp."


def test_an_english_page_downloads_english_headers_and_text(client, figure):
    content = download(client, "communes-ntm", language="en").content
    (row,) = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig").to_dict("records")
    assert row["Indicator"] == "Communes meeting the new rural standards"
    assert row["Unit of measure"] == "communes"
    assert (row["Qualifier"], row["Kind of figure"]) == ("about", "estimate")
    assert row["Note"] == "Counted on the communes before the reorganisation."
    assert row["Source publisher"] == "Báo Nhân Dân"  # names stay as the source printed them


def test_a_range_keeps_both_ends_as_numbers(client, figure):
    figure.value, figure.value_high = 5, 10.5
    figure.numerator = figure.denominator = None
    figure.save()
    content = download(client, "communes-ntm", language="en").content
    (row,) = pd.read_csv(io.BytesIO(content), encoding="utf-8-sig").to_dict("records")
    assert (row["Value"], row["Upper end"]) == (5, 10.5)
    assert pd.isna(row["Numerator"])


def test_the_csvs_queries_do_not_grow_with_rows(client, figure, settings):
    settings.PAGE_CACHE_SECONDS = 0  # each download made, not answered from the cache

    def queries():
        with CaptureQueriesContext(connection) as captured:
            download(client, "communes-ntm")
        return len(captured)

    before = queries()
    for year in range(2000, 2020):
        day = datetime.date(year, 12, 31)
        IndicatorValueFactory(
            indicator=figure.indicator, unit=figure.unit, period_start=day, period_end=day
        )
    assert queries() == before


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_downloads_page_links_the_full_dump_of_the_api(client, figure, prefix):
    response = client.get(prefix + reverse("programs:downloads").removeprefix("/en"))
    assert response.status_code == 200
    dump = reverse("api:dump")
    assert f'href="{dump}"' in response.content.decode()
    assert client.get(dump)["Content-Type"] == "application/zip"
