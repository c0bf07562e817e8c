"""Spreadsheet import and export of indicator values: programs/resources.py and importing.py."""

import contextlib
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
import tablib
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django_tasks_db.management.commands import db_worker
from import_export.formats.base_formats import CSV, XLSX

from programs import resources, tasks
from programs.importing import name_key
from programs.models import ImportBatch, ImportJob, Indicator, IndicatorValue
from programs.resources import COLUMNS, IndicatorValueResource
from tests.factories import (
    CommuneFactory,
    FormerProvinceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NationFactory,
    ProvinceFactory,
    SuperUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

IMPORT_URL = reverse("admin:programs_indicatorvalue_import")
EXPORT_URL = reverse("admin:programs_indicatorvalue_export")
BEFORE, AFTER = datetime.date(2025, 6, 30), datetime.date(2025, 12, 31)
SOURCE_URL = "https://haiphong.gov.vn/bai-viet"


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@pytest.fixture
def units():
    gia_lai = ProvinceFactory(code="52", name_vi="Tỉnh Gia Lai")
    can_tho = ProvinceFactory(code="92", name_vi="Thành phố Cần Thơ")
    return {
        "nation": NationFactory(),
        "gia_lai": gia_lai,
        "can_tho": can_tho,
        "binh_dinh": FormerProvinceFactory(code="52", name_vi="Bình Định", successor=gia_lai),
        "soc_trang": FormerProvinceFactory(code="94", name_vi="Sóc Trăng", successor=can_tho),
    }


@pytest.fixture
def communes(units):
    return IndicatorFactory(code="communes-ntm", measure=Indicator.Measure.COMMUNES)


@pytest.fixture
def share(units):
    return IndicatorFactory(code="share-ntm", measure=Indicator.Measure.PERCENT, additive=False)


def row(**changes):
    values = {
        "indicator": "communes-ntm",
        "unit_code": "VN",
        "unit_name": "",
        "period_start": "2025-06-30",
        "period_end": "2025-06-30",
        "value": "6084",
        "value_high": "",
        "numerator": "",
        "denominator": "",
        "value_status": "reported",
        "qualifier": "",
        "status": "published",
        "source_publisher": "Báo Hải Phòng",
        "source_url": SOURCE_URL,
        # After the end of every period the rows report: a count is published once made.
        "source_date": "2026-01-15",
        "note": "",
    } | changes
    return [values[column] for column in COLUMNS]


def dataset(*rows, headers=COLUMNS):
    return tablib.Dataset(*rows, headers=headers)


def import_rows(*rows, dry_run=False, **kwargs):
    return IndicatorValueResource().import_data(dataset(*rows, **kwargs), dry_run=dry_run)


def csv_upload(*rows):
    return SimpleUploadedFile("values.csv", CSV().export_data(dataset(*rows)).encode())


def xlsx_upload(*rows):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(COLUMNS)
    for values in rows:
        sheet.append(values)
    content = io.BytesIO()
    workbook.save(content)
    return SimpleUploadedFile("values.xlsx", content.getvalue())


def row_errors(result):
    """{row number: all its messages} of a result with validation errors."""
    return {
        invalid.number: " ".join(
            message for messages in invalid.error_dict.values() for message in messages
        )
        for invalid in result.invalid_rows
    }


@pytest.fixture
def admin_client(client):
    client.force_login(SuperUserFactory(username="admin"))
    return client


@pytest.fixture(autouse=True)
def _worker_keeps_the_tests_connection(monkeypatch):
    """Between jobs the worker closes a connection left inside a transaction, as Django does
    between requests; inside a test's transaction that is the test's own, so, as Django's test
    client does for requests, it is kept."""
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)


def run_jobs():
    """What the worker does in production: run the queued jobs, then stop."""
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def preview(client, upload, file_format):
    """Upload a file and let the worker check it: the job's page, or the form's errors."""
    response = client.post(
        IMPORT_URL, {"resource": "0", "format": str(file_format), "import_file": upload}
    )
    if response.status_code != 302:
        return response
    run_jobs()
    return client.get(response.url)


def confirm(client, response):
    """Confirm the checked file on its job's page and let the worker import it."""
    client.post(response.wsgi_request.path)
    run_jobs()
    return client.get(response.wsgi_request.path)


def job_errors(response):
    """{Excel row: its messages} of a job's page."""
    errors = {}
    for error in response.context["summary"]["errors"]:
        errors[error["row"]] = " ".join(filter(None, [errors.get(error["row"]), error["message"]]))
    return errors


# The admin: upload, preview, confirm


