"""The admin's data-entry grid and completeness list: programs/admin_grid.py."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.models import EditorProfile, Indicator, IndicatorValue
from tests.factories import (
    FormerProvinceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    ProvinceFactory,
    SuperUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

GRID_URL = reverse("admin:programs_indicatorvalue_grid")
COMPLETENESS_URL = reverse("admin:programs_indicatorvalue_completeness")
YEAR_2025 = (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
SOURCE = {
    "source_publisher": "Sở Nông nghiệp và Môi trường",
    "source_url": "https://cantho.gov.vn/bao-cao",
    "source_date": "15/01/2026",
}


@pytest.fixture
def can_tho():
    return ProvinceFactory(code="92", name_vi="Cần Thơ")


@pytest.fixture
def indicators():
    return {
        "communes": IndicatorFactory(code="communes", order=1),
        "share": IndicatorFactory(
            code="share", measure=Indicator.Measure.PERCENT, additive=False, order=2
        ),
        "national": IndicatorFactory(code="national-only", at_province=False, order=3),
    }


@pytest.fixture
def admin_client(client):
    client.force_login(SuperUserFactory())
    return client


def grid_url(unit, periods="2025"):
    return f"{GRID_URL}?unit={unit.pk}&periods={periods}"


def cell(indicator, period=0, **values):
    prefix = f"i{indicator.pk}p{period}"
    return {f"{prefix}-{name}": value for name, value in values.items()}


def empty_cells(indicators, periods=1):
    data = {}
    for indicator in indicators:
        for period in range(periods):
            data |= cell(indicator, period, value="", numerator="", denominator="")
            data |= cell(indicator, period, value_status="reported")
            data |= cell(indicator, period, source_publisher="", source_url="", source_date="")
    return data


def test_grid_shows_every_indicator_of_the_units_level_prefilled(admin_client, can_tho, indicators):
    IndicatorValueFactory(
        indicator=indicators["communes"],
        unit=can_tho,
        period_start=YEAR_2025[0],
        period_end=YEAR_2025[1],
        value=Decimal("6084"),
    )
    response = admin_client.get(grid_url(can_tho))

    grid = response.context["grid"]
    assert [form.instance.indicator.code for form in grid.rows] == ["communes", "share"]
    assert 'value="6.084"' in response.text  # shown as Vietnamese write it


def test_grid_saves_every_cell_in_one_submit(admin_client, can_tho, indicators):
    recorded = IndicatorValueFactory(
        indicator=indicators["communes"],
        unit=can_tho,
        period_start=YEAR_2025[0],
        period_end=YEAR_2025[1],
        value=80,
    )
    data = empty_cells([indicators["communes"], indicators["share"]])
    data |= cell(
        indicators["communes"],
        value="81",
        **{
            "source_publisher": recorded.source_publisher,
            "source_url": recorded.source_url,
            "source_date": "23/01/2026",
        },
    )
    data |= cell(indicators["share"], value="62,5", numerator="5", denominator="8", **SOURCE)

    response = admin_client.post(grid_url(can_tho), data)

    assert response.status_code == 302
    recorded.refresh_from_db()
    assert recorded.value == 81
    share = IndicatorValue.objects.get(indicator=indicators["share"])
    assert (share.value, share.period_end, share.source_date) == (
        Decimal("62.5"),
        YEAR_2025[1],
        datetime.date(2026, 1, 15),
    )
    assert share.history.get().history_change_reason == "Bảng nhập số liệu"  # the admin's language


def test_grid_with_a_wrong_cell_saves_nothing_and_marks_the_cell(admin_client, can_tho, indicators):
    data = empty_cells([indicators["communes"], indicators["share"]])
    data |= cell(indicators["communes"], value="81", **SOURCE)
    data |= cell(indicators["share"], value="120", **SOURCE)

    response = admin_client.post(grid_url(can_tho), data)

    assert response.status_code == 200
    wrong = [form for form in response.context["grid"].rows if form.errors]
    assert [form.instance.indicator.code for form in wrong] == ["share"]
    assert list(wrong[0].errors) == ["value"]
    assert not IndicatorValue.objects.exists()


def test_a_cell_typed_without_its_source_is_an_error(admin_client, can_tho, indicators):
    data = empty_cells([indicators["communes"], indicators["share"]])
    data |= cell(indicators["communes"], value="81")

    response = admin_client.post(grid_url(can_tho), data)

    assert response.status_code == 200
    assert not IndicatorValue.objects.exists()


def test_grid_takes_several_periods(admin_client, can_tho, indicators):
    response = admin_client.get(grid_url(can_tho, "2024, 31/12/2025"))

    periods = {
        (f.instance.period_start, f.instance.period_end) for f in response.context["grid"].rows
    }
    assert periods == {
        (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        (datetime.date(2025, 12, 31), datetime.date(2025, 12, 31)),
    }


@pytest.mark.parametrize("periods", ["next year", "2020, 2021, 2022, 2023, 2024, 2025, 2026", ""])
def test_bad_periods_are_explained(admin_client, can_tho, periods):
    response = admin_client.get(grid_url(can_tho, periods))

    assert response.status_code == 200
    assert response.context["choice"].errors["periods"]
    assert response.context["grid"] is None


def provincial_editor(province):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["add_indicatorvalue", "change_indicatorvalue", "view_indicatorvalue"]
        )
    )
    EditorProfile.objects.create(user=user).provinces.add(province)
    return user


def test_provincial_editor_cannot_open_another_provinces_grid(client, can_tho, indicators):
    other = ProvinceFactory(code="52", name_vi="Gia Lai")
    client.force_login(provincial_editor(can_tho))

    assert client.get(grid_url(can_tho)).context["grid"] is not None
    response = client.get(grid_url(other))
    assert response.context["grid"] is None
    assert response.context["choice"].errors["unit"]


def test_grid_needs_the_permission_to_add_and_change_figures(client, can_tho):
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_indicatorvalue"))
    client.force_login(user)

    assert client.get(grid_url(can_tho)).status_code == 403


# Approval: only approvers publish (IndicatorValue.statuses_for)


def figure_of(indicator, unit, status):
    return IndicatorValueFactory(
        indicator=indicator,
        unit=unit,
        period_start=YEAR_2025[0],
        period_end=YEAR_2025[1],
        value=80,
        source_date=datetime.date(2026, 1, 15),
        status=status,
    )


def recorded_cell(figure, **values):
    fields = {
        "value": figure.value,
        "source_publisher": figure.source_publisher,
        "source_url": figure.source_url,
        "source_date": "15/01/2026",
    }
    return cell(figure.indicator, **(fields | values))


def test_a_provincial_editors_change_to_a_published_figure_awaits_approval(
    client, can_tho, indicators
):
    published = figure_of(indicators["communes"], can_tho, IndicatorValue.Status.PUBLISHED)
    client.force_login(provincial_editor(can_tho))
    data = empty_cells([indicators["communes"], indicators["share"]])
    data |= recorded_cell(published, value="81")
    data |= cell(indicators["share"], value="62,5", **SOURCE)

    assert client.post(grid_url(can_tho), data).status_code == 302

    published.refresh_from_db()
    assert (published.value, published.status) == (81, IndicatorValue.Status.SUBMITTED)
    new = IndicatorValue.objects.get(indicator=indicators["share"])
    assert new.status == IndicatorValue.Status.DRAFT
    assert not IndicatorValue.objects.published().exists()  # nothing public before approval


def test_an_approvers_change_to_a_published_figure_stays_published(
    admin_client, can_tho, indicators
):
    published = figure_of(indicators["communes"], can_tho, IndicatorValue.Status.PUBLISHED)
    data = empty_cells([indicators["communes"], indicators["share"]])
    data |= recorded_cell(published, value="81")

    assert admin_client.post(grid_url(can_tho), data).status_code == 302

    published.refresh_from_db()
    assert (published.value, published.status) == (81, IndicatorValue.Status.PUBLISHED)


def test_save_and_submit_sends_the_grids_drafts_and_returned_figures_for_approval(
    client, can_tho, indicators
):
    Status = IndicatorValue.Status
    returned = figure_of(indicators["communes"], can_tho, Status.RETURNED)
    client.force_login(provincial_editor(can_tho))
    data = empty_cells([indicators["communes"], indicators["share"]])
    data |= recorded_cell(returned)  # unchanged, submitted as it is
    data |= cell(indicators["share"], value="62,5", **SOURCE)

    response = client.post(grid_url(can_tho), data | {"_submit": "1"})

    assert response.status_code == 302
    statuses = dict(IndicatorValue.objects.values_list("indicator__code", "status"))
    assert statuses == {"communes": Status.SUBMITTED, "share": Status.SUBMITTED}
    assert returned.history.latest().history_change_reason == "Bảng nhập số liệu"


def test_save_without_submit_leaves_an_unchanged_draft_alone(client, can_tho, indicators):
    draft = figure_of(indicators["communes"], can_tho, IndicatorValue.Status.DRAFT)
    client.force_login(provincial_editor(can_tho))
    data = empty_cells([indicators["communes"], indicators["share"]]) | recorded_cell(draft)

    assert client.post(grid_url(can_tho), data).status_code == 302

    draft.refresh_from_db()
    assert draft.status == IndicatorValue.Status.DRAFT
    assert draft.history.count() == 1


def test_a_wrong_cell_submits_nothing(client, can_tho, indicators):
    draft = figure_of(indicators["communes"], can_tho, IndicatorValue.Status.DRAFT)
    client.force_login(provincial_editor(can_tho))
    data = empty_cells([indicators["communes"], indicators["share"]]) | recorded_cell(draft)
    data |= cell(indicators["share"], value="120", **SOURCE)

    assert client.post(grid_url(can_tho), data | {"_submit": "1"}).status_code == 200

    draft.refresh_from_db()
    assert draft.status == IndicatorValue.Status.DRAFT
    assert IndicatorValue.objects.count() == 1


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_grid_queries_do_not_grow_with_indicators(admin_client, can_tho, indicators):
    before = count_queries(admin_client, grid_url(can_tho, "2024, 2025"))
    for _ in range(10):
        indicator = IndicatorFactory()
        IndicatorValueFactory(
            indicator=indicator, unit=can_tho, period_start=YEAR_2025[0], period_end=YEAR_2025[1]
        )
    assert count_queries(admin_client, grid_url(can_tho, "2024, 2025")) == before


# Completeness


def test_completeness_counts_each_provinces_indicators_with_figures(
    admin_client, can_tho, indicators
):
    gia_lai = ProvinceFactory(code="52", name_vi="Gia Lai")
    for indicator in (indicators["communes"], indicators["share"]):
        IndicatorValueFactory(
            indicator=indicator, unit=can_tho, period_start=YEAR_2025[0], period_end=YEAR_2025[1]
        )
    IndicatorValueFactory(
        indicator=indicators["communes"],
        unit=gia_lai,
        period_start=datetime.date(2025, 12, 31),
        period_end=datetime.date(2025, 12, 31),
    )

    response = admin_client.get(f"{COMPLETENESS_URL}?year=2025")

    rows = [(p.name, filled, share) for p, filled, share in response.context["rows"]]
    assert rows == [("Cần Thơ", 2, 100), ("Gia Lai", 1, 50)]
    response = admin_client.get(f"{COMPLETENESS_URL}?year=2025&o=filled")
    assert [p.name for p, *_ in response.context["rows"]] == ["Gia Lai", "Cần Thơ"]


def test_completeness_sorts_by_name_in_vietnamese_order_and_by_code(admin_client, can_tho):
    ProvinceFactory(code="52", name_vi="Gia Lai")
    ProvinceFactory(code="82", name_vi="Đồng Tháp")

    by_name = admin_client.get(f"{COMPLETENESS_URL}?year=2025&o=name").context["rows"]
    assert [p.name for p, *_ in by_name] == ["Cần Thơ", "Đồng Tháp", "Gia Lai"]  # Đ after D
    by_code = admin_client.get(f"{COMPLETENESS_URL}?year=2025&o=code").context["rows"]
    assert [p.code for p, *_ in by_code] == ["52", "82", "92"]


def test_completeness_of_a_year_before_the_reorganisation_lists_the_former_provinces(
    admin_client, can_tho, indicators
):
    soc_trang = FormerProvinceFactory(code="94", name_vi="Sóc Trăng", successor=can_tho)
    IndicatorValueFactory(indicator=indicators["communes"], unit=soc_trang)

    response = admin_client.get(f"{COMPLETENESS_URL}?year=2024")

    assert [p.name for p, *_ in response.context["rows"]] == ["Sóc Trăng"]


def test_completeness_shows_a_provincial_editor_their_province(client, can_tho, indicators):
    ProvinceFactory(code="52", name_vi="Gia Lai")
    client.force_login(provincial_editor(can_tho))

    response = client.get(COMPLETENESS_URL)

    assert [p for p, *_ in response.context["rows"]] == [can_tho]
    assert client.get(f"{COMPLETENESS_URL}?year=abc").status_code == 200


def test_completeness_queries_do_not_grow_with_provinces(admin_client, can_tho, indicators):
    IndicatorValueFactory(indicator=indicators["communes"], unit=can_tho)
    before = count_queries(admin_client, COMPLETENESS_URL)
    for _ in range(10):
        IndicatorValueFactory(indicator=indicators["communes"], unit=ProvinceFactory())
    assert count_queries(admin_client, COMPLETENESS_URL) == before
