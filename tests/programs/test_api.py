"""The programs part of the REST API v1: reads, filters, formats, writes, caching and the schema."""

import csv
import datetime
import io
import json
import re
import zipfile
from decimal import Decimal

import hypothesis
import pytest
import schemathesis
import yaml
from django.contrib.auth.models import Permission
from django.core import signals
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.management import call_command
from django.db import close_old_connections, connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.renderers import OpenApiJsonRenderer
from hypothesis import HealthCheck
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient
from schemathesis.checks import CHECKS, load_all_checks
from schemathesis.config import SchemathesisConfig

from ntmportal.api import Pagination
from ntmportal.throttling import AnonRateThrottle
from programs.models import (
    AdministrativeUnit,
    Attendance,
    ConferenceSource,
    Document,
    IndicatorValue,
    Target,
)
from tests import factories

pytestmark = pytest.mark.django_db

API = "/api/v1"
BEFORE = datetime.date(2024, 12, 31)
# Tests run without collectstatic, so without the manifest of the production storage.
STATIC_FILES = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttling counts requests in the cache: every test starts from zero."""
    cache.clear()


@pytest.fixture
def client():
    return APIClient()


def results(response):
    assert response.status_code == 200, response.content
    return response.json()["results"]


def ids(response, key="id"):
    return {row[key] for row in results(response)}


# Builders of one fully related row per list endpoint, for the query-count guards.


def make_program():
    program = factories.ProgramFactory(decided_by=factories.DocumentFactory())
    program.succeeds.add(factories.ProgramFactory())


def make_document():
    factories.DocumentFactory().programs.add(factories.ProgramFactory())


def make_unit():
    factories.FormerProvinceFactory()


def make_conference():
    notice = factories.DocumentFactory(
        kind=Document.Kind.NOTICE, issued_on=datetime.date(2025, 7, 1)
    )
    conference = factories.ConferenceFactory(source_document=notice)
    ConferenceSource.objects.create(
        conference=conference, publisher="Báo", url="https://example.vn/1", date=conference.date
    )
    conference.co_chairs.add(factories.PersonFactory())
    conference.programs.add(factories.ProgramFactory())
    conference.movements.add(factories.MovementFactory())
    for is_main in (True, False):
        bridge = factories.BridgeFactory(conference=conference, is_main=is_main)
        factories.AttendanceFactory.create_batch(2, bridge=bridge)


def make_award():
    factories.AwardFactory(conference=factories.ConferenceFactory())


def make_article():
    article = factories.ArticleFactory(authors=[factories.AuthorFactory()])
    article.tags.add(factories.TagFactory())
    article.units.add(factories.ProvinceFactory(), factories.FormerProvinceFactory())
    article.programs.add(factories.ProgramFactory())
    article.conferences.add(factories.ConferenceFactory())
    article.movements.add(factories.MovementFactory())
    article.documents.add(factories.DocumentFactory())


LISTS = {
    "programs": make_program,
    "documents": make_document,
    "units": make_unit,
    "indicators": factories.IndicatorFactory,
    "indicator-values": factories.IndicatorValueFactory,
    "targets": factories.TargetFactory,
    "conferences": make_conference,
    "movements": factories.MovementFactory,
    "awards": make_award,
    "articles": make_article,
    "categories": factories.CategoryFactory,
    "tags": factories.TagFactory,
    "authors": factories.AuthorFactory,
}


@pytest.mark.parametrize("endpoint", LISTS)
def test_list_queries_do_not_grow_with_rows(client, endpoint):
    for _ in range(3):
        LISTS[endpoint]()
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{API}/{endpoint}/").status_code == 200
    for _ in range(20):
        LISTS[endpoint]()
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{API}/{endpoint}/")
    assert response.json()["count"] >= 23
    assert len(many) == len(few), [query["sql"] for query in many]


@pytest.mark.parametrize("endpoint", LISTS)
def test_every_list_gives_what_changed_after_a_moment(client, endpoint):
    before = timezone.now().isoformat()
    LISTS[endpoint]()
    url = f"{API}/{endpoint}/"
    assert client.get(url, {"updated_after": before}).json()["count"] >= 1
    later = (timezone.now() + datetime.timedelta(minutes=1)).isoformat()
    assert client.get(url, {"updated_after": later}).json()["count"] == 0
    assert client.get(url, {"updated_after": "yesterday"}).status_code == 400


def test_a_changed_target_is_listed_after_the_moment_it_changed(client):
    target, other = factories.TargetFactory(), factories.TargetFactory()
    moment = timezone.now()
    target.note = "Sửa theo Quyết định mới."
    target.save()
    rows = results(client.get(f"{API}/targets/", {"updated_after": moment.isoformat()}))
    assert [row["id"] for row in rows] == [target.pk]
    assert datetime.datetime.fromisoformat(rows[0]["updated_at"]) > moment > other.updated_at


@pytest.mark.parametrize("endpoint", LISTS)
def test_every_listed_object_has_a_working_detail_address(client, endpoint):
    LISTS[endpoint]()
    for row in results(client.get(f"{API}/{endpoint}/")):
        address = row.get("url") or f"http://testserver{API}/{endpoint}/{row['id']}/"
        detail = client.get(address)
        assert detail.status_code == 200
        assert detail.json() == row


def test_api_root_lists_every_endpoint(client):
    response = client.get(f"{API}/")
    assert response.status_code == 200
    assert set(response.json()) >= set(LISTS)


def test_unknown_object_is_404(client):
    assert client.get(f"{API}/programs/NOPE/").status_code == 404
    assert client.get(f"{API}/units/987654/").status_code == 404


# Programs, documents, indicators, movements


def test_program_shows_its_deciding_document_and_predecessors(client):
    old = factories.ProgramFactory(code="NTM2016")
    program = factories.ProgramFactory(
        code="NTM", name_vi="Chương trình mục tiêu quốc gia xây dựng nông thôn mới"
    )
    program.decided_by = factories.DocumentFactory(number="263/QĐ-TTg")
    program.save()
    program.succeeds.add(old)
    data = client.get(f"{API}/programs/NTM/").json()
    assert data["name"] == "Chương trình mục tiêu quốc gia xây dựng nông thôn mới"
    assert data["decided_by"] == program.decided_by.slug
    assert data["succeeds"] == ["NTM2016"]


def test_programs_filter_by_year(client):
    factories.ProgramFactory(code="OLD", start_year=2016, end_year=2020)
    factories.ProgramFactory(code="NEW", start_year=2021, end_year=2025)
    assert ids(client.get(f"{API}/programs/", {"year": 2018}), "code") == {"OLD"}


def test_programs_speak_english_when_asked(client):
    factories.ProgramFactory(code="NTM", name_vi="Nông thôn mới", name_en="New rural areas")
    assert client.get(f"{API}/programs/NTM/").json()["name"] == "Nông thôn mới"
    english = client.get(f"{API}/programs/NTM/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.json()["name"] == "New rural areas"


def test_documents_filter_by_kind_program_date_and_text(client):
    program = factories.ProgramFactory(code="NTM")
    decision = factories.DocumentFactory(
        number="263/QĐ-TTg", title_vi="Phê duyệt Chương trình nông thôn mới"
    )
    decision.programs.add(program)
    report = factories.DocumentFactory(
        kind="report", title_vi="Báo cáo tổng kết", issued_on=datetime.date(2025, 6, 22)
    )
    url = f"{API}/documents/"
    assert ids(client.get(url, {"kind": "report"}), "slug") == {report.slug}
    assert ids(client.get(url, {"program": "NTM"}), "slug") == {decision.slug}
    assert ids(client.get(url, {"issued_on_after": "2025-01-01"}), "slug") == {report.slug}
    assert ids(client.get(url, {"issued_on_before": "2024-01-01"}), "slug") == {decision.slug}
    assert ids(client.get(url, {"q": "nong thon"}), "slug") == {decision.slug}
    assert ids(client.get(url, {"q": "263/qđ"}), "slug") == {decision.slug}
    assert ids(client.get(url, {"ordering": "issued_on"}), "slug") == {decision.slug, report.slug}


def test_indicators_filter_by_program_measure_and_level(client):
    ntm = factories.ProgramFactory(code="NTM")
    communes = factories.IndicatorFactory(code="communes-ntm", program=ntm, at_commune=True)
    rate = factories.IndicatorFactory(code="poverty-rate", measure="percent", at_province=False)
    url = f"{API}/indicators/"
    assert ids(client.get(url, {"program": "NTM"}), "code") == {communes.code}
    assert ids(client.get(url, {"measure": "percent"}), "code") == {rate.code}
    assert ids(client.get(url, {"level": "commune"}), "code") == {communes.code}
    assert ids(client.get(url, {"level": "nation"}), "code") == {communes.code, rate.code}
    assert client.get(f"{API}/indicators/communes-ntm/").json()["levels"] == [
        "nation",
        "province",
        "commune",
    ]


def test_movements_filter_by_program_and_sort_in_vietnamese_order(client):
    ntm = factories.ProgramFactory(code="NTM")
    factories.MovementFactory(name_vi="Vì người nghèo", program=factories.ProgramFactory())
    factories.MovementFactory(name_vi="Cả nước chung sức xây dựng nông thôn mới", program=ntm)
    factories.MovementFactory(name_vi="Đoàn kết", program=ntm)
    names = [row["name"] for row in results(client.get(f"{API}/movements/", {"ordering": "name"}))]
    assert names == ["Cả nước chung sức xây dựng nông thôn mới", "Đoàn kết", "Vì người nghèo"]
    by_program = client.get(f"{API}/movements/", {"program": "NTM", "ordering": "-name"})
    assert [row["name"] for row in results(by_program)] == [
        "Đoàn kết",
        "Cả nước chung sức xây dựng nông thôn mới",
    ]


# Administrative units


@pytest.fixture
def merger():
    """Bình Định and the old Gia Lai merged into Gia Lai, which kept Bình Định's code, on
    1 July 2025; Sóc Trăng merged into Cần Thơ. Codes above 90, which the factories never make
    (the real ones are 52, 64, 92 and 94)."""
    gia_lai = factories.ProvinceFactory(code="95", name_vi="Gia Lai")
    binh_dinh = factories.FormerProvinceFactory(code="95", name_vi="Bình Định", successor=gia_lai)
    old_gia_lai = factories.FormerProvinceFactory(code="96", name_vi="Gia Lai", successor=gia_lai)
    can_tho = factories.ProvinceFactory(code="92", name_vi="Cần Thơ")
    soc_trang = factories.FormerProvinceFactory(code="94", name_vi="Sóc Trăng", successor=can_tho)
    return {"gia_lai": gia_lai, "binh_dinh": binh_dinh, "old": old_gia_lai, "soc": soc_trang}


def test_unit_links_its_successor_and_predecessors(client, merger):
    gia_lai = client.get(f"{API}/units/{merger['gia_lai'].pk}/").json()
    assert [unit["name"] for unit in gia_lai["predecessors"]] == ["Bình Định", "Gia Lai"]
    assert gia_lai["successor"] is None
    assert gia_lai["level"] == "province"
    binh_dinh = client.get(gia_lai["predecessors"][0]["url"]).json()
    assert binh_dinh["successor"]["id"] == merger["gia_lai"].pk
    assert binh_dinh["valid_until"] == "2025-06-30"
    assert binh_dinh["parent"]["code"] == factories.NATION_CODE


def test_units_in_force_on_a_date_give_that_structure(client, merger):
    url = f"{API}/units/"
    before = ids(client.get(url, {"in_force_on": "2025-06-30", "level": "province"}))
    after = ids(client.get(url, {"in_force_on": "2025-07-01", "level": "province"}))
    former = {merger["binh_dinh"].pk, merger["old"].pk, merger["soc"].pk}
    assert before == former
    assert after == {merger["gia_lai"].pk, merger["soc"].successor_id}


def test_units_filter_by_code_kind_level_parent_current_and_name(client, merger):
    url = f"{API}/units/"
    nation = AdministrativeUnit.objects.nation()
    assert ids(client.get(url, {"code": "95"})) == {merger["gia_lai"].pk, merger["binh_dinh"].pk}
    assert ids(client.get(url, {"code": "95", "current": "true"})) == {merger["gia_lai"].pk}
    assert ids(client.get(url, {"current": "false"})) == {
        merger["binh_dinh"].pk,
        merger["old"].pk,
        merger["soc"].pk,
    }
    assert ids(client.get(url, {"level": "nation"})) == {nation.pk}
    assert ids(client.get(url, {"kind": "nation"})) == {nation.pk}
    assert nation.pk not in ids(client.get(url, {"parent": nation.pk}))
    assert ids(client.get(url, {"q": "soc trang"})) == {merger["soc"].pk}
    assert ids(client.get(url, {"q": "BÌNH"})) == {merger["binh_dinh"].pk}


def test_units_sort_by_name_in_vietnamese_order(client, merger):
    factories.ProvinceFactory(code="98", name_vi="Đà Nẵng")
    rows = results(client.get(f"{API}/units/", {"ordering": "name", "level": "province"}))
    names = [row["name"] for row in rows]
    assert names[:4] == ["Bình Định", "Cần Thơ", "Đà Nẵng", "Gia Lai"]


# Indicator values


@pytest.fixture
def figures(merger):
    """Published figures of two programs, for Gia Lai and its predecessors, and one draft."""
    old = factories.ProgramFactory(code="NTM2016", start_year=2016, end_year=2020)
    ntm = factories.ProgramFactory(code="NTM")
    ntm.succeeds.add(old)
    share = factories.IndicatorFactory(code="communes-ntm", program=ntm)
    legacy = factories.IndicatorFactory(code="communes-ntm-2016", program=old)
    poverty = factories.IndicatorFactory(code="poverty", program=factories.ProgramFactory())

    def value(indicator, unit, day, **extra):
        return factories.IndicatorValueFactory(
            indicator=indicator, unit=unit, period_start=day, period_end=day, **extra
        )

    late = datetime.date(2025, 12, 31)
    return {
        "binh_dinh": value(share, merger["binh_dinh"], BEFORE, value=120),
        "old_gia_lai": value(share, merger["old"], BEFORE, value=150),
        "gia_lai": value(share, merger["gia_lai"], late, value=260, numerator=260, denominator=300),
        "legacy": value(legacy, merger["binh_dinh"], datetime.date(2020, 12, 31), value=90),
        "poverty": value(poverty, AdministrativeUnit.objects.nation(), late, value=1),
        "draft": value(share, merger["soc"], BEFORE, value=7, status="draft"),
    }


def value_ids(client, **params):
    return ids(client.get(f"{API}/indicator-values/", params))


def pks(figures, *names):
    return {figures[name].pk for name in names}


def test_indicator_values_list_only_published_figures(client, figures):
    assert value_ids(client) == pks(
        figures, "binh_dinh", "old_gia_lai", "gia_lai", "legacy", "poverty"
    )
    assert client.get(f"{API}/indicator-values/{figures['draft'].pk}/").status_code == 404


def test_indicator_value_carries_unit_code_name_share_and_source(client, figures):
    data = client.get(f"{API}/indicator-values/{figures['gia_lai'].pk}/").json()
    assert data["indicator"] == "communes-ntm"
    assert (data["unit"], data["unit_code"], data["unit_name"]) == (
        figures["gia_lai"].unit_id,
        "95",
        "Gia Lai",
    )
    assert data["value"] == 260
    assert data["share"] == pytest.approx(86.7)
    assert data["source_url"] == "https://example.gov.vn/report"


@pytest.mark.parametrize("language", ["vi", "en"])
def test_listed_figures_are_exactly_their_detail(client, figures, merger, language):
    """The list reads rows, the detail a model instance: the same fields, in the same order,
    with the same values, whatever each figure lacks or holds."""
    indicator = figures["gia_lai"].indicator
    indicator.name_en = "Communes meeting the new rural standards"
    indicator.save()
    merger["gia_lai"].name_en = "Gia Lai Province"
    merger["gia_lai"].save()
    ranged = figures["binh_dinh"]
    ranged.qualifier, ranged.value, ranged.value_high = "about", Decimal("5.25"), Decimal("10")
    ranged.note_vi, ranged.value_status = "Ước tính; 62,5 là sáu mươi hai rưỡi.", "estimate"
    ranged.save()
    figures["gia_lai"].note_en = "English only."
    figures["gia_lai"].save()
    for day in (datetime.date(2025, 8, 1), datetime.date(2025, 7, 1)):
        factories.FigureSourceFactory(figure=figures["gia_lai"], date=day)
    alone = factories.FormerProvinceFactory(code="93", name_vi="Tỉnh Không Kế Tục")
    factories.IndicatorValueFactory(indicator=indicator, unit=alone, value=3)
    rows = results(client.get(f"{API}/indicator-values/", HTTP_ACCEPT_LANGUAGE=language))
    assert len(rows) == 6
    for row in rows:
        address = f"{API}/indicator-values/{row['id']}/"
        detail = client.get(address, HTTP_ACCEPT_LANGUAGE=language).json()
        assert list(detail.items()) == list(row.items())
    names = {row["indicator_name"] for row in rows} | {row["unit_name"] for row in rows}
    assert ({indicator.name_en, "Gia Lai Province"} <= names) == (language == "en")
    [sourced] = [row for row in rows if row["id"] == figures["gia_lai"].pk]
    assert [source["date"] for source in sourced["sources"]] == ["2025-07-01", "2025-08-01"]


def test_the_count_of_figures_is_read_once_per_change(client, figures, settings):
    settings.PAGE_CACHE_SECONDS = 0  # the count is kept even without the page cache
    url = f"{API}/indicator-values/"
    assert client.get(url).json()["count"] == 5
    with CaptureQueriesContext(connection) as again:
        assert client.get(url).json()["count"] == 5
    assert not [query for query in again if "COUNT(" in query["sql"]]
    assert client.get(url, {"indicator": "poverty"}).json()["count"] == 1
    poverty, day = figures["poverty"], datetime.date(2024, 12, 31)
    factories.IndicatorValueFactory(
        indicator=poverty.indicator, unit=poverty.unit, period_start=day, period_end=day
    )
    assert client.get(url).json()["count"] == 6
    assert client.get(url, {"indicator": "poverty"}).json()["count"] == 2
    poverty.delete(reason="Số liệu trùng.")
    assert client.get(url).json()["count"] == 5


def test_an_editor_who_sees_drafts_is_not_given_the_visitors_count(client, figures, settings):
    settings.PAGE_CACHE_SECONDS = 0
    url = f"{API}/indicator-values/"
    assert client.get(url).json()["count"] == 5
    client.force_authenticate(factories.SuperUserFactory())
    assert client.get(url).json()["count"] == 6


def test_a_list_with_only_standard_parameters_filters_nothing(client, figures):
    every = results(client.get(f"{API}/indicator-values/"))
    assert len(every) == 5
    params = {"page": 1, "page_size": 2, "format": "json", "ordering": "", "fields": "id"}
    page = results(client.get(f"{API}/indicator-values/", params))
    assert page == [{"id": row["id"]} for row in every[:2]]


@pytest.mark.parametrize("name", ["colour", "parent", "province", "indicators", "period_end_from"])
def test_an_unknown_parameter_is_400_naming_it_and_the_valid_ones(client, figures, name):
    response = client.get(f"{API}/indicator-values/", {name: "1"})
    assert response.status_code == 400
    [message] = response.json()[name]
    assert "unit_code" in message and "period_end_after" in message and "page_size" in message


def test_a_bad_value_of_a_known_filter_is_400(client, figures):
    response = client.get(f"{API}/indicator-values/", {"period_end_after": "not a date"})
    assert response.status_code == 400


def test_indicator_values_filter_by_indicator(client, figures):
    assert value_ids(client, indicator="poverty") == pks(figures, "poverty")
    both = client.get(f"{API}/indicator-values/?indicator=poverty&indicator=communes-ntm-2016")
    assert ids(both) == pks(figures, "poverty", "legacy")


def test_indicator_values_by_program_include_the_programs_it_succeeds(client, figures):
    expected = pks(figures, "binh_dinh", "old_gia_lai", "gia_lai", "legacy")
    assert value_ids(client, program="NTM") == expected
    assert value_ids(client, program="NTM2016") == pks(figures, "legacy")


def test_indicator_values_filter_by_unit(client, figures):
    unit = figures["binh_dinh"].unit_id
    assert value_ids(client, unit=unit) == pks(figures, "binh_dinh", "legacy")


def test_indicator_values_filter_by_unit_code_and_structure(client, figures):
    assert value_ids(client, unit_code="95") == pks(figures, "binh_dinh", "legacy", "gia_lai")
    assert value_ids(client, unit_code="95", structure="current") == pks(figures, "gia_lai")
    assert value_ids(client, unit_code="95", structure="former") == pks(
        figures, "binh_dinh", "legacy"
    )


def test_indicator_values_filter_by_level(client, figures):
    assert value_ids(client, level="nation") == pks(figures, "poverty")


def test_indicator_values_of_a_unit_and_its_predecessors(client, figures):
    gia_lai = figures["gia_lai"].unit_id
    assert value_ids(client, unit_and_predecessors=gia_lai, indicator="communes-ntm") == pks(
        figures, "binh_dinh", "old_gia_lai", "gia_lai"
    )


def test_indicator_values_filter_by_period_range(client, figures):
    assert value_ids(client, period_end_after="2025-01-01") == pks(figures, "gia_lai", "poverty")
    assert value_ids(client, period_end_before="2020-12-31") == pks(figures, "legacy")
    assert value_ids(client, period_end_after="2024-12-31", period_end_before="2024-12-31") == pks(
        figures, "binh_dinh", "old_gia_lai"
    )


def test_indicator_values_order_by_period_and_value(client, figures):
    rows = results(client.get(f"{API}/indicator-values/", {"ordering": "-period_end,value"}))
    assert [row["id"] for row in rows[:2]] == [figures["poverty"].pk, figures["gia_lai"].pk]
    rows = results(client.get(f"{API}/indicator-values/", {"ordering": "value"}))
    assert [row["value"] for row in rows] == [1, 90, 120, 150, 260]


@pytest.mark.parametrize(
    "params",
    [
        {"indicator": "no-such-indicator"},
        {"program": "NOPE"},
        {"unit": "abc"},
        {"unit_and_predecessors": "987654"},
        {"period_end_after": "12/31/2024"},  # month first: never read
        {"structure": "someday"},
        {"level": "district"},
    ],
)
def test_invalid_filter_is_400_naming_the_parameter(client, figures, params):
    response = client.get(f"{API}/indicator-values/", params)
    assert response.status_code == 400
    assert set(response.json()) == set(params)


@pytest.mark.parametrize(
    "query",
    [
        "unit={binh_dinh}&unit={gia_lai}",
        "unit={binh_dinh},{gia_lai}",
        "unit={binh_dinh}&unit={gia_lai},{binh_dinh}",
    ],
)
def test_several_units_mean_any_of_them(client, figures, query):
    units = {name: figures[name].unit_id for name in ("binh_dinh", "gia_lai")}
    response = client.get(f"{API}/indicator-values/?{query.format(**units)}")
    assert ids(response) == pks(figures, "binh_dinh", "legacy", "gia_lai")


def test_several_unit_codes_indicators_and_programs_mean_any_of_them(client, figures):
    url = f"{API}/indicator-values/"
    assert ids(client.get(f"{url}?unit_code=95&unit_code=96")) == pks(
        figures, "binh_dinh", "legacy", "gia_lai", "old_gia_lai"
    )
    assert ids(client.get(f"{url}?indicator=poverty,communes-ntm-2016")) == pks(
        figures, "poverty", "legacy"
    )
    both = client.get(f"{url}?program=NTM2016&program={figures['poverty'].indicator.program.code}")
    assert ids(both) == pks(figures, "legacy", "poverty")


def test_several_levels_and_years_mean_any_of_them(client, figures):
    url = f"{API}/indicator-values/"
    assert ids(client.get(f"{url}?level=nation&level=province")) == pks(
        figures, "binh_dinh", "old_gia_lai", "gia_lai", "legacy", "poverty"
    )
    assert ids(client.get(f"{url}?period=2020,2025")) == pks(
        figures, "legacy", "gia_lai", "poverty"
    )
    assert ids(client.get(f"{url}?period=2020&period=2024")) == pks(
        figures, "legacy", "binh_dinh", "old_gia_lai"
    )
    units = client.get(f"{API}/units/?level=nation&level=province&current=true")
    assert {row["level"] for row in results(units)} == {"nation", "province"}


@pytest.mark.parametrize(
    "query",
    [
        "structure=current&structure=former",
        "period_end=2024-12-31&period_end=2025-12-31",
        "latest=true&latest=false",
        "page=1&page=2",
        "page_size=10&page_size=20",
        "ordering=value&ordering=-value",
        "fields=id&fields=value",
    ],
)
def test_a_parameter_of_one_value_given_twice_is_400_not_its_last_value(client, figures, query):
    response = client.get(f"{API}/indicator-values/?{query}", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    name = query.split("=")[0]
    assert list(response.json()) == [name]
    assert "once" in response.json()[name][0]


def test_q_finds_figures_by_unit_or_indicator_ignoring_diacritics(client, figures):
    assert value_ids(client, q="binh dinh") == pks(figures, "binh_dinh", "legacy")
    poverty = figures["poverty"].indicator
    poverty.name_vi = "Tỷ lệ hộ nghèo"
    poverty.save()
    assert value_ids(client, q="ho ngheo") == pks(figures, "poverty")
    assert value_ids(client, q="poverty") == pks(figures, "poverty")  # the code
    assert ids(client.get(f"{API}/targets/", {"q": "khong co"})) == set()


def test_one_unknown_value_among_several_is_400(client, figures):
    response = client.get(f"{API}/indicator-values/?indicator=poverty&indicator=nope")
    assert response.status_code == 400
    assert "nope" in response.json()["indicator"][0]


def test_indicator_values_filter_by_exact_reference_date_and_year(client, figures):
    assert value_ids(client, period_end="2024-12-31") == pks(figures, "binh_dinh", "old_gia_lai")
    assert value_ids(client, period=2020) == pks(figures, "legacy")
    assert client.get(f"{API}/indicator-values/", {"period": "20x"}).status_code == 400


def test_latest_gives_each_units_latest_figure_of_each_indicator(client, figures):
    gia_lai = figures["gia_lai"]
    earlier = datetime.date(2024, 12, 31)
    factories.IndicatorValueFactory(
        indicator=gia_lai.indicator, unit=gia_lai.unit, period_start=earlier, period_end=earlier
    )
    assert value_ids(client, latest="true") == pks(
        figures, "binh_dinh", "old_gia_lai", "gia_lai", "legacy", "poverty"
    )
    assert value_ids(client, latest="true", unit=gia_lai.unit_id) == pks(figures, "gia_lai")
    assert len(value_ids(client, latest="false")) == 6


def test_every_figure_row_tells_whether_its_unit_is_current_and_its_successor(client, figures):
    rows = {row["id"]: row for row in results(client.get(f"{API}/indicator-values/"))}
    former = rows[figures["binh_dinh"].pk]
    assert (former["unit_current"], former["unit_valid_until"]) == (False, "2025-06-30")
    assert former["unit_successor_code"] == "95"
    assert former["series_unit"] == figures["gia_lai"].unit_id
    current = rows[figures["gia_lai"].pk]
    assert (current["unit_current"], current["unit_valid_until"]) == (True, None)
    assert (current["unit_successor_code"], current["series_unit"]) == (None, current["unit"])


def test_units_filter_former_ones_and_by_successor(client, merger):
    url = f"{API}/units/"
    assert ids(client.get(url, {"former": "true"})) == {
        merger["binh_dinh"].pk,
        merger["old"].pk,
        merger["soc"].pk,
    }
    assert merger["gia_lai"].pk in ids(client.get(url, {"former": "false"}))
    assert ids(client.get(url, {"successor": merger["gia_lai"].pk})) == {
        merger["binh_dinh"].pk,
        merger["old"].pk,
    }


@pytest.fixture
def three_into_one():
    """A current province with three predecessors, each with figures of its own, and a
    former province that merged into another."""
    indicator = factories.IndicatorFactory(code="communes-ntm")
    current = factories.ProvinceFactory(code="97", name_vi="Tỉnh Hợp Nhất")
    formers = [
        factories.FormerProvinceFactory(code=code, name_vi=name, successor=current)
        for code, name in (("97", "Tỉnh Một"), ("98", "Tỉnh Hai"), ("99", "Tỉnh Ba"))
    ]
    other = factories.FormerProvinceFactory(code="91", name_vi="Tỉnh Khác")
    for number, unit in enumerate(formers, start=1):
        for year in (2023, 2024):
            day = datetime.date(year, 12, 31)
            factories.IndicatorValueFactory(
                indicator=indicator, unit=unit, period_start=day, period_end=day, value=number
            )
    late = datetime.date(2025, 12, 31)
    factories.IndicatorValueFactory(
        indicator=indicator, unit=current, period_start=late, period_end=late, value=100
    )
    factories.IndicatorValueFactory(
        indicator=indicator, unit=other, period_start=BEFORE, period_end=BEFORE, value=5
    )
    return current, formers, other


def test_a_folded_series_joins_three_predecessors_to_the_current_province(client, three_into_one):
    current, formers, other = three_into_one
    rows = results(
        client.get(f"{API}/indicator-values/", {"indicator": "communes-ntm", "fold": "current"})
    )
    mine = [row for row in rows if row["series_unit"] == current.pk]
    assert len(mine) == 7
    # Each figure keeps its own unit: a pivot on `unit` never merges two of them.
    assert {row["unit"] for row in mine} == {current.pk, *(unit.pk for unit in formers)}
    assert sorted(
        (row["unit_name"], row["value"]) for row in mine if row["unit"] != current.pk
    ) == sorted([("Tỉnh Một", 1), ("Tỉnh Hai", 2), ("Tỉnh Ba", 3)] * 2)
    assert [row["period_end"] for row in mine] == sorted(row["period_end"] for row in mine)
    # Another province's predecessor is in that province's series, not this one.
    assert [row["series_unit"] for row in rows if row["unit"] == other.pk] == [other.successor_id]


def test_a_fold_other_than_current_is_400(client, three_into_one):
    response = client.get(f"{API}/indicator-values/", {"fold": "former"})
    assert response.status_code == 400


def test_editors_see_drafts_and_can_filter_by_status(client, figures, user_with):
    client.force_authenticate(user_with("change_indicatorvalue", "edit_nationwide"))
    assert value_ids(client, status="draft") == pks(figures, "draft")
    assert client.get(f"{API}/indicator-values/{figures['draft'].pk}/").status_code == 200


def test_page_size_is_chosen_by_the_client_up_to_a_cap(client, figures, monkeypatch):
    page = client.get(f"{API}/indicator-values/", {"page_size": 2})
    assert len(page.json()["results"]) == 2
    assert 'rel="next"' in page["Link"]
    assert page["X-Max-Page-Size"] == "500"
    assert page["X-Total-Count"] == "5"
    monkeypatch.setattr(Pagination, "max_page_size", 3)
    assert len(results(client.get(f"{API}/indicator-values/", {"page_size": 3}))) == 3
    assert client.get(f"{API}/indicator-values/", {"page_size": 4}).status_code == 400


@pytest.mark.parametrize("size", ["0", "-1", "abc", "2.5", "501", "²"])
def test_a_page_size_that_is_no_size_up_to_the_cap_is_400(client, figures, size):
    response = client.get(f"{API}/indicator-values/", {"page_size": size})
    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


@pytest.mark.parametrize("page", ["0", "2", "abc"])
def test_a_page_that_does_not_exist_is_404_saying_why(client, figures, page):
    response = client.get(f"{API}/indicator-values/", {"page": page}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]
    reason = {"0": "less than 1", "2": "no results", "abc": "not an integer"}[page]
    assert reason in response.json()["detail"]


# Targets


def test_targets_filter_by_indicator_program_unit_level_period_and_document(client, merger):
    decision = factories.DocumentFactory(number="263/QĐ-TTg")
    ntm = factories.ProgramFactory(code="NTM")
    share = factories.IndicatorFactory(code="communes-ntm", program=ntm)
    national = factories.TargetFactory(indicator=share, document=decision)
    provincial = factories.TargetFactory(
        unit=merger["gia_lai"],
        period_start=datetime.date(2026, 1, 1),
        period_end=datetime.date(2030, 12, 31),
    )
    url = f"{API}/targets/"
    assert ids(client.get(url, {"indicator": "communes-ntm"})) == {national.pk}
    assert ids(client.get(url, {"program": "NTM"})) == {national.pk}
    assert ids(client.get(url, {"unit": merger["gia_lai"].pk})) == {provincial.pk}
    assert ids(client.get(url, {"unit_code": "95", "structure": "current"})) == {provincial.pk}
    assert ids(client.get(url, {"level": "nation"})) == {national.pk}
    assert ids(client.get(url, {"period_end_after": "2026-01-01"})) == {provincial.pk}
    assert ids(client.get(url, {"document": decision.slug})) == {national.pk}
    row = client.get(f"{url}{national.pk}/").json()
    assert (row["document"], row["document_number"]) == (decision.slug, "263/QĐ-TTg")


# Conferences and awards


def test_conference_nests_bridges_with_attendees_main_first(client):
    conference = factories.ConferenceFactory(chair=factories.PersonFactory(name="Phạm Minh Chính"))
    soc_trang = factories.BridgeFactory(conference=conference, name_vi="Điểm cầu Sóc Trăng")
    factories.BridgeFactory(
        conference=conference, name_vi="Điểm cầu Trụ sở Chính phủ", is_main=True, unit=None
    )
    factories.AttendanceFactory(
        bridge=soc_trang,
        person=factories.PersonFactory(name="Lâm Văn Mẫn"),
        role=Attendance.Role.PRESIDED,
    )
    data = client.get(f"{API}/conferences/{conference.slug}/").json()
    assert data["chair"]["name"] == "Phạm Minh Chính"
    main, bridge = data["bridges"]
    assert (main["name"], main["is_main"], main["unit"]) == (
        "Điểm cầu Trụ sở Chính phủ",
        True,
        None,
    )
    assert bridge["unit"]["id"] == soc_trang.unit_id
    assert bridge["attendees"] == [
        {
            "person": {"name": "Lâm Văn Mẫn", "slug": "lam-van-man"},
            "role": "presided",
            "position": "Bí thư Tỉnh ủy",
            "order": 0,
        }
    ]


def test_a_conference_names_its_primary_document_and_further_sources(client):
    notice = factories.DocumentFactory(
        number="339/TB-VPCP", kind=Document.Kind.NOTICE, issued_on=datetime.date(2025, 7, 1)
    )
    conference = factories.ConferenceFactory(source_document=notice)
    for day, url in ((24, "https://example.vn/b"), (23, "https://example.vn/a")):
        ConferenceSource.objects.create(
            conference=conference,
            publisher="Báo Sóc Trăng",
            url=url,
            date=datetime.date(2025, 6, day),
        )
    data = client.get(f"{API}/conferences/{conference.slug}/").json()
    assert data["source_document"].endswith(f"/api/v1/documents/{notice.slug}/")
    assert [source["url"] for source in data["sources"]] == [
        "https://example.vn/a",
        "https://example.vn/b",
    ]
    assert client.get(data["source_document"]).json()["number"] == "339/TB-VPCP"


def test_a_conference_without_a_primary_document_says_null(client):
    conference = factories.ConferenceFactory()
    data = client.get(f"{API}/conferences/{conference.slug}/").json()
    assert (data["source_document"], data["sources"]) == (None, [])


def test_conferences_filter_by_program_movement_unit_and_date(client):
    program = factories.ProgramFactory(code="NTM")
    movement = factories.MovementFactory()
    review = factories.ConferenceFactory()
    review.programs.add(program)
    review.movements.add(movement)
    bridge = factories.BridgeFactory(conference=review)
    factories.BridgeFactory(conference=review, unit=bridge.unit, name_vi="Điểm cầu phụ")
    older = factories.ConferenceFactory(date=datetime.date(2021, 1, 1))
    url = f"{API}/conferences/"
    assert ids(client.get(url, {"program": "NTM"}), "slug") == {review.slug}
    assert ids(client.get(url, {"movement": movement.slug}), "slug") == {review.slug}
    assert len(results(client.get(url, {"unit": bridge.unit_id}))) == 1
    assert ids(client.get(url, {"date_before": "2022-01-01"}), "slug") == {older.slug}
    assert ids(client.get(url, {"date_after": "2022-01-01"}), "slug") == {review.slug}
    assert ids(client.get(url, {"ordering": "date"}), "slug") == {older.slug, review.slug}


def test_awards_filter_by_type_kind_movement_decision_province_conference_and_text(client):
    conference = factories.ConferenceFactory()
    order = factories.AwardFactory(
        award_type="labour_order_3", recipient_vi="Ủy ban nhân dân tỉnh Sóc Trăng"
    )
    person = factories.AwardFactory(recipient_kind="individual", conference=conference)
    url = f"{API}/awards/"
    assert ids(client.get(url, {"award_type": "labour_order_3"})) == {order.pk}
    assert ids(client.get(url, {"recipient_kind": "individual"})) == {person.pk}
    assert ids(client.get(url, {"movement": order.movement.slug})) == {order.pk}
    assert ids(client.get(url, {"decision": person.decision.slug})) == {person.pk}
    assert ids(client.get(url, {"province": order.province_id})) == {order.pk}
    assert ids(client.get(url, {"conference": conference.slug})) == {person.pk}
    assert ids(client.get(url, {"q": "soc trang"})) == {order.pk}
    assert ids(client.get(url, {"ordering": "-recipient"})) == {order.pk, person.pk}
    row = client.get(f"{url}{order.pk}/").json()
    assert row["decision_number"] == order.decision.number
    assert row["province"]["name"] == order.province.name


# CSV


def parse_csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff"), "spreadsheets need the byte-order mark to read UTF-8"
    return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def as_text(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float | int):
        return f"{Decimal(str(value)).normalize():f}"
    return str(value)


@pytest.mark.parametrize("endpoint", ["indicator-values", "targets"])
def test_csv_parsed_back_equals_the_json_rows(client, figures, endpoint):
    factories.TargetFactory(unit=figures["gia_lai"].unit, note="Mục tiêu, có dấu phẩy")
    factories.TargetFactory(value=Decimal("42.5"))
    json_rows = results(client.get(f"{API}/{endpoint}/"))
    by_format = parse_csv(client.get(f"{API}/{endpoint}/", {"format": "csv"}))
    by_accept = parse_csv(client.get(f"{API}/{endpoint}/", HTTP_ACCEPT="text/csv"))
    assert by_format == by_accept
    assert by_format == [{key: as_text(value) for key, value in row.items()} for row in json_rows]


def test_csv_has_unit_code_and_name_beside_the_id_and_the_source(client, figures):
    response = client.get(f"{API}/indicator-values/", {"format": "csv", "unit_code": "95"})
    assert 'filename="indicator-value.csv"' in response["Content-Disposition"]
    header = response.content.decode("utf-8").removeprefix("\ufeff").splitlines()[0].split(",")
    assert header[header.index("unit") + 1 : header.index("unit") + 3] == ["unit_code", "unit_name"]
    assert "source_url" in header
    rows = parse_csv(response)
    assert {row["unit_name"] for row in rows} == {"Bình Định", "Gia Lai"}


def test_empty_csv_still_has_its_header_row(client):
    rows = client.get(f"{API}/targets/", {"format": "csv"}).content.decode("utf-8")
    assert rows.removeprefix("\ufeff").splitlines() == [
        "id,indicator,indicator_name,measure,measure_name,unit,unit_code,unit_name,"
        "unit_valid_until,unit_current,unit_successor_code,series_unit,period_start,period_end,"
        "comparator,value,value_high,document,document_number,note,updated_at"
    ]


def test_csv_is_not_offered_where_it_was_not_promised(client):
    assert client.get(f"{API}/programs/", {"format": "csv"}).status_code == 404
    assert client.get(f"{API}/programs/", HTTP_ACCEPT="text/csv").status_code == 406


# Writes


@pytest.fixture
def user_with():
    def make(*codenames, superuser=False):
        factory = factories.SuperUserFactory if superuser else factories.UserFactory
        user = factory()
        user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
        return user

    return make


def token_client(user):
    client = APIClient()
    if user is not None:
        client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.create(user=user).key}")
    return client


@pytest.fixture
def writable():
    """An indicator reported nationally and by provinces, a nation and a document."""
    return {
        "indicator": factories.IndicatorFactory(code="communes-ntm"),
        "percent": factories.IndicatorFactory(code="share-ntm", measure="percent"),
        "nation": factories.NationFactory(),
        "document": factories.DocumentFactory(number="263/QĐ-TTg"),
    }


def new_value(writable, **changes):
    return {
        "indicator": "communes-ntm",
        "unit": writable["nation"].pk,
        "period_start": "2025-06-30",
        "period_end": "2025-06-30",
        "value": 6084,
        "numerator": 6084,
        "denominator": 7669,
        "status": "published",
        "source_publisher": "Báo Hải Phòng",
        "source_url": "https://haiphong.gov.vn/report",
        "source_date": "2025-07-01",
        **changes,
    }


def new_target(writable, **changes):
    return {
        "indicator": "share-ntm",
        "unit": writable["nation"].pk,
        "period_start": "2021-01-01",
        "period_end": "2025-12-31",
        "value": 80,
        "document": writable["document"].slug,
        **changes,
    }


WRITERS = {
    "anonymous": ((), False, 401),
    "user without permission": (("view_indicatorvalue", "view_target"), False, 403),
    "user who may only change": (("change_indicatorvalue", "change_target"), False, 403),
    # Publishing a figure is approving it (programs.approve_indicatorvalue).
    "user who may add": (
        ("add_indicatorvalue", "add_target", "edit_nationwide", "approve_indicatorvalue"),
        False,
        201,
    ),
    "superuser": ((), True, 201),
}


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize(
    ("endpoint", "payload", "model"),
    [("indicator-values", new_value, IndicatorValue), ("targets", new_target, Target)],
)
def test_create_needs_the_add_permission(writable, user_with, writer, endpoint, payload, model):
    codenames, superuser, expected = WRITERS[writer]
    user = None if writer == "anonymous" else user_with(*codenames, superuser=superuser)
    response = token_client(user).post(f"{API}/{endpoint}/", payload(writable), format="json")
    assert response.status_code == expected, response.content
    assert model.objects.count() == (1 if expected == 201 else 0)
    if expected == 401:
        assert response["WWW-Authenticate"] == "Token"


EDITORS = {
    "anonymous": ((), False, 401),
    "user without permission": (("view_indicatorvalue", "view_target"), False, 403),
    "user who may only add": (("add_indicatorvalue", "add_target"), False, 403),
    "user who may change": (
        ("change_indicatorvalue", "change_target", "edit_nationwide", "approve_indicatorvalue"),
        False,
        200,
    ),
    "superuser": ((), True, 200),
}


@pytest.mark.parametrize("editor", EDITORS)
@pytest.mark.parametrize(
    ("factory", "endpoint"),
    [(factories.IndicatorValueFactory, "indicator-values"), (factories.TargetFactory, "targets")],
)
def test_update_needs_the_change_permission(writable, user_with, editor, factory, endpoint):
    figure = factory(indicator=writable["indicator"], unit=writable["nation"], value=10)
    codenames, superuser, expected = EDITORS[editor]
    user = None if editor == "anonymous" else user_with(*codenames, superuser=superuser)
    response = token_client(user).patch(
        f"{API}/{endpoint}/{figure.pk}/", {"value": 11}, format="json"
    )
    assert response.status_code == expected, response.content
    figure.refresh_from_db()
    assert figure.value == (11 if expected == 200 else 10)


def test_created_figure_is_returned_as_read(writable, user_with):
    client = token_client(user_with(superuser=True))
    created = client.post(f"{API}/indicator-values/", new_value(writable), format="json").json()
    assert created["share"] == pytest.approx(79.3)
    assert created["unit_name"] == "Việt Nam"
    assert client.get(f"{API}/indicator-values/{created['id']}/").json() == created


def test_session_users_write_too(writable, user_with):
    client = APIClient(enforce_csrf_checks=False)
    client.force_login(user_with("add_indicatorvalue", "edit_nationwide", "approve_indicatorvalue"))
    response = client.post(f"{API}/indicator-values/", new_value(writable), format="json")
    assert response.status_code == 201


@pytest.fixture
def writer(user_with):
    client = token_client(
        user_with(
            "add_indicatorvalue",
            "change_indicatorvalue",
            "add_target",
            "edit_nationwide",
            "approve_indicatorvalue",
        )
    )
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"numerator": 8000}, "numerator", "cannot exceed the denominator"),
        ({"denominator": 0}, "denominator", "greater than zero"),
        ({"denominator": None}, "denominator", "needs its denominator"),
        ({"value": -1}, "value", "cannot be negative"),
        (
            {"indicator": "share-ntm", "value": 120, "numerator": None, "denominator": None},
            "value",
            "between 0 and 100",
        ),
        ({"period_start": "2025-07-01"}, "period_end", "cannot end before it starts"),
        ({"unit": 987654}, "unit", "does not exist"),
        ({"indicator": "no-such-indicator"}, "indicator", "does not exist"),
        ({"value": "many"}, "value", "valid number"),
        ({"source_url": "not a url"}, "source_url", "valid URL"),
        ({"status": "secret"}, "status", "not a valid choice"),
        ({"indicator": "share\x00ntm"}, "indicator", "Null characters"),
        ({"note": "a\x00b"}, "note", "Null characters"),
        ({"value": "6084.5", "numerator": None, "denominator": None}, "value", "whole number"),
        ({"value": 6000}, "value", "is the numerator"),
        (
            {"indicator": "share-ntm", "value": 80, "numerator": 6084, "denominator": 7669},
            "value",
            "6,084 of 7,669 is 79.3%, not 80%",
        ),
        ({"source_date": "2025-06-01"}, "source_date", "projection"),
        ({"value_status": "guess"}, "value_status", "not a valid choice"),
        ({"qualifier": "roughly"}, "qualifier", "not a valid choice"),
        ({"value_high": "6084.5"}, "value_high", "whole number"),
        ({"note_en": "x" * 1001}, "note_en", "at most 1000 characters"),
    ],
)
def test_invalid_value_is_400_with_the_message_under_its_field(
    writable, writer, changes, field, message
):
    response = writer.post(
        f"{API}/indicator-values/", new_value(writable, **changes), format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert message in response.json()[field][0]
    assert not IndicatorValue.objects.exists()


def test_value_for_a_level_the_indicator_is_not_reported_at_is_400(writable, writer):
    commune = factories.CommuneFactory()
    response = writer.post(
        f"{API}/indicator-values/", new_value(writable, unit=commune.pk), format="json"
    )
    assert response.status_code == 400
    assert "commune level" in response.json()["unit"][0]


def test_value_for_a_unit_not_in_force_on_its_date_is_400(writable, writer):
    former = factories.FormerProvinceFactory(name_vi="Bình Định")
    after = new_value(writable, unit=former.pk, period_start="2025-12-31", period_end="2025-12-31")
    response = writer.post(f"{API}/indicator-values/", after, format="json")
    assert response.status_code == 400
    assert "did not exist on 31 December 2025" in response.json()["unit"][0]


def test_duplicate_value_is_400_not_500(writable, writer):
    assert (
        writer.post(f"{API}/indicator-values/", new_value(writable), format="json").status_code
        == 201
    )
    response = writer.post(f"{API}/indicator-values/", new_value(writable), format="json")
    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert IndicatorValue.objects.count() == 1


def test_invalid_target_is_400_with_the_message_under_its_field(writable, writer):
    response = writer.post(
        f"{API}/targets/", new_target(writable, value=101, document="no-such"), format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"document"}  # field errors first, model rules after
    response = writer.post(f"{API}/targets/", new_target(writable, value=101), format="json")
    assert response.status_code == 400
    assert "between 0 and 100" in response.json()["value"][0]


def test_invalid_partial_update_changes_nothing(writable, writer):
    figure = factories.IndicatorValueFactory(
        indicator=writable["indicator"], unit=writable["nation"], numerator=5, denominator=10
    )
    response = writer.patch(
        f"{API}/indicator-values/{figure.pk}/", {"numerator": 11}, format="json"
    )
    assert response.status_code == 400
    assert list(response.json()) == ["numerator"]
    figure.refresh_from_db()
    assert figure.numerator == 5


def test_nothing_is_deleted_through_the_api(writable, user_with):
    figure = factories.IndicatorValueFactory(indicator=writable["indicator"])
    client = token_client(user_with(superuser=True))
    assert client.delete(f"{API}/indicator-values/{figure.pk}/").status_code == 405
    assert client.post(f"{API}/programs/", {}, format="json").status_code == 405


def test_token_is_issued_for_a_username_and_password(client):
    factories.UserFactory(username="analyst")
    response = client.post(
        f"{API}/token/", {"username": "analyst", "password": "correct-horse-battery"}
    )
    assert response.status_code == 200
    assert response.json()["token"] == Token.objects.get(user__username="analyst").key
    wrong = client.post(f"{API}/token/", {"username": "analyst", "password": "guess"})
    assert wrong.status_code == 400


# HTTP caching and throttling


def test_public_read_is_cacheable_and_revalidates_with_304(client, figures):
    url = f"{API}/indicator-values/"
    first = client.get(url)
    assert "public" in first["Cache-Control"] and "max-age=300" in first["Cache-Control"]
    assert "Accept" in first["Vary"]
    etag = first["ETag"]
    again = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    figures["poverty"].value = 2
    figures["poverty"].save()
    changed = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_each_format_has_its_own_etag(client, figures):
    url = f"{API}/indicator-values/"
    assert client.get(url)["ETag"] != client.get(url, {"format": "csv"})["ETag"]


def test_signed_in_reads_are_private(client, figures, user_with):
    client.force_authenticate(user_with("change_indicatorvalue"))
    response = client.get(f"{API}/indicator-values/")
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_errors_are_not_cached(client):
    response = client.get(f"{API}/units/987654/")
    assert response.status_code == 404
    assert not response.has_header("ETag")


@pytest.fixture
def two_a_minute(monkeypatch, settings):
    """A limit of 2 requests a minute, the clock stopped 15 s into a minute."""
    settings.PAGE_CACHE_SECONDS = 0  # reads answered from the page cache never reach the throttle
    monkeypatch.setitem(AnonRateThrottle.THROTTLE_RATES, "anon", "2/minute")
    clock = {"now": 60 * 29_000_000 + 15.0}
    monkeypatch.setattr(AnonRateThrottle, "timer", staticmethod(lambda: clock["now"]))
    return clock


def test_anonymous_clients_are_throttled(client, two_a_minute):
    assert client.get(f"{API}/programs/").status_code == 200
    assert client.get(f"{API}/programs/").status_code == 200
    throttled = client.get(f"{API}/programs/")
    assert throttled.status_code == 429
    assert int(throttled["Retry-After"]) == 45


def test_throttled_clients_may_read_again_in_the_next_window(client, two_a_minute):
    for _ in range(3):
        client.get(f"{API}/programs/")
    two_a_minute["now"] += 45
    assert client.get(f"{API}/programs/").status_code == 200


def test_signed_in_users_are_not_throttled(client, two_a_minute):
    client.force_login(factories.UserFactory())
    for _ in range(3):
        assert client.get(f"{API}/programs/").status_code == 200


def test_anonymous_clients_are_not_throttled_when_the_cache_is_down(client, two_a_minute, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "ntmportal.pagecache.redis.FaultTolerantRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    for _ in range(3):
        assert client.get(f"{API}/programs/").status_code == 200


# Schema and its viewers


def test_schema_is_generated_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "s.yaml"))
    schema = yaml.safe_load((tmp_path / "s.yaml").read_text())
    assert {f"{API}/{endpoint}/" for endpoint in LISTS} <= set(schema["paths"])


def test_schema_describes_every_operation_parameter_and_field(client):
    schema = client.get(f"{API}/schema/", {"format": "json"}).json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert operation.get("description"), f"{method} {path}"
            for parameter in operation.get("parameters", []):
                assert parameter.get("description"), f"{parameter['name']} of {method} {path}"
    for name, component in schema["components"]["schemas"].items():
        for field, definition in component.get("properties", {}).items():
            described = definition.get("description") or definition.get("title")
            assert described or "$ref" in definition or "allOf" in definition, f"{name}.{field}"


def test_schema_is_served_as_json_and_yaml(client):
    as_json = client.get(f"{API}/schema/", {"format": "json"})
    as_yaml = client.get(f"{API}/schema/", {"format": "yaml"})
    assert as_json.status_code == as_yaml.status_code == 200
    assert yaml.safe_load(as_yaml.content) == json.loads(as_json.content)
    assert json.loads(as_json.content)["openapi"].startswith("3.")


@pytest.mark.parametrize("page", ["docs", "redoc"])
def test_schema_viewers_load_only_local_files(client, settings, page):
    settings.STORAGES = {**settings.STORAGES, "staticfiles": STATIC_FILES}
    response = client.get(f"{API}/{page}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    assert not re.findall(r"""(?:src|href)=["']?(?:https?:)?//""", html)
    assert not re.findall(r"https?://(?!testserver)[\w.-]+", html.replace("http://www.w3.org", ""))
    assert "<script>" not in html, "the Content-Security-Policy allows no inline script"
    assert "script-src 'self';" in response["Content-Security-Policy"]