@pytest.mark.parametrize(("upload", "file_format"), [(csv_upload, 0), (xlsx_upload, 1)])
def test_good_file_is_previewed_then_written_on_confirm(
    admin_client, units, communes, upload, file_format
):
    rows = [
        row(),
        row(
            unit_code="",
            unit_name="tinh soc trang",
            value="80",
            numerator="80",
            denominator="100",
        ),
    ]
    response = preview(admin_client, upload(*rows), file_format)

    assert response.status_code == 200
    assert [r["type"] for r in response.context["summary"]["rows"]] == ["new", "new"]
    assert not IndicatorValue.objects.exists()

    response = confirm(admin_client, response)

    assert response.context["job"].status == "done"
    soc_trang = IndicatorValue.objects.get(unit=units["soc_trang"])
    assert (soc_trang.value, soc_trang.numerator, soc_trang.denominator) == (80, 80, 100)
    assert soc_trang.period_end == BEFORE
    assert IndicatorValue.objects.get(unit=units["nation"]).source_date == datetime.date(
        2026, 1, 15
    )


def test_xlsx_with_native_date_and_number_cells_imports(admin_client, units, share):
    cells = row(
        indicator="share-ntm",
        period_start=BEFORE,
        period_end=BEFORE,
        source_date=BEFORE,
        value=79.3,
    )
    response = preview(admin_client, xlsx_upload(cells), 1)
    confirm(admin_client, response)

    value = IndicatorValue.objects.get()
    assert (value.value, value.period_end, value.source_date) == (Decimal("79.3"), BEFORE, BEFORE)


def test_preview_shows_new_updated_and_unchanged_rows(admin_client, units, communes):
    IndicatorValueFactory(indicator=communes, unit=units["nation"], value=6000)
    IndicatorValueFactory(
        indicator=communes,
        unit=units["nation"],
        period_start=AFTER,
        period_end=AFTER,
        value=6200,
        source_url=SOURCE_URL,
        source_date=datetime.date(2026, 1, 15),
    )
    rows = [
        row(value="6084"),
        row(period_start="2025-12-31", period_end="2025-12-31", value="6200"),
        row(unit_code="52", period_start="2025-12-31", period_end="2025-12-31"),
    ]
    response = preview(admin_client, csv_upload(*rows), 0)

    assert [r["type"] for r in response.context["summary"]["rows"]] == ["update", "skip", "new"]
    assert all(word in response.text for word in ("Cập nhật", "Không đổi", "Mới"))  # the admin's
    assert IndicatorValue.objects.get(period_end=BEFORE).value == 6000


def test_file_with_an_error_shows_its_rows_and_cannot_be_confirmed(admin_client, units, communes):
    response = preview(admin_client, csv_upload(row(), row(unit_code="99")), 0)

    assert response.status_code == 200
    assert not response.context["job"].can_confirm
    message = "Không có đơn vị hành chính mang mã “99” vào ngày 30/06/2025."  # the admin's language
    assert job_errors(response) == {3: message}
    assert message in response.text


def test_file_with_wrong_columns_shows_the_columns_without_a_traceback(admin_client, units):
    upload = SimpleUploadedFile("values.csv", b"indicator,unit,valeu\ncommunes-ntm,VN,1\n")
    response = preview(admin_client, upload, 0)

    assert response.status_code == 200
    assert not response.context["job"].can_confirm
    assert "thiếu unit_code" in response.text
    assert "Traceback" not in response.text


def test_a_row_made_invalid_between_preview_and_confirm_writes_nothing(
    admin_client, units, communes, share
):
    response = preview(admin_client, csv_upload(row(), row(indicator="share-ntm", value="50")), 0)
    Indicator.objects.filter(code="share-ntm").delete()

    confirm(admin_client, response)

    assert not IndicatorValue.objects.exists()


def test_user_who_may_only_view_values_cannot_import(client):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_indicatorvalue"))
    client.force_login(user)

    assert client.get(IMPORT_URL).status_code == 403
    assert (
        client.get(
            reverse("admin:programs_indicatorvalue_import_template", args=["csv"])
        ).status_code
        == 403
    )


def test_import_page_links_the_templates(admin_client):
    response = admin_client.get(IMPORT_URL)

    assert reverse("admin:programs_indicatorvalue_import_template", args=["xlsx"]) in response.text


def test_csv_template_has_the_columns_and_no_rows(admin_client):
    response = admin_client.get(
        reverse("admin:programs_indicatorvalue_import_template", args=["csv"])
    )

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.decode().splitlines() == [",".join(COLUMNS)]


def test_xlsx_template_has_the_columns_and_no_rows(admin_client):
    response = admin_client.get(
        reverse("admin:programs_indicatorvalue_import_template", args=["xlsx"])
    )

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [[cell.value for cell in line] for line in sheet.iter_rows()] == [COLUMNS]


def test_unknown_template_format_is_404(admin_client):
    url = reverse("admin:programs_indicatorvalue_import_template", args=["pdf"])

    assert admin_client.get(url).status_code == 404


