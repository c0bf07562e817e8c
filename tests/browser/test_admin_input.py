"""An editor types figures into the real admin in Chromium with the vi-VN locale: what is stored
is what a Vietnamese reader means (ntmportal/formats/, programs/admin_grid.py)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command

from programs.models import Indicator, IndicatorValue
from tests.browser.conftest import ARTIFACTS
from tests.factories import (
    FormerProvinceFactory,
    IndicatorFactory,
    NationFactory,
    ProvinceFactory,
    SuperUserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

JUNE_5 = datetime.date(2025, 6, 5)


@pytest.fixture
def page(browser):
    """The desktop width only: the admin's forms are the same at a phone's."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def editor_page(live_server, page):
    SuperUserFactory(username="editor", password="correct-horse-battery")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
    return page


def add_figure(page, url, indicator, unit, value, numerator="", denominator=""):
    page.goto(f"{url}/admin/programs/indicatorvalue/add/")
    # The autocomplete widgets are <select>s underneath: choose the option directly.
    page.locator("#id_indicator").evaluate(
        "(select, [pk, label]) => select.add(new Option(label, pk, true, true))",
        [str(indicator.pk), indicator.name],
    )
    page.locator("#id_unit").evaluate(
        "(select, [pk, label]) => select.add(new Option(label, pk, true, true))",
        [str(unit.pk), unit.name],
    )
    page.fill("#id_period_start", "05/06/2025")
    page.fill("#id_period_end", "05/06/2025")
    page.fill("#id_value", value)
    page.fill("#id_numerator", numerator)
    page.fill("#id_denominator", denominator)
    page.fill("#id_source_publisher", "Bộ Nông nghiệp và Môi trường")
    page.fill("#id_source_url", "https://example.gov.vn/bao-cao")
    page.fill("#id_source_date", "05/06/2025")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/programs/indicatorvalue/")


def test_figures_typed_the_vietnamese_way_are_stored_as_meant(live_server, editor_page):
    nation = NationFactory()
    share = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
    communes = IndicatorFactory(measure=Indicator.Measure.COMMUNES)
    assert editor_page.locator("html").get_attribute("lang") == "vi"

    add_figure(editor_page, live_server.url, share, nation, "62,5", "6.084", "9.734")
    add_figure(editor_page, live_server.url, communes, nation, "6.084")

    figure = IndicatorValue.objects.get(indicator=share)
    assert (figure.period_start, figure.period_end, figure.source_date) == (JUNE_5,) * 3
    assert (figure.value, figure.numerator, figure.denominator) == (
        Decimal("62.5"),
        6084,
        9734,
    )
    assert IndicatorValue.objects.get(indicator=communes).value == 6084

    editor_page.goto(f"{live_server.url}/admin/programs/indicatorvalue/{figure.pk}/change/")
    assert editor_page.input_value("#id_value") == "62,5"
    assert editor_page.input_value("#id_numerator") == "6.084"
    assert editor_page.input_value("#id_period_end") == "05/06/2025"


def test_a_province_enters_its_years_figures_in_one_grid(live_server, editor_page):
    can_tho = ProvinceFactory(code="92", name_vi="Cần Thơ")
    communes = IndicatorFactory(code="communes", name_vi="Số xã đạt chuẩn", order=1)
    share = IndicatorFactory(
        code="share", measure=Indicator.Measure.PERCENT, additive=False, order=2
    )
    editor_page.goto(f"{live_server.url}/admin/programs/indicatorvalue/grid/")
    editor_page.select_option("#id_unit", str(can_tho.pk))
    editor_page.fill("#id_periods", "2025")
    editor_page.click("#grid-choice input[type=submit]")

    for indicator, value in ((communes, "6.084"), (share, "62,5")):
        prefix = f"#id_i{indicator.pk}p0"
        editor_page.fill(f"{prefix}-value", value)
        editor_page.fill(f"{prefix}-source_publisher", "Sở Nông nghiệp và Môi trường")
        editor_page.fill(f"{prefix}-source_url", "https://cantho.gov.vn/bao-cao")
        editor_page.fill(f"{prefix}-source_date", "15/01/2026")
    editor_page.fill(f"#id_i{share.pk}p0-value", "120")  # one wrong cell
    editor_page.click("#grid input[type=submit]")

    assert editor_page.locator("#grid tr.errors").count() == 1
    assert not IndicatorValue.objects.exists()

    editor_page.fill(f"#id_i{share.pk}p0-value", "62,5")
    editor_page.click("#grid input[type=submit]")
    editor_page.wait_for_selector(".messagelist .success")

    stored = dict(IndicatorValue.objects.values_list("indicator__code", "value"))
    assert stored == {"communes": 6084, "share": Decimal("62.5")}
    assert IndicatorValue.objects.filter(period_end=datetime.date(2025, 12, 31)).count() == 2


def test_a_semicolon_csv_from_excel_is_checked_in_the_background_then_imported(
    live_server, editor_page, tmp_path
):
    share = IndicatorFactory(code="share-ntm", measure=Indicator.Measure.PERCENT, additive=False)
    FormerProvinceFactory(code="94", name_vi="Sóc Trăng")
    header = [
        *("indicator", "unit_code", "unit_name", "period_start", "period_end", "value"),
        *("numerator", "denominator", "status", "source_publisher", "source_url", "source_date"),
        "note",
    ]
    rows = [
        ["share-ntm", "", "Tỉnh Sóc Trăng", "05/06/2025", "05/06/2025", "62,5", "", ""],
        ["share-ntm", "VN", "", "05/06/2025", "05/06/2025", "79,3", "", ""],
    ]
    source = ["published", "Báo Sóc Trăng", "https://baosoctrang.org.vn/a", "05/06/2025", ""]
    lines = [";".join(header), *(";".join([*cells, *source]) for cells in rows)]
    upload = tmp_path / "so-lieu.csv"
    # Excel's "CSV UTF-8" where the decimal separator is a comma: a BOM and semicolons.
    upload.write_bytes("\r\n".join(lines).encode("utf-8-sig"))

    page = editor_page
    page.goto(f"{live_server.url}/admin/programs/indicatorvalue/import/")
    page.set_input_files("#id_import_file", str(upload))
    page.select_option("#id_format", label="csv")
    page.click("input[type=submit]")
    page.wait_for_url("**/import/job/*/")
    assert "Đang chờ kiểm tra" in page.inner_text("#import-status")

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    summary = page.inner_text("#import-summary")
    assert "Mới\t2" in summary and "Có lỗi\t0" in summary
    preview = page.inner_text("#import-preview")
    assert "Sóc Trăng" in preview and "62.5" in preview
    page.screenshot(path=ARTIFACTS / "import-preview-desktop.png", full_page=True)
    assert not IndicatorValue.objects.exists()

    page.click("text=Xác nhận nhập")
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    page.reload()
    assert "Đã nhập: 2 mới" in page.inner_text("#content-main")
    assert IndicatorValue.objects.get(indicator=share, unit__code="94").value == Decimal("62.5")