def test_swagger_ui_start_up_script_is_served_by_the_portal(client):
    response = client.get(f"{API}/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert f"{API}/schema/" in response.content.decode()


# Property-based fuzzing of the whole API from its own schema


@pytest.fixture
def wsgi_app():
    """Django as a plain WSGI application, inside the test's transaction: unlike the test client,
    the handler would close the database connection after each request, so it must not."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@pytest.fixture
def fuzz_data(settings, figures):
    settings.ALLOWED_HOSTS = ["localhost"]
    settings.STORAGES = {**settings.STORAGES, "staticfiles": STATIC_FILES}  # for HTML 404 pages
    factories.TargetFactory()
    make_conference()
    make_award()
    make_article()
    return Token.objects.create(user=factories.SuperUserFactory())


# The schema as /api/v1/schema/ serves it, built when the tests are collected. Random data only,
# with a fixed seed: a bounded, repeatable few hundred requests (the coverage phase makes ten
# times as many).
fuzzed = schemathesis.openapi.from_dict(
    json.loads(OpenApiJsonRenderer().render(SchemaGenerator().get_schema(public=True))),
    config=SchemathesisConfig.from_dict(
        {
            "seed": 2025,
            "generation": {"mode": "all"},  # valid data and invalid
            "phases": {"coverage": {"enabled": False}},
            # A filter naming an object that does not exist is a 400, which no schema can tell
            # from a valid slug or id beforehand.
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "3xx", "400", "401", "403", "404", "429"]
                }
            },
        }
    ),
)
load_all_checks()
EVERY_CHECK = list(CHECKS.get_all())  # `--checks all`


@fuzzed.parametrize()
@hypothesis.settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
def test_api_never_fails_and_keeps_to_its_schema(case, wsgi_app, fuzz_data):
    case.call_and_validate(
        app=wsgi_app,
        headers={"Authorization": f"Token {fuzz_data.key}"},
        checks=EVERY_CHECK,
    )


# Bulk downloads


def download(client, endpoint="indicator-values", **params):
    response = client.get(f"{API}/{endpoint}/download/", params)
    assert response.status_code == 200, response.content
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return response, list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))


def test_a_download_streams_every_filtered_figure_past_the_page_limit(client, figures, monkeypatch):
    monkeypatch.setattr(Pagination, "max_page_size", 2)
    response, rows = download(client, program="NTM")
    assert response["X-Total-Count"] == "4"
    assert {int(row["id"]) for row in rows} == pks(
        figures, "binh_dinh", "old_gia_lai", "gia_lai", "legacy"
    )
    assert 'filename="indicator-values.csv"' in response["Content-Disposition"]


def test_a_downloaded_figure_has_its_place_measure_and_source(client, figures):
    _response, rows = download(client, unit=figures["binh_dinh"].unit_id, indicator="communes-ntm")
    [row] = rows
    assert (row["unit_name"], row["unit_current"], row["unit_successor_code"]) == (
        "Bình Định",
        "false",
        "95",
    )
    assert row["measure"] == "communes" and row["measure_name"]
    assert row["source_url"] == "https://example.gov.vn/report"
    assert {"source_publisher", "source_title", "source_date", "note", "status"} <= set(row)
    assert (row["value_status"], row["qualifier"], row["value_high"]) == ("reported", "", "")


def test_a_download_equals_the_csv_pages(client, figures):
    _response, rows = download(client)
    assert rows == parse_csv(client.get(f"{API}/indicator-values/", {"format": "csv"}))


def test_a_download_refuses_unknown_parameters_like_the_list(client, figures):
    response = client.get(f"{API}/indicator-values/download/", {"colour": "green"})
    assert response.status_code == 400


@pytest.mark.parametrize("endpoint", ["indicator-values", "targets"])
def test_download_queries_do_not_grow_with_rows(client, endpoint, monkeypatch):
    factory = LISTS[endpoint]
    monkeypatch.setattr("ntmportal.api.DOWNLOAD_CHUNK", 10_000)
    for _ in range(3):
        factory()
    with CaptureQueriesContext(connection) as few:
        download(client, endpoint)
    for _ in range(30):
        factory()
    with CaptureQueriesContext(connection) as many:
        response, rows = download(client, endpoint)
    assert len(rows) == int(response["X-Total-Count"]) >= 33
    assert len(many) == len(few), [query["sql"] for query in many]


def test_a_download_reads_the_figures_a_chunk_at_a_time(client, figures, monkeypatch):
    """Constant memory: the further sources are read for one chunk of figures at a time."""
    monkeypatch.setattr("ntmportal.api.DOWNLOAD_CHUNK", 2)
    with CaptureQueriesContext(connection) as queries:
        _response, rows = download(client)
    assert len(rows) == 5
    sources = [query for query in queries if 'FROM "programs_figuresource"' in query["sql"]]
    assert len(sources) == 3, [query["sql"] for query in sources]


@pytest.mark.parametrize("endpoint", ["units", "indicators", "documents", "conferences", "awards"])
def test_more_lists_come_as_csv(client, endpoint):
    LISTS[endpoint]()
    json_rows = results(client.get(f"{API}/{endpoint}/"))
    rows = parse_csv(client.get(f"{API}/{endpoint}/", {"format": "csv"}))
    # Links keep the format asked for, as DRF's do in JSON.
    assert [
        row[key].removesuffix("?format=csv") for row in rows for key in ("url", "id") if key in row
    ] == [str(row[key]) for row in json_rows for key in ("url", "id") if key in row]


# Metadata and the full dump


def test_an_indicator_has_the_metadata_a_researcher_needs(client, figures):
    factories.IndicatorValueFactory(
        indicator=figures["gia_lai"].indicator,
        unit=figures["draft"].unit,
        period_start=datetime.date(2023, 12, 31),
        period_end=datetime.date(2023, 12, 31),
        value_status="estimate",
        qualifier="about",
        source_publisher="Báo Cần Thơ",
    )
    data = client.get(f"{API}/indicators/communes-ntm/metadata/").json()
    assert data["code"] == "communes-ntm"
    assert (data["measure"], data["direction"], data["program"]) == (
        "communes",
        "higher_is_better",
        "NTM",
    )
    assert data["levels"] == ["nation", "province"]
    assert data["licence"]["name"]
    figures_ = data["figures"]
    assert (figures_["count"], figures_["units"]) == (4, 4)  # the draft is not counted
    assert (figures_["first_period_end"], figures_["last_period_end"]) == (
        "2023-12-31",
        "2025-12-31",
    )
    assert figures_["value_status"] == {"reported": 3, "estimate": 1}
    assert figures_["qualifier"] == {"none": 3, "about": 1}
    assert figures_["sources"][0] == {"publisher": "Báo Hải Phòng", "figures": 3}


def test_the_api_root_links_the_dump_and_tells_the_licence_and_contact(client):
    data = client.get(f"{API}/").json()
    assert data["dump"] == f"http://testserver{API}/dump/"
    assert data["licence"]["name"] and data["contact"]["name"]


def test_the_schema_tells_the_licence_and_contact(client):
    info = client.get(f"{API}/schema/", {"format": "json"}).json()["info"]
    assert info["license"]["name"] and info["contact"]["name"]


def unzip(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


def test_the_dump_holds_every_public_figure_target_unit_and_indicator(client, figures):
    factories.TargetFactory()
    archive = unzip(client.get(f"{API}/dump/"))
    assert set(archive.namelist()) == {
        "figures.csv",
        "targets.csv",
        "units.csv",
        "indicators.csv",
        "metadata.json",
    }

    def rows(name):
        text = archive.read(name).decode("utf-8")
        assert text.startswith("\ufeff")
        return list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))

    assert {int(row["id"]) for row in rows("figures.csv")} == pks(
        figures, "binh_dinh", "old_gia_lai", "gia_lai", "legacy", "poverty"
    )
    assert len(rows("targets.csv")) == 1
    assert len(rows("units.csv")) == AdministrativeUnit.objects.count()
    metadata = json.loads(archive.read("metadata.json"))
    assert metadata["files"]["figures.csv"]["rows"] == 5
    assert "unit_current" in metadata["files"]["figures.csv"]["columns"]
    assert {indicator["code"] for indicator in metadata["indicators"]} >= {"communes-ntm"}
    assert metadata["licence"]["name"]


def test_the_dump_is_made_again_only_when_the_content_changes(client, figures, settings):
    settings.PAGE_CACHE_SECONDS = 0
    first = client.get(f"{API}/dump/")
    etag = first["ETag"]
    b"".join(first.streaming_content)
    with CaptureQueriesContext(connection) as again:
        same = client.get(f"{API}/dump/")
        b"".join(same.streaming_content)
    assert same["ETag"] == etag
    assert len(again) == 0
    assert client.get(f"{API}/dump/", HTTP_IF_NONE_MATCH=etag).status_code == 304
    figures["poverty"].value = 2
    figures["poverty"].save()
    changed = client.get(f"{API}/dump/")
    assert changed["ETag"] != etag
    figures_csv = unzip(changed).read("figures.csv").decode("utf-8")
    assert f"{figures['poverty'].pk},poverty" in figures_csv


def test_the_dump_is_made_again_when_a_target_unit_or_indicator_changes(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    target = factories.TargetFactory()
    etags = [client.get(f"{API}/dump/")["ETag"]]
    for changed in (target, target.unit, target.indicator):
        changed.save()
        response = client.get(f"{API}/dump/")
        assert response["ETag"] not in etags
        etags.append(response["ETag"])
    target.value = 7777
    target.save()
    targets_csv = unzip(client.get(f"{API}/dump/")).read("targets.csv").decode("utf-8")
    assert ",7777," in targets_csv


def test_a_figure_says_what_it_is_in_the_list_and_the_detail(client):
    figure = factories.IndicatorValueFactory(
        indicator=factories.IndicatorFactory(measure="percent", additive=False),
        period_start=datetime.date(2025, 12, 31),
        period_end=datetime.date(2025, 12, 31),
        source_date=datetime.date(2025, 6, 22),
        value=Decimal("5"),
        value_high=Decimal("10"),
        qualifier="about",
        value_status="projection",
        source_title="Bài báo",
        note_vi="Dự kiến.",
        note_en="Expected.",
    )
    factories.FigureSourceFactory(figure=figure, title="Thông báo 339/TB-VPCP")
    (row,) = results(client.get(f"{API}/indicator-values/", HTTP_ACCEPT_LANGUAGE="en"))
    assert (
        client.get(f"{API}/indicator-values/{figure.pk}/", HTTP_ACCEPT_LANGUAGE="en").json() == row
    )
    assert (row["value"], row["value_high"], row["qualifier"]) == (5, 10, "about")
    assert (row["value_status"], row["source_title"]) == ("projection", "Bài báo")
    assert (row["note"], row["note_vi"], row["note_en"]) == ("Expected.", "Dự kiến.", "Expected.")
    (source,) = row["sources"]
    assert source["title"] == "Thông báo 339/TB-VPCP"
    assert source["date"] == "2025-07-01"


def test_a_projection_is_written_with_its_status_qualifier_range_and_notes(writable, writer):
    payload = new_value(
        writable,
        indicator="share-ntm",
        period_start="2025-12-31",
        period_end="2025-12-31",
        source_date="2025-06-22",
        value=50,
        value_high=55,
        numerator=None,
        denominator=None,
        qualifier="about",
        value_status="projection",
        note_vi="Dự kiến.",
        note_en="Expected.",
    )
    response = writer.post(f"{API}/indicator-values/", payload, format="json")
    assert response.status_code == 201, response.content
    figure = IndicatorValue.objects.get()
    assert (figure.value_high, figure.qualifier, figure.value_status) == (55, "about", "projection")
    assert (figure.note_vi, figure.note_en) == ("Dự kiến.", "Expected.")


def test_filtered_figure_queries_do_not_grow_with_rows(client, three_into_one):
    current, formers, _other = three_into_one
    units = ",".join(str(unit.pk) for unit in [current, *formers])
    params = {"indicator": "communes-ntm", "unit": units, "fold": "current", "latest": "false"}
    with CaptureQueriesContext(connection) as few:
        assert client.get(f"{API}/indicator-values/", params).status_code == 200
    indicator = IndicatorValue.objects.filter(unit=current).first().indicator
    for year in range(2000, 2020):
        day = datetime.date(year, 12, 31)
        factories.IndicatorValueFactory(
            indicator=indicator, unit=formers[year % 3], period_start=day, period_end=day
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(f"{API}/indicator-values/", params)
    assert response.json()["count"] == 27
    assert len(many) == len(few), [query["sql"] for query in many]


@pytest.mark.parametrize(
    "value",
    ["1\x00", "abc", str(2**63), ",".join(str(n) for n in range(1, 102))],
    ids=["nul", "not-a-number", "beyond-integers", "too-many"],
)
def test_a_unit_no_database_holds_is_400_naming_the_parameter(client, value):
    response = client.get(f"{API}/indicator-values/", {"unit": value})
    assert response.status_code == 400
    assert list(response.json()) == ["unit"]