def test_admin_export_imports_back_unchanged(admin_client, units, communes):
    IndicatorValueFactory(indicator=communes, unit=units["binh_dinh"], value=Decimal("12.5"))
    fields = {f"indicatorvalueresource_{column}": "on" for column in COLUMNS}

    response = admin_client.post(EXPORT_URL, {"resource": "0", "format": "0", **fields})

    exported = CSV().create_dataset(response.content.decode())
    assert exported.headers == COLUMNS
    assert exported[0][:5] == ("communes-ntm", "52", "Bình Định", "2025-06-30", "2025-06-30")
    assert [r.import_type for r in IndicatorValueResource().import_data(exported).rows] == ["skip"]


# The resource: the same rules for any caller


def test_dry_run_reports_and_writes_nothing(units, communes):
    result = import_rows(row(), dry_run=True)

    assert result.totals["new"] == 1
    assert not IndicatorValue.objects.exists()


def test_import_writes_rows_and_updates_known_ones(units, communes):
    IndicatorValueFactory(indicator=communes, unit=units["nation"], value=6000)

    result = import_rows(row(value="6084"), row(unit_code="94"))

    assert [r.import_type for r in result.rows] == ["update", "new"]
    assert IndicatorValue.objects.get(unit=units["nation"]).value == 6084
    assert IndicatorValue.objects.get(unit=units["soc_trang"]).value == 6084


AFTER_ROW = {"period_start": "2025-12-31", "period_end": "2025-12-31"}


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"value": "sáu nghìn"}, "“sáu nghìn” is not a number"),
        ({"denominator": "6,0,84"}, "“6,0,84” is not a number"),
        ({"period_end": "06/30/2025"}, "“06/30/2025” is not a date: write it day first"),
        ({"unit_code": "99"}, "Unknown unit code “99” on 30/06/2025."),
        ({"unit_code": "", "unit_name": "Hà Tây"}, "Unknown unit “Hà Tây” on 30/06/2025."),
        ({"unit_code": "", "unit_name": ""}, "Give the unit's code or name."),
        (
            {"unit_code": "", "unit_name": "Bình Định", **AFTER_ROW},
            "Unknown unit “Bình Định” on 31/12/2025.",
        ),
        (
            {"unit_code": "52", "unit_name": "Bình Định", **AFTER_ROW},
            "Code 52 is Tỉnh Gia Lai on 31/12/2025, not “Bình Định”.",
        ),
        ({"indicator": "no-such-indicator"}, "Unknown indicator “no-such-indicator”."),
        ({"indicator": "share-ntm", "value": "120"}, "A percentage must lie between 0 and 100."),
        (
            {"numerator": "7000", "denominator": "6000"},
            "The numerator cannot exceed the denominator.",
        ),
        ({"period_start": "2025-07-01"}, "The period cannot end before it starts."),
        ({"status": "final"}, "Value 'final' is not a valid choice."),
    ],
)
def test_file_with_an_invalid_row_writes_nothing_and_names_the_row(
    units, communes, share, changes, message
):
    result = import_rows(row(), row(unit_code="52"), row(**{"unit_code": "94", **changes}))

    assert list(row_errors(result)) == [3]
    assert message in row_errors(result)[3]
    assert not IndicatorValue.objects.exists()


def test_every_invalid_row_is_reported(units, communes):
    result = import_rows(row(unit_code="99"), row(), row(value="x"), row(indicator="nope"))

    assert sorted(row_errors(result)) == [1, 3, 4]
    assert not IndicatorValue.objects.exists()


def test_second_row_for_the_same_figure_is_an_error(units, communes):
    result = import_rows(
        row(), row(unit_code="52"), row(unit_code="", unit_name="Việt Nam", value="1")
    )

    assert row_errors(result) == {3: "Row 2 already gives this indicator, unit and period."}
    assert not IndicatorValue.objects.exists()


def test_wrong_columns_are_named_and_no_row_is_read(units, communes):
    headers = [column for column in COLUMNS if column != "unit_code"] + ["valeu"]

    result = import_rows(row()[:-1] + ["x"], headers=headers)

    assert [str(error.error) for error in result.base_errors] == [
        "Wrong columns: missing unit_code; unknown valeu. Expected: " + ", ".join(COLUMNS) + "."
    ]
    assert not result.rows and not result.invalid_rows
    assert not IndicatorValue.objects.exists()


def test_unit_scope_check_refuses_a_unit(units, communes):
    class NationalOnly(IndicatorValueResource):
        def check_unit_allowed(self, unit, user):
            return unit.code == "VN"

    result = NationalOnly().import_data(dataset(row(), row(unit_code="52")), user=UserFactory())

    assert row_errors(result) == {
        2: "You may not import figures of Bình Định (until 30 June 2025)."
    }
    assert not IndicatorValue.objects.exists()


def test_user_without_change_permission_is_refused(units, communes):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_indicatorvalue"))

    result = IndicatorValueResource().import_data(dataset(row()), user=user)

    assert row_errors(result) == {1: "You may not import figures of Việt Nam."}


# Matching units


@pytest.mark.parametrize(
    "name",
    [
        "Thành phố Cần Thơ",
        "thanh pho can tho",
        "Cần Thơ",
        "CAN THO",
        "TP. Cần Thơ",
        "TP.Cần Thơ",
        "Tỉnh  Cần Thơ",
    ],
)
def test_unit_name_matches_ignoring_diacritics_case_and_prefix(units, communes, name):
    import_rows(
        row(unit_code="", unit_name=name, period_start="2025-12-31", period_end="2025-12-31")
    )

    assert IndicatorValue.objects.get().unit == units["can_tho"]


def test_former_province_name_is_accepted_before_the_reorganisation(units, communes):
    import_rows(row(unit_code="", unit_name="Binh Dinh"))

    assert IndicatorValue.objects.get().unit == units["binh_dinh"]


@pytest.mark.parametrize(
    ("period_end", "unit"), [("2025-06-30", "binh_dinh"), ("2025-07-01", "gia_lai")]
)
def test_reused_code_52_means_the_unit_of_the_date(units, communes, period_end, unit):
    import_rows(row(unit_code="52", period_start=period_end, period_end=period_end))

    assert IndicatorValue.objects.get().unit == units[unit]


def test_name_key_drops_diacritics_case_spaces_and_prefix():
    assert {name_key(n) for n in ["Tỉnh Đắk Lắk", "dak  lak", "ĐẮK LẮK"]} == {"dak lak"}


# Export


def exported_values(units, communes, share):
    IndicatorValueFactory(
        indicator=communes, unit=units["nation"], numerator=6084, denominator=7669
    )
    IndicatorValueFactory(
        indicator=share,
        unit=units["binh_dinh"],
        period_start=datetime.date(2021, 1, 1),
        period_end=datetime.date(2024, 12, 31),
        value=Decimal("79.3"),
        note="Số liệu “sơ bộ”, dòng 1\ndòng 2",
        status=IndicatorValue.Status.DRAFT,
    )
    IndicatorValueFactory(
        indicator=communes, unit=units["gia_lai"], period_start=AFTER, period_end=AFTER
    )


@pytest.mark.parametrize("file_format", [CSV, XLSX])
def test_export_imports_back_unchanged(units, communes, share, file_format):
    exported_values(units, communes, share)
    before = list(IndicatorValue.objects.values())
    exported = IndicatorValueResource().export(force_native_type=file_format is XLSX)
    data = file_format().export_data(exported)

    result = IndicatorValueResource().import_data(file_format().create_dataset(data))

    assert [r.import_type for r in result.rows] == ["skip", "skip", "skip"]
    assert list(IndicatorValue.objects.values()) == before


def test_export_writes_plain_numbers_iso_dates_and_the_unit_name(units, communes, share):
    exported_values(units, communes, share)

    exported = IndicatorValueResource().export().dict

    nation = next(line for line in exported if line["unit_code"] == "VN")
    assert nation["value"] == "6084"
    assert (nation["numerator"], nation["denominator"], nation["period_end"]) == (
        "6084",
        "7669",
        "2025-06-30",
    )
    assert next(line for line in exported if line["unit_code"] == "52")["unit_name"] in {
        "Bình Định",
        "Tỉnh Gia Lai",
    }


def test_export_queries_do_not_grow_with_rows(units, communes):
    def count():
        with CaptureQueriesContext(connection) as queries:
            IndicatorValueResource().export()
        return len(queries)

    def add_values(number, unit):
        for day in range(number):
            end = AFTER + datetime.timedelta(days=day)
            IndicatorValueFactory(indicator=communes, unit=unit, period_start=AFTER, period_end=end)

    add_values(3, units["nation"])
    few = count()
    add_values(20, units["gia_lai"])

    assert count() == few


# Volume: the rows are checked in memory and written together


def test_import_queries_do_not_grow_with_rows(units, communes):
    def count(number):
        days = [datetime.date(2025, 1, 1) + datetime.timedelta(days=day) for day in range(number)]
        for start in days[::2]:  # every other row updates a recorded figure
            IndicatorValueFactory(indicator=communes, unit=units["nation"], period_start=start)
        rows = [row(period_start=start.isoformat()) for start in days]
        with CaptureQueriesContext(connection) as queries:
            result = import_rows(*rows)
        assert (result.totals["new"], result.totals["update"]) == (number // 2, (number + 1) // 2)
        IndicatorValue.objects.all().delete()
        return len(queries)

    assert count(3) == count(23)


def test_imported_rows_get_history_with_the_user_and_reason(units, communes):
    recorded = IndicatorValueFactory(indicator=communes, unit=units["nation"], value=6000)
    editor = SuperUserFactory()

    with translation.override("vi"):  # the reason is written in the editor's language
        IndicatorValueResource().import_data(
            dataset(row(value="6084"), row(unit_code="94")), user=editor
        )

    history = IndicatorValue.history.filter(history_change_reason="Nhập từ bảng tính")
    assert sorted((h.unit_id, h.history_type, h.value, h.history_user) for h in history) == [
        (units["nation"].pk, "~", 6084, editor),
        (units["soc_trang"].pk, "+", 6084, editor),
    ]
    assert IndicatorValue.objects.get(pk=recorded.pk).updated_at > recorded.updated_at


@pytest.mark.django_db(transaction=True)
def test_import_makes_stored_pages_stale_and_a_preview_does_not(units, communes, client):
    api = "/api/v1/indicator-values/"
    client.get(api)
    import_rows(row(), dry_run=True)
    assert client.get(api)["X-Cache"] == "hit"

    import_rows(row())

    assert client.get(api)["X-Cache"] == "miss"


# Files as Vietnamese offices save them


def csv_bytes(*rows, separator=",", encoding="utf-8"):
    lines = [separator.join(COLUMNS), *(separator.join(map(str, r)) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


@pytest.mark.parametrize(
    ("separator", "encoding"),
    [
        (";", "utf-8"),
        (";", "utf-8-sig"),
        (",", "utf-16"),
        ("\t", "utf-16"),
        (";", "cp1258"),
    ],
)
def test_csv_of_each_separator_and_encoding_imports(
    admin_client, units, share, separator, encoding
):
    value = "62.5" if separator == "," else "62,5"  # an unquoted comma would split the cell
    rows = [
        row(
            indicator="share-ntm",
            unit_code="",
            unit_name="Sóc Trăng",
            value=value,
            source_publisher="Báo Sóc Trăng",
        )
    ]
    upload = SimpleUploadedFile(
        "values.csv", csv_bytes(*rows, separator=separator, encoding=encoding)
    )
    response = preview(admin_client, upload, 0)
    confirm(admin_client, response)

    value = IndicatorValue.objects.get()
    assert (value.unit, value.value) == (units["soc_trang"], Decimal("62.5"))
    assert value.source_publisher == "Báo Sóc Trăng"


def test_unreadable_file_is_explained_in_the_editors_language(admin_client, units, communes):
    upload = SimpleUploadedFile("values.csv", b"\x81\x8d\x8f\x90" * 10)
    with translation.override("vi"):
        response = preview(admin_client, upload, 0)

    assert response.status_code == 200
    assert "CSV UTF-8" in response.text
    assert "Error" not in response.text.replace("errorlist", "")
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("62,5", Decimal("62.5")),
        ("1.234,5", Decimal("1234.5")),
        ("1.234.567", Decimal("1234567")),
        ("79.3", Decimal("79.3")),
        ("6.084", Decimal("6.084")),  # a dot alone is a decimal point, as exports write it
        ("6 084", Decimal("6084")),
        ("6\u00a0084", Decimal("6084")),
    ],
)
def test_numbers_are_read_with_decimal_commas(units, text, number):
    # A sum of money: neither a whole count nor a share, so every example is plausible.
    IndicatorFactory(code="budget", measure=Indicator.Measure.BILLION_VND, additive=False)
    import_rows(row(indicator="budget", value=text))

    assert IndicatorValue.objects.get().value == number


@pytest.mark.parametrize("text", ["30/06/2025", "2025-06-30", "30-06-2025", "30.06.2025"])
def test_dates_are_read_day_first_or_iso(units, communes, text):
    import_rows(row(period_start=text, period_end=text))

    assert IndicatorValue.objects.get().period_end == BEFORE


def test_a_date_cell_that_lost_its_format_is_read_as_excel_shows_it(units, communes):
    # 45838 is 30 June 2025 and 45845 is 7 July 2025, as Excel counts days.
    import_rows(row(period_start=45838, period_end=45838.0, source_date=45845))

    figure = IndicatorValue.objects.get()
    assert (figure.period_end, figure.source_date) == (BEFORE, datetime.date(2025, 7, 7))


def test_codes_stored_as_numbers_get_their_zeros_back(units, communes, commune_indicator):
    province = ProvinceFactory(code="01", name_vi="Hà Nội")
    commune = CommuneFactory(code="00004", parent=province)
    cells = row(unit_code=1, value=1, **AFTER_ROW)  # its one commune
    import_rows(cells, row(indicator="commune-ntm", unit_code=4.0, value=1, **AFTER_ROW))

    assert IndicatorValue.objects.get(unit=province).value == 1
    assert IndicatorValue.objects.get(unit=commune).value == 1


def test_a_code_that_fits_two_levels_must_be_written_in_full(units, communes):
    province = ProvinceFactory(code="01", name_vi="Hà Nội")
    CommuneFactory(code="00001", parent=province)

    result = import_rows(row(unit_code=1, **AFTER_ROW))

    assert "Code 1 may be 00001 or 01" in row_errors(result)[1]


@pytest.fixture
def commune_indicator(units):
    return IndicatorFactory(code="commune-ntm", at_commune=True, at_province=False)


def test_errors_name_the_row_excel_shows(admin_client, units, communes):
    response = preview(admin_client, csv_upload(row(), row(unit_code="52", value="x")), 0)

    assert "Dòng 3, value: “x”" in " ".join(response.text.split())


def test_preview_sums_up_the_file_and_pages_its_first_rows(admin_client, units, communes):
    IndicatorValueFactory(indicator=communes, unit=units["nation"], value=6000)
    province = units["can_tho"]
    rows = [row(value="6084")] + [
        row(
            unit_code=province.code,
            period_start=f"{day:02d}/{month:02d}/2025",
            period_end=f"{day:02d}/{month:02d}/2025",
        )
        for month in (9, 10, 11, 12)
        for day in range(1, 31)
    ]
    with override_preview_rows(100):
        response = preview(admin_client, csv_upload(*rows), 0)

    assert response.context["summary"]["totals"] == {
        "new": 120,
        "update": 1,
        "skip": 0,
        "invalid": 0,
    }
    assert response.text.count('class="new"') + response.text.count('class="update"') == 50
    assert "Liệt kê 100 mục đầu trong 121" in " ".join(response.text.split())
    last = admin_client.get(response.wsgi_request.path, {"rows": 2})
    assert [r["row"] for r in last.context["rows"]] == list(range(52, 102))
    assert admin_client.get(response.wsgi_request.path, {"rows": "x"}).status_code == 200


@contextlib.contextmanager
def override_preview_rows(number):
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tasks, "PREVIEW_ROWS", number)
        yield


def test_preview_with_errors_counts_them_per_column(admin_client, units, communes):
    rows = [row(value="x"), row(unit_code="99"), row(value="y", period_start="2025-01-01")]
    response = preview(admin_client, csv_upload(*rows), 0)

    per_column = dict(response.context["summary"]["errors_per_column"])
    assert per_column == {"value": 2, "unit_code": 1}


def test_errors_are_paged_with_their_excel_rows(admin_client, units, communes):
    rows = [
        row(
            value="x",
            period_start=f"{day:02d}/{month:02d}/2024",
            period_end=f"{day:02d}/{month:02d}/2024",
        )
        for month in (6, 7)
        for day in range(1, 31)
    ]
    response = preview(admin_client, csv_upload(*rows), 0)

    assert [e["row"] for e in response.context["errors"]] == list(range(2, 52))
    second = admin_client.get(response.wsgi_request.path, {"errors": 2})
    assert "Dòng 61, value" in " ".join(second.text.split())


def test_an_upload_waits_for_the_worker_then_shows_its_progress(admin_client, units, communes):
    response = admin_client.post(
        IMPORT_URL, {"resource": "0", "format": "0", "import_file": csv_upload(row())}
    )
    job = ImportJob.objects.get()
    assert response.url == reverse("admin:programs_indicatorvalue_import_job", args=[job.pk])

    page = admin_client.get(response.url)
    assert "Đang chờ kiểm tra" in page.text
    assert '<meta http-equiv="refresh"' in page.text  # it follows the job
    job.set(status=ImportJob.Status.CHECKING, rows_total=4000, rows_done=1000)
    page = admin_client.get(response.url)
    assert "1.000 / 4.000 dòng đã kiểm tra (25%)" in " ".join(page.text.split())
    assert not IndicatorValue.objects.exists()


def test_a_check_reports_its_progress_as_it_reads(admin_client, units, communes, monkeypatch):
    monkeypatch.setattr(resources, "PROGRESS_ROWS", 2)
    seen = []
    monkeypatch.setattr(ImportJob, "report", lambda job, done: seen.append(done))
    rows = [row(period_start=f"{day:02d}/06/2025") for day in range(1, 6)]

    preview(admin_client, csv_upload(*rows), 0)

    assert seen == [2, 4]
    assert ImportJob.objects.get().rows_done == 5


def test_the_file_is_deleted_once_imported(admin_client, units, communes):
    response = preview(admin_client, csv_upload(row()), 0)
    assert ImportJob.objects.get().upload is not None

    response = confirm(admin_client, response)

    job = ImportJob.objects.get()
    assert (job.status, job.upload, job.batch.created_count) == ("done", None, 1)
    assert "Đã nhập: 1 mới" in response.text
    assert IndicatorValue.objects.count() == 1


def test_an_expired_file_is_deleted_and_cannot_be_confirmed(admin_client, units, communes):
    response = preview(admin_client, csv_upload(row()), 0)
    ImportJob.objects.update(updated_at=timezone.now() - ImportJob.EXPIRY * 2)

    preview(admin_client, csv_upload(row()), 0)  # the next upload clears the expired ones
    expired = ImportJob.objects.earliest("created_at")
    response = confirm(admin_client, response)

    assert (expired.status, expired.upload) == ("failed", None)
    assert "hết hạn" in response.text
    assert not IndicatorValue.objects.exists()


@pytest.mark.parametrize("page", ["import", "job"])
def test_an_expired_file_is_deleted_when_any_import_page_is_opened(
    admin_client, units, communes, page
):
    preview(admin_client, csv_upload(row()), 0)
    job = ImportJob.objects.get()
    ImportJob.objects.update(updated_at=timezone.now() - ImportJob.EXPIRY * 2)

    url = (
        IMPORT_URL
        if page == "import"
        else reverse("admin:programs_indicatorvalue_import_job", args=[job.pk])
    )
    assert admin_client.get(url).status_code == 200

    job.refresh_from_db()
    assert (job.status, job.upload, job.can_confirm) == ("failed", None, False)


def test_a_job_is_seen_by_its_editor_and_national_editors_and_confirmed_by_its_editor(
    client, admin_client, units, communes
):
    response = preview(admin_client, csv_upload(row()), 0)
    url = response.wsgi_request.path
    other = provincial_editor(units["can_tho"])
    client.force_login(other)

    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    national = SuperUserFactory()
    client.force_login(national)
    assert client.get(url).status_code == 200
    client.post(url)
    run_jobs()
    assert not IndicatorValue.objects.exists()  # only who uploaded it confirms


def test_confirming_twice_imports_once(admin_client, units, communes):
    response = preview(admin_client, csv_upload(row()), 0)
    admin_client.post(response.wsgi_request.path)
    admin_client.post(response.wsgi_request.path)
    run_jobs()

    assert ImportBatch.objects.count() == 1


def test_a_job_that_fails_unexpectedly_says_so_and_writes_nothing(
    admin_client, units, communes, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("disk full")

    response = preview(admin_client, csv_upload(row()), 0)
    monkeypatch.setattr(IndicatorValueResource, "bulk_create", broken)
    response = confirm(admin_client, response)

    assert ImportJob.objects.get().status == "failed"
    assert "disk full" not in response.text and "RuntimeError" not in response.text
    assert not IndicatorValue.objects.exists()


def test_the_librarys_own_confirmation_is_gone(admin_client):
    url = reverse("admin:programs_indicatorvalue_process_import")

    assert admin_client.post(url, {"import_file_name": "../../etc/passwd"}).status_code == 404


def test_job_page_queries_do_not_grow_with_rows(admin_client, units, communes):
    def count(number):
        rows = [row(period_start=f"{day:02d}/06/2025") for day in range(1, number + 1)]
        url = preview(admin_client, csv_upload(*rows), 0).wsgi_request.path
        with CaptureQueriesContext(connection) as queries:
            admin_client.get(url)
        return len(queries)

    assert count(2) == count(25)


# Province templates


def test_province_template_holds_its_units_indicators_and_latest_figures(
    admin_client, units, communes, commune_indicator
):
    can_tho = units["can_tho"]
    commune = CommuneFactory(code="31117", name_vi="Phường Ninh Kiều", parent=can_tho)
    IndicatorValueFactory(
        indicator=communes, unit=can_tho, value=80, period_start=AFTER, period_end=AFTER
    )
    url = reverse("admin:programs_indicatorvalue_province_template", args=[can_tho.pk, "xlsx"])

    sheet = openpyxl.load_workbook(io.BytesIO(admin_client.get(url).content)).active
    rows = [[cell.value for cell in r] for r in sheet.iter_rows(min_row=2)]

    by_key = {(r[0], r[1]): dict(zip(COLUMNS, r, strict=True)) for r in rows}
    assert set(by_key) == {("communes-ntm", "92"), ("commune-ntm", "31117")}
    assert by_key["communes-ntm", "92"]["value"] == "80"
    assert by_key["commune-ntm", "31117"]["unit_name"] == commune.name_vi
    assert by_key["commune-ntm", "31117"]["value"] in ("", None)
    assert all(isinstance(r[1], str) for r in rows)


def test_province_template_of_another_province_is_404(client, units, communes):
    editor = provincial_editor(units["can_tho"])
    client.force_login(editor)
    url = reverse(
        "admin:programs_indicatorvalue_province_template", args=[units["gia_lai"].pk, "csv"]
    )

    assert client.get(url).status_code == 404
    own = reverse(
        "admin:programs_indicatorvalue_province_template", args=[units["can_tho"].pk, "csv"]
    )
    assert client.get(own).status_code == 200


def provincial_editor(province):
    from programs.models import EditorProfile

    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_indicatorvalue", "change_indicatorvalue", "view_indicatorvalue"]
        )
    )
    EditorProfile.objects.create(user=user).provinces.add(province)
    return user


# Approval: only approvers publish


def can_tho_row(**changes):
    return row(unit_code="92", period_start=str(AFTER), period_end=str(AFTER), **changes)


@pytest.mark.parametrize(
    ("status", "stored"),
    [("published", "submitted"), ("returned", "submitted"), ("draft", "draft")],
)
def test_a_provincial_editors_import_is_submitted_for_approval(units, communes, status, stored):
    editor = provincial_editor(units["can_tho"])

    result = IndicatorValueResource().import_data(dataset(can_tho_row(status=status)), user=editor)

    assert not result.has_validation_errors()
    assert IndicatorValue.objects.get().status == stored


def test_a_provincial_editors_change_to_a_published_figure_awaits_approval(units, communes, share):
    published = [can_tho_row(value="80"), can_tho_row(indicator="share-ntm", value="80")]
    IndicatorValueResource().import_data(dataset(*published), user=SuperUserFactory())
    changed = [can_tho_row(value="81"), published[1]]

    result = IndicatorValueResource().import_data(
        dataset(*changed), user=provincial_editor(units["can_tho"])
    )

    assert [r.import_type for r in result.rows] == ["update", "skip"]
    assert dict(IndicatorValue.objects.values_list("indicator__code", "status")) == {
        "communes-ntm": "submitted",
        "share-ntm": "published",
    }


@pytest.mark.parametrize("user", [None, "approver"])
def test_an_approvers_or_a_scripts_import_publishes(units, communes, user):
    user = user and SuperUserFactory()

    IndicatorValueResource().import_data(dataset(can_tho_row()), user=user)

    assert IndicatorValue.objects.get().status == "published"


def test_a_provincial_editors_import_in_the_admin_is_submitted(client, units, communes):
    client.force_login(provincial_editor(units["can_tho"]))
    response = preview(client, csv_upload(can_tho_row()), 0)

    confirm(client, response)

    assert IndicatorValue.objects.get().status == "submitted"


# Batches


BATCHES_URL = reverse("admin:programs_importbatch_changelist")


@pytest.fixture
def imported(admin_client, units, communes):
    """A file that updates the national figure and adds Sóc Trăng's, confirmed in the admin."""
    IndicatorValueFactory(indicator=communes, unit=units["nation"], value=6000)
    response = preview(admin_client, csv_upload(row(value="6084"), row(unit_code="94")), 0)
    confirm(admin_client, response)
    return ImportBatch.objects.get()


def test_confirmed_import_is_a_batch_with_who_file_and_counts(imported):
    assert imported.user.username == "admin"
    assert imported.file_name == "values.csv"
    counts = (imported.created_count, imported.updated_count, imported.unchanged_count)
    assert counts == (1, 1, 0)


def test_preview_makes_no_batch(admin_client, units, communes):
    preview(admin_client, csv_upload(row()), 0)

    assert not ImportBatch.objects.exists()


def test_undo_deletes_the_new_figures_and_restores_the_updated_with_history(
    admin_client, imported, units
):
    response = admin_client.post(
        BATCHES_URL, {"action": "undo", "_selected_action": [imported.pk]}, follow=True
    )

    assert response.status_code == 200
    nation = IndicatorValue.objects.get()
    assert (nation.unit, nation.value) == (units["nation"], 6000)
    assert [r.history_type for r in nation.history.order_by("history_id")] == ["+", "~", "~"]
    deleted = IndicatorValue.history.filter(unit=units["soc_trang"]).order_by("history_id")
    assert [r.history_type for r in deleted] == ["+", "-"]
    imported.refresh_from_db()
    assert imported.undone_at and imported.undone_by.username == "admin"


def test_undo_is_refused_when_a_figure_changed_since_and_changes_nothing(imported, units):
    nation = IndicatorValue.objects.get(unit=units["nation"])
    nation.value = 6100
    nation.save()

    with pytest.raises(ValidationError):
        imported.undo(None)

    assert IndicatorValue.objects.count() == 2
    imported.refresh_from_db()
    assert imported.undone_at is None


def test_an_import_is_undone_once(imported):
    imported.undo(None)

    with pytest.raises(ValidationError):
        imported.undo(None)


def test_provincial_editor_sees_only_their_own_imports(client, imported, units):
    client.force_login(provincial_editor(units["can_tho"]))

    response = client.get(BATCHES_URL)

    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == []


def test_batch_list_queries_do_not_grow_with_batches(admin_client, imported):
    def count():
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(BATCHES_URL).status_code == 200
        return len(queries)

    before = count()
    for _ in range(5):
        ImportBatch.objects.create(user=imported.user, file_name="more.csv")
    assert count() == before


def test_batch_page_answers_and_no_batch_can_be_added(admin_client, imported):
    change = reverse("admin:programs_importbatch_change", args=[imported.pk])

    assert admin_client.get(change).status_code == 200
    assert admin_client.get(reverse("admin:programs_importbatch_add")).status_code == 403


def test_status_qualifier_and_range_of_a_figure_are_imported(units, share):
    import_rows(
        row(
            indicator="share-ntm",
            value="5",
            value_high="10",
            value_status="projection",
            qualifier="about",
        )
    )

    figure = IndicatorValue.objects.get()
    assert (figure.value, figure.value_high) == (5, 10)
    assert (figure.value_status, figure.qualifier) == ("projection", "about")


def test_a_file_without_the_newer_columns_imports_figures_as_reported(units, communes):
    old = [c for c in COLUMNS if c not in {"value_high", "value_status", "qualifier"}]
    values = dict(zip(COLUMNS, row(), strict=True))

    result = import_rows([values[c] for c in old], headers=old)

    assert not result.has_validation_errors()
    assert IndicatorValue.objects.get().value_status == "reported"
