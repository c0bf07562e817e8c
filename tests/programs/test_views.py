import csv
import datetime
import html
import io
import re
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.views.defaults import server_error

from programs import downloads
from programs.models import Attendance, Award, IndicatorValue, Progress
from tests.factories import (
    AttendanceFactory,
    AwardFactory,
    BridgeFactory,
    ConferenceFactory,
    DocumentFactory,
    FigureSourceFactory,
    FormerProvinceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    MovementFactory,
    NationFactory,
    PersonFactory,
    ProgramFactory,
    ProvinceFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

JAN_2025 = datetime.date(2025, 1, 31)
JUNE_2025 = datetime.date(2025, 6, 30)
DEC_2025 = datetime.date(2025, 12, 31)
SOURCE = "https://baohaiphong.vn/hoi-nghi-tong-ket"
SVG = "http://www.w3.org/2000/svg"


class Site:
    """A small but complete site: two programs (one continuing the other), the nation, a current
    province formed from two former ones (one sharing its slug), a conference and awards."""

    def __init__(self):
        self.nation = NationFactory()
        self.decision = DocumentFactory(number="51/2025/QĐ-TTg", title_vi="Bộ tiêu chí quốc gia")
        self.ntm = ProgramFactory(
            code="NTM",
            name_vi="Chương trình mục tiêu quốc gia xây dựng nông thôn mới",
            short_name_vi="Nông thôn mới",
            goals_vi="Ít nhất 80% số xã đạt chuẩn nông thôn mới.",
            decided_by=self.decision,
        )
        self.decision.programs.add(self.ntm)
        self.successor_program = ProgramFactory(
            code="MTQG", short_name_vi="Chương trình 2026–2035", start_year=2026, end_year=2035
        )
        self.successor_program.succeeds.add(self.ntm)
        self.indicator = IndicatorFactory(
            code="communes-ntm",
            name_vi="Số xã đạt chuẩn nông thôn mới",
            description_vi="Xã đạt chuẩn theo Bộ tiêu chí quốc gia.",
            program=self.ntm,
        )
        self.target = TargetFactory(
            indicator=self.indicator, unit=self.nation, value=6000, document=self.decision
        )
        national = {"indicator": self.indicator, "unit": self.nation, "source_url": SOURCE}
        self.january = IndicatorValueFactory(
            **national, period_start=JAN_2025, period_end=JAN_2025, value=6250
        )
        self.june = IndicatorValueFactory(**national, value=6084, numerator=6084, denominator=7669)
        self.draft = IndicatorValueFactory(
            **national,
            period_start=DEC_2025,
            period_end=DEC_2025,
            value=9876,
            status=IndicatorValue.Status.DRAFT,
        )
        self.can_tho = ProvinceFactory(name_vi="Cần Thơ", code="92")
        self.soc_trang = FormerProvinceFactory(
            name_vi="Sóc Trăng", code="94", successor=self.can_tho
        )
        self.former_can_tho = FormerProvinceFactory(
            name_vi="Cần Thơ", code="92", successor=self.can_tho
        )
        self.bac_ninh = ProvinceFactory(name_vi="Bắc Ninh")
        province = {"indicator": self.indicator, "source_url": SOURCE}
        self.soc_trang_value = IndicatorValueFactory(**province, unit=self.soc_trang, value=86)
        IndicatorValueFactory(**province, unit=self.former_can_tho, value=Decimal("35.5"))
        self.can_tho_value = IndicatorValueFactory(
            **province, unit=self.can_tho, period_start=DEC_2025, period_end=DEC_2025, value=125
        )
        self.conference = ConferenceFactory(
            title_vi="Hội nghị toàn quốc tổng kết các Chương trình mục tiêu quốc gia",
            chair=PersonFactory(name="Phạm Minh Chính"),
        )
        self.conference.co_chairs.add(PersonFactory(name="Trần Hồng Hà"))
        self.conference.programs.add(self.ntm)
        BridgeFactory(
            conference=self.conference,
            name_vi="Điểm cầu Trụ sở Chính phủ",
            unit=None,
            is_main=True,
        )
        self.bridge = BridgeFactory(
            conference=self.conference, name_vi="Điểm cầu Sóc Trăng", unit=self.soc_trang
        )
        AttendanceFactory(
            bridge=self.bridge,
            person=PersonFactory(name="Lâm Văn Mẫn"),
            role=Attendance.Role.PRESIDED,
            position_vi="Bí thư Tỉnh ủy Sóc Trăng",
        )
        AttendanceFactory(bridge=self.bridge, person=PersonFactory(name="Trần Văn Lâu"))
        self.movement = MovementFactory(
            name_vi="Cả nước chung sức xây dựng nông thôn mới", program=self.ntm
        )
        self.award = AwardFactory(
            movement=self.movement,
            province=self.soc_trang,
            recipient_vi="Nhân dân và cán bộ xã Long Phú",
            conference=self.conference,
        )
        AwardFactory(
            movement=self.movement,
            decision=self.award.decision,
            province=self.can_tho,
            recipient_vi="Ông Nguyễn Văn Một",
            recipient_kind=Award.RecipientKind.INDIVIDUAL,
        )


@pytest.fixture(autouse=True)
def _vietnamese():
    """Each test starts in the default language (a request under /en/ switches the thread)."""
    with translation.override("vi"):
        yield


@pytest.fixture
def site():
    return Site()


def page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, url
    return response


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        page(client, url)
    return len(queries)


def province_indicator_url(unit, code="communes-ntm"):
    view = "former_province_indicator" if unit.is_former else "province_indicator"
    return reverse(f"programs:{view}", args=[unit.slug, code])


def csv_rows(response):
    """The rows of a site CSV by column (programs.downloads.COLUMNS); its headers are in the
    page's language (tests/programs/test_downloads.py)."""
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    header, *rows = csv.reader(io.StringIO(response.content.decode("utf-8-sig")))
    assert len(header) == len(downloads.COLUMNS)
    return [dict(zip(downloads.COLUMNS, row, strict=True)) for row in rows]


class TestHome:
    def test_shows_the_latest_national_figure_against_its_target(self, client, site):
        response = page(client, "/")
        content = response.content.decode()
        assert "6.084" in content
        assert "mục tiêu ít nhất 6.000" in content
        assert reverse("programs:document_detail", args=[site.decision.slug]) in content
        assert "6.250" not in content  # older than the latest figure

    def test_figures_link_to_their_source(self, client, site):
        assert f'href="{SOURCE}"' in page(client, "/").content.decode()

    def test_lists_current_provinces_and_recent_conferences(self, client, site):
        content = page(client, "/").content.decode()
        assert site.can_tho.get_absolute_url() in content
        assert site.soc_trang.get_absolute_url() not in content
        assert site.conference.get_absolute_url() in content

    def test_programs_with_figures_come_before_those_without(self, client, site):
        content = page(client, "/").content.decode()
        with_figures = content.index(f'<h3><a href="{site.ntm.get_absolute_url()}"')
        without = content.index(f'<h3><a href="{site.successor_program.get_absolute_url()}"')
        assert with_figures < without

    def test_headline_indicators_come_first_in_their_order_and_alone(self, client, site):
        first, second = (
            IndicatorFactory(program=site.ntm, headline=place, code=f"headline-{place}")
            for place in (1, 2)
        )
        for indicator in (second, first):
            IndicatorValueFactory(indicator=indicator, unit=site.nation)
        facts = page(client, "/").context["facts"]
        assert [value.indicator for value in facts] == [first, second]

    def test_query_count_does_not_grow_with_rows(self, client, site):
        before = count_queries(client, "/")
        for _ in range(20):
            indicator = IndicatorFactory(program=ProgramFactory())
            IndicatorValueFactory(indicator=indicator, unit=site.nation)
            TargetFactory(indicator=indicator, unit=site.nation)
            ConferenceFactory()
            ProvinceFactory()
        assert count_queries(client, "/") == before


class TestProjectionsAreNoHeadline:
    def test_home_and_program_scorecard_show_the_latest_counted_figure(self, client, site):
        IndicatorValueFactory(
            indicator=site.indicator,
            unit=site.nation,
            period_start=DEC_2025,
            period_end=DEC_2025 + datetime.timedelta(days=1),
            value=7000,
            value_status=IndicatorValue.ValueStatus.PROJECTION,
        )
        assert [value.value for value in page(client, "/").context["facts"]] == [6084]
        response = page(client, site.ntm.get_absolute_url())
        summary = response.context["sections"][0][1][0]
        assert summary.latest == site.june
        assert "7.000" in response.content.decode()  # still drawn and tabled


class TestNumberFormatting:
    def test_vietnamese_groups_thousands_with_dots_and_decimals_with_a_comma(self, client, site):
        url = f"{site.indicator.get_absolute_url()}?period=2025-06-30"
        content = page(client, url).content.decode()
        assert "6.084" in content
        assert "35,5" in content
        assert "79,3%" in content

    def test_english_groups_thousands_with_commas(self, client, site):
        with translation.override("en"):
            url = f"{site.indicator.get_absolute_url()}?period=2025-06-30"
        assert url.startswith("/en/")
        content = page(client, url).content.decode()
        assert "6,084" in content
        assert "35.5" in content
        assert "79.3%" in content

    def test_trailing_zeros_are_dropped(self, client, site):
        url = f"{site.indicator.get_absolute_url()}?period=2025-06-30"
        content = page(client, url).content.decode()
        assert "6.084,0000" not in content
        assert "35,5000" not in content

    def test_dates_follow_the_language(self, client, site):
        url = site.soc_trang.get_absolute_url()
        assert "30 tháng 6 năm 2025" in page(client, url).content.decode()
        with translation.override("en"):
            url = site.soc_trang.get_absolute_url()
        assert "30 June 2025" in page(client, url).content.decode()


class TestDrafts:
    @pytest.mark.parametrize(
        "url",
        [
            "/",
            "/programs/",
            "/indicators/communes-ntm/",
            "/indicators/communes-ntm.csv",
        ],
    )
    def test_draft_figures_never_appear(self, client, site, url):
        content = page(client, url).content.decode()
        assert "9.876" not in content
        assert "9876" not in content

    def test_draft_figures_are_not_on_the_program_page(self, client, site):
        content = page(client, site.ntm.get_absolute_url()).content.decode()
        assert "9.876" not in content
        assert "6.084" in content

    def test_draft_provincial_figures_are_not_on_the_province_page(self, client, site):
        IndicatorValueFactory(
            indicator=site.indicator,
            unit=site.can_tho,
            period_start=datetime.date(2026, 1, 31),
            period_end=datetime.date(2026, 1, 31),
            value=4321,
            status=IndicatorValue.Status.DRAFT,
        )
        content = page(client, site.can_tho.get_absolute_url()).content.decode()
        assert "4.321" not in content


class TestProgramPages:
    def test_list_shows_every_program(self, client, site):
        content = page(client, reverse("programs:program_list")).content.decode()
        assert site.ntm.name in content
        assert site.successor_program.get_absolute_url() in content

    def test_detail_shows_goals_documents_and_indicator_status(self, client, site):
        content = page(client, site.ntm.get_absolute_url()).content.decode()
        assert "Ít nhất 80% số xã" in content
        assert "51/2025/QĐ-TTg" in content
        assert "Số xã đạt chuẩn nông thôn mới" in content
        assert "vượt mục tiêu" in content  # 6.084 against 6.000
        assert "6.250" in content  # the history

    def test_successor_summarises_the_program_it_continues_and_links_it(self, client, site):
        content = page(client, site.successor_program.get_absolute_url()).content.decode()
        earlier = content.split('id="earlier"')[1]
        assert site.ntm.get_absolute_url() in earlier
        assert "6.084" in earlier  # its latest figure, in the scorecard
        assert "6.250" not in earlier  # not its whole history
        assert '<svg class="chart"' not in earlier

    def test_detail_opens_with_a_scorecard_and_a_table_of_contents(self, client, site):
        content = page(client, site.ntm.get_absolute_url()).content.decode()
        scorecard = content.split('id="scorecard"')[1].split("</table>")[0]
        assert site.indicator.get_absolute_url() in scorecard
        assert "6.084" in scorecard and "6.000" in scorecard and "vượt mục tiêu" in scorecard
        assert f'href="#indicator-{site.indicator.code}"' in content
        assert f'id="indicator-{site.indicator.code}"' in content

    def test_list_query_count_does_not_grow_with_rows(self, client, site):
        url = reverse("programs:program_list")
        before = count_queries(client, url)
        for _ in range(20):
            ProgramFactory(decided_by=DocumentFactory()).succeeds.add(site.ntm)
        assert count_queries(client, url) == before

    def test_unknown_program_is_404(self, client, site):
        page(client, "/programs/no-such-program/", status=404)

    def test_query_count_does_not_grow_with_rows(self, client, site):
        url = site.ntm.get_absolute_url()
        before = count_queries(client, url)
        for n in range(20):
            indicator = IndicatorFactory(program=site.ntm)
            IndicatorValueFactory(indicator=indicator, unit=site.nation)
            IndicatorValueFactory(
                indicator=indicator, unit=site.nation, period_start=JAN_2025, period_end=JAN_2025
            )
            TargetFactory(indicator=indicator, unit=site.nation)
            site.ntm.documents.add(DocumentFactory())
            MovementFactory(program=site.ntm, name_vi=f"Phong trào {n}")
        assert count_queries(client, url) == before


class TestProvincePages:
    def test_list_shows_current_provinces_in_vietnamese_order_with_their_predecessors(
        self, client, site
    ):
        content = page(client, reverse("programs:province_list")).content.decode()
        assert content.index("Bắc Ninh") < content.index("Cần Thơ")
        assert site.soc_trang.get_absolute_url() in content

    def test_shows_each_indicators_latest_figure_linked_to_its_source_and_history(
        self, client, site
    ):
        response = page(client, site.can_tho.get_absolute_url())
        [(program, [row])] = response.context["programs"]
        assert program == site.ntm
        assert row.values == [site.can_tho_value]
        content = response.content.decode()
        assert f'href="{SOURCE}"' in content
        assert "31/12/2025" in content
        assert f'href="{province_indicator_url(site.can_tho)}"' in content

    def test_latest_figures_of_predecessors_are_labelled(self, client, site):
        indicator = IndicatorFactory(program=site.ntm)
        older, newer = (
            IndicatorValueFactory(indicator=indicator, unit=unit, period_end=end)
            for unit, end in ((site.soc_trang, JAN_2025), (site.former_can_tho, JUNE_2025))
        )
        tied = IndicatorValueFactory(indicator=indicator, unit=site.soc_trang)
        response = page(client, site.can_tho.get_absolute_url())
        [(_program, [_row, row])] = response.context["programs"]
        assert row.values == [newer, tied]  # the latest period, in Vietnamese order
        assert older not in row.values
        content = response.content.decode()
        assert "Sóc Trăng (đến 30/6/2025)" in content
        assert f'href="{site.soc_trang.get_absolute_url()}"' in content

    def test_predecessors_are_named_and_linked(self, client, site):
        content = page(client, site.can_tho.get_absolute_url()).content.decode()
        assert site.soc_trang.get_absolute_url() in content
        assert site.former_can_tho.get_absolute_url() in content

    def test_shows_progress_against_the_provinces_target(self, client, site):
        TargetFactory(
            indicator=site.indicator, unit=site.can_tho, value=100, document=site.decision
        )
        response = page(client, site.can_tho.get_absolute_url())
        [(_program, [row])] = response.context["programs"]
        assert row.values[0].progress == Progress.EXCEEDED
        content = response.content.decode()
        assert "status-exceeded" in content
        assert f'href="{site.decision.get_absolute_url()}"' in content

    def test_has_no_charts(self, client, site):
        content = page(client, site.can_tho.get_absolute_url()).content.decode()
        assert '<svg class="chart"' not in content

    def test_shows_bridges_and_awards_of_the_province_and_its_predecessors(self, client, site):
        content = page(client, site.can_tho.get_absolute_url()).content.decode()
        assert "Điểm cầu Sóc Trăng" in content
        assert "Lâm Văn Mẫn" in content
        assert "Nhân dân và cán bộ xã Long Phú" in content
        assert "Ông Nguyễn Văn Một" in content

    def test_former_slug_under_the_current_url_redirects_permanently(self, client, site):
        url = reverse("programs:province_detail", args=[site.soc_trang.slug])
        response = page(client, url, 301)
        assert response["Location"] == site.soc_trang.get_absolute_url()

    def test_current_province_wins_over_a_former_one_of_the_same_slug(self, client, site):
        assert site.former_can_tho.slug == site.can_tho.slug
        page(client, site.can_tho.get_absolute_url(), 200)

    def test_unknown_province_is_404(self, client, site):
        page(client, "/provinces/atlantis/", status=404)
        page(client, "/provinces/former/atlantis/", status=404)

    def test_current_and_former_units_sharing_a_slug_have_their_own_pages(self, client, site):
        assert site.can_tho.slug == site.former_can_tho.slug == "can-tho"
        current = page(client, site.can_tho.get_absolute_url())
        former = page(client, site.former_can_tho.get_absolute_url())
        assert current.context["province"] == site.can_tho
        assert former.context["province"] == site.former_can_tho

    def test_query_count_does_not_grow_with_rows(self, client, site):
        def add_indicator_with_history():
            former = FormerProvinceFactory(successor=site.can_tho)
            indicator = IndicatorFactory(program=site.ntm)
            IndicatorValueFactory(indicator=indicator, unit=site.can_tho)
            # The national figure and another province's of the same period, and a history.
            IndicatorValueFactory(indicator=indicator, unit=site.nation)
            IndicatorValueFactory(indicator=indicator, unit=site.bac_ninh)
            earlier = datetime.date(2023, 12, 31)
            IndicatorValueFactory(
                indicator=indicator, unit=site.can_tho, period_start=earlier, period_end=earlier
            )
            IndicatorValueFactory(indicator=site.indicator, unit=former)
            bridge = BridgeFactory(unit=former)
            AttendanceFactory(bridge=bridge, role=Attendance.Role.PRESIDED)
            TargetFactory(indicator=indicator, unit=site.can_tho, document=site.decision)
            AwardFactory(province=site.can_tho)
            AwardFactory(province=former, recipient_kind=Award.RecipientKind.INDIVIDUAL)

        url = site.can_tho.get_absolute_url()
        add_indicator_with_history()
        before = count_queries(client, url)
        for _ in range(20):
            add_indicator_with_history()
        assert count_queries(client, url) == before

    def test_list_query_count_does_not_grow_with_rows(self, client, site):
        url = reverse("programs:province_list")
        before = count_queries(client, url)
        for _ in range(20):
            FormerProvinceFactory(successor=ProvinceFactory())
        assert count_queries(client, url) == before


class TestProvinceKeyFigures:
    def test_a_figure_stands_against_the_national_one_and_its_rank(self, client, site):
        response = page(client, site.soc_trang.get_absolute_url())
        ((_program, (row,)),) = response.context["programs"]
        assert row.national == site.june
        assert (row.rank, row.ranked) == (1, 2)  # 86 against Cần Thơ's 35,5
        assert "1 / 2" in response.content.decode()

    def test_no_rank_is_shown_when_no_other_province_reported_that_period(self, client, site):
        IndicatorValue.objects.filter(unit=site.former_can_tho, indicator=site.indicator).delete()
        response = page(client, site.soc_trang.get_absolute_url())
        ((_program, (row,)),) = response.context["programs"]
        assert (row.rank, row.ranked) == (1, 1)
        assert "1 / 1" not in response.content.decode()

    def test_rank_follows_the_indicator_direction(self, client, site):
        site.indicator.higher_is_better = False
        site.indicator.save()
        ((_program, (row,)),) = page(client, site.soc_trang.get_absolute_url()).context["programs"]
        assert row.rank == 2

    def test_a_series_of_two_figures_gets_a_sparkline(self, client, site):
        IndicatorValueFactory(
            indicator=site.indicator,
            unit=site.soc_trang,
            period_start=JAN_2025,
            period_end=JAN_2025,
            value=70,
        )
        ((_program, (row,)),) = page(client, site.soc_trang.get_absolute_url()).context["programs"]
        assert '<svg class="sparkline"' in row.sparkline


class TestFormerProvincePage:
    def test_says_when_and_into_what_it_merged(self, client, site):
        content = page(client, site.soc_trang.get_absolute_url()).content.decode()
        assert "<h1>Tỉnh Sóc Trăng (đến 30 tháng 6 năm 2025)</h1>" in content
        assert "hợp nhất thành" in content
        assert "tỉnh cũ" not in content
        assert f'href="{site.can_tho.get_absolute_url()}"' in content

    def test_shows_its_own_latest_figures_only(self, client, site):
        response = page(client, site.soc_trang.get_absolute_url())
        [(_program, [row])] = response.context["programs"]
        assert row.values == [site.soc_trang_value]
        assert row.history_url == province_indicator_url(site.soc_trang)

    def test_shows_the_bridge_it_hosted(self, client, site):
        content = page(client, site.soc_trang.get_absolute_url()).content.decode()
        assert "Điểm cầu Sóc Trăng" in content

    def test_current_slug_without_a_former_unit_is_404(self, client, site):
        page(client, reverse("programs:former_province_detail", args=[site.bac_ninh.slug]), 404)

    def test_query_count_does_not_grow_with_rows(self, client, site):
        url = site.soc_trang.get_absolute_url()
        before = count_queries(client, url)
        for _ in range(20):
            indicator = IndicatorFactory(program=site.ntm)
            IndicatorValueFactory(indicator=indicator, unit=site.soc_trang)
            AttendanceFactory(bridge=BridgeFactory(unit=site.soc_trang))
            AwardFactory(province=site.soc_trang)
        assert count_queries(client, url) == before


class TestProvinceIndicatorPage:
    def test_successor_shows_its_predecessors_history_labelled(self, client, site):
        response = page(client, province_indicator_url(site.can_tho))
        assert [value.value for value in response.context["figures"].values] == [
            Decimal("35.5"),
            86,
            125,
        ]
        content = response.content.decode()
        assert "Sóc Trăng (đến 30/6/2025)" in content
        assert f'href="{site.soc_trang.get_absolute_url()}"' in content
        assert f'href="{province_indicator_url(site.former_can_tho)}"' in content

    def test_every_figure_links_to_its_source(self, client, site):
        content = page(client, province_indicator_url(site.can_tho)).content.decode()
        assert content.count(f'<a class="figure" href="{SOURCE}"') == 3

    def test_chart_is_svg_with_a_title(self, client, site):
        content = page(client, province_indicator_url(site.can_tho)).content.decode()
        assert '<svg class="chart"' in content
        assert '<title id="history-communes-ntm-title">' in content
        assert "<desc" in content

    def test_chart_is_well_formed_svg_titled_with_indicator_and_place(self, client, site):
        figures = page(client, province_indicator_url(site.can_tho)).context["figures"]
        svg = ElementTree.fromstring(str(figures.svg))  # noqa: S314 - our own markup
        assert svg.tag == f"{{{SVG}}}svg"
        assert svg.find(f"{{{SVG}}}title").text == "Số xã đạt chuẩn nông thôn mới: Cần Thơ"
        assert len(svg.findall(f"{{{SVG}}}polyline")) == 3  # Cần Thơ and its two predecessors

    def test_former_province_shows_its_own_history_and_links_to_its_successor(self, client, site):
        response = page(client, province_indicator_url(site.soc_trang))
        assert response.context["figures"].values == [site.soc_trang_value]
        assert f'href="{province_indicator_url(site.can_tho)}"' in response.content.decode()

    def test_draft_figures_never_appear(self, client, site):
        IndicatorValueFactory(
            indicator=site.indicator,
            unit=site.can_tho,
            period_start=datetime.date(2026, 1, 31),
            period_end=datetime.date(2026, 1, 31),
            value=4321,
            status=IndicatorValue.Status.DRAFT,
        )
        response = page(client, province_indicator_url(site.can_tho))
        assert 4321 not in [value.value for value in response.context["figures"].values]
        assert "4.321" not in response.content.decode()

    def test_province_without_figures_has_an_empty_history(self, client, site):
        response = page(client, province_indicator_url(site.bac_ninh))
        assert response.context["figures"].values == []

    def test_indicator_not_reported_for_provinces_is_404(self, client, site):
        IndicatorFactory(code="national-only", at_province=False)
        for view in ("province_indicator", "province_indicator_csv"):
            page(client, reverse(f"programs:{view}", args=["can-tho", "national-only"]), 404)

    def test_unknown_indicator_or_province_is_404(self, client, site):
        page(client, reverse("programs:province_indicator", args=["can-tho", "nothing"]), 404)
        page(client, reverse("programs:province_indicator", args=["atlantis", "communes-ntm"]), 404)
        url = reverse("programs:former_province_indicator", args=["atlantis", "communes-ntm"])
        page(client, url, 404)

    def test_former_slug_under_the_current_url_is_404(self, client, site):
        url = reverse("programs:province_indicator", args=[site.soc_trang.slug, "communes-ntm"])
        page(client, url, 404)

    def test_query_count_does_not_grow_with_rows(self, client, site):
        url = province_indicator_url(site.can_tho)
        before = count_queries(client, url)
        for day in range(1, 21):
            former = FormerProvinceFactory(successor=site.can_tho)
            date = datetime.date(2024, 1, day)
            IndicatorValueFactory(
                indicator=site.indicator, unit=former, period_start=date, period_end=date
            )
            IndicatorValueFactory(
                indicator=site.indicator, unit=site.can_tho, period_start=date, period_end=date
            )
        assert count_queries(client, url) == before

    def test_former_query_count_does_not_grow_with_rows(self, client, site):
        url = province_indicator_url(site.soc_trang)
        before = count_queries(client, url)
        for day in range(1, 21):
            date = datetime.date(2024, 1, day)
            IndicatorValueFactory(
                indicator=site.indicator, unit=site.soc_trang, period_start=date, period_end=date
            )
        assert count_queries(client, url) == before


class TestIndicatorPage:
    def test_shows_definition_targets_and_national_series(self, client, site):
        response = page(client, site.indicator.get_absolute_url())
        content = response.content.decode()
        assert "Xã đạt chuẩn theo Bộ tiêu chí quốc gia." in content
        assert site.decision.get_absolute_url() in content
        assert response.context["national"].values == [site.january, site.june]

    def test_provinces_default_to_the_latest_period_highest_first(self, client, site):
        response = page(client, site.indicator.get_absolute_url())
        assert response.context["ranking"].values == [site.can_tho_value]

    def test_a_chosen_period_can_be_sorted(self, client, site):
        url = site.indicator.get_absolute_url()
        ranking = page(client, f"{url}?period=2025-06-30&sort=value").context["ranking"]
        assert [value.value for value in ranking.values] == [Decimal("35.5"), 86]
        ranking = page(client, f"{url}?period=2025-06-30&sort=-value").context["ranking"]
        assert [value.value for value in ranking.values] == [86, Decimal("35.5")]
        ranking = page(client, f"{url}?period=2025-06-30&sort=name").context["ranking"]
        assert [value.unit for value in ranking.values] == [site.former_can_tho, site.soc_trang]

    def test_an_invalid_choice_shows_the_defaults_and_says_so(self, client, site):
        response = page(client, f"{site.indicator.get_absolute_url()}?period=1999&sort=drop")
        assert response.context["form"].errors
        assert response.context["ranking"].values == [site.can_tho_value]
        assert 'role="alert"' in response.content.decode()

    def test_both_charts_are_svg_with_titles(self, client, site):
        url = site.indicator.get_absolute_url()
        content = page(client, f"{url}?period=2025-06-30").content.decode()
        assert '<title id="history-communes-ntm-title">' in content
        assert '<title id="provinces-communes-ntm-title">' in content

    def test_unknown_indicator_is_404(self, client, site):
        page(client, "/indicators/nothing/", status=404)
        page(client, "/indicators/nothing.csv", status=404)

    def test_query_count_does_not_grow_with_rows(self, client, site):
        url = f"{site.indicator.get_absolute_url()}?period=2025-06-30"
        before = count_queries(client, url)
        for day in range(1, 21):
            IndicatorValueFactory(indicator=site.indicator, unit=FormerProvinceFactory())
            date = datetime.date(2024, 1, day)
            IndicatorValueFactory(
                indicator=site.indicator, unit=site.nation, period_start=date, period_end=date
            )
            TargetFactory(indicator=site.indicator, unit=ProvinceFactory(), document=site.decision)
        assert count_queries(client, url) == before


class TestIndicatorTabs:
    def test_tabs_are_links_and_the_chosen_one_is_marked(self, client, site):
        url = site.indicator.get_absolute_url()
        content = page(client, f"{url}?view=map").content.decode()
        assert 'href="?view=chart#by-province"' in content
        assert 'href="?view=map#by-province" aria-current="page"' in content
        assert 'href="?view=table#by-province"' in content

    def test_map_of_a_period_before_july_2025_tiles_the_former_provinces(self, client, site):
        url = f"{site.indicator.get_absolute_url()}?view=map&period=2025-06-30"
        svg = ElementTree.fromstring(str(page(client, url).context["ranking"].svg))  # noqa: S314
        links = [a.get("href") for a in svg.iter(f"{{{SVG}}}a")]
        assert site.soc_trang.get_absolute_url() in links
        assert site.can_tho.get_absolute_url() not in links

    def test_map_of_a_later_period_tiles_the_current_provinces(self, client, site):
        url = f"{site.indicator.get_absolute_url()}?view=map"
        svg = ElementTree.fromstring(str(page(client, url).context["ranking"].svg))  # noqa: S314
        links = [a.get("href") for a in svg.iter(f"{{{SVG}}}a")]
        assert site.can_tho.get_absolute_url() in links
        assert site.soc_trang.get_absolute_url() not in links

    def test_table_tab_shows_the_table_without_a_chart(self, client, site):
        response = page(client, f"{site.indicator.get_absolute_url()}?view=table")
        assert response.context["ranking"].svg == ""
        assert "<table>" in response.content.decode()

    def test_an_unknown_tab_shows_the_chart(self, client, site):
        response = page(client, f"{site.indicator.get_absolute_url()}?view=pie")
        assert response.context["tab"] == "chart"

    def test_compare_draws_the_chosen_provinces_together(self, client, site):
        query = f"compare={site.soc_trang.pk}&compare={site.can_tho.pk}"
        response = page(client, f"{site.indicator.get_absolute_url()}?{query}")
        _form, figures = response.context["compare"]
        assert {value.unit for value in figures.values} == {site.soc_trang, site.can_tho}
        assert figures.svg
        rows = csv_rows(page(client, figures.csv_url))
        assert {row["unit_code"] for row in rows} == {site.soc_trang.code, site.can_tho.code}

    def test_compare_refuses_too_many_and_bad_choices(self, client, site):
        url = site.indicator.get_absolute_url()
        many = "&".join(f"compare={ProvinceFactory().pk}" for _ in range(7))
        form, figures = page(client, f"{url}?{many}").context["compare"]
        assert form.errors and figures is None
        form, figures = page(client, f"{url}?compare=abc").context["compare"]
        assert form.errors and figures is None

    @pytest.mark.parametrize("tab", ["chart", "map", "table"])
    def test_query_count_does_not_grow_with_rows(self, client, site, tab):
        url = f"{site.indicator.get_absolute_url()}?view={tab}&compare={site.can_tho.pk}"
        before = count_queries(client, url)
        for _ in range(20):
            IndicatorValueFactory(
                indicator=site.indicator,
                unit=ProvinceFactory(),
                period_start=DEC_2025,
                period_end=DEC_2025,
            )
        assert count_queries(client, url) == before


class TestCSVDownloads:
    def test_national_csv_equals_the_table(self, client, site):
        response = page(client, site.indicator.get_absolute_url())
        rows = csv_rows(page(client, response.context["national"].csv_url))
        assert [row["value"] for row in rows] == ["6250", "6084"]
        assert [row["period_end"] for row in rows] == ["2025-01-31", "2025-06-30"]
        assert rows[1]["numerator"] == "6084"
        assert rows[1]["denominator"] == "7669"
        assert rows[1]["source_url"] == SOURCE

    def test_provinces_csv_equals_the_sorted_table(self, client, site):
        url = f"{site.indicator.get_absolute_url()}?period=2025-06-30&sort=value"
        ranking = page(client, url).context["ranking"]
        rows = csv_rows(page(client, ranking.csv_url))
        assert [row["value"] for row in rows] == ["35.5", "86"]
        assert [row["unit"] for row in rows] == [str(value.unit) for value in ranking.values]

    def test_province_csv_equals_the_table_with_its_predecessors(self, client, site):
        figures = page(client, province_indicator_url(site.can_tho)).context["figures"]
        rows = csv_rows(page(client, figures.csv_url))
        assert [row["value"] for row in rows] == ["35.5", "86", "125"]
        assert [row["unit"] for row in rows] == [str(value.unit) for value in figures.values]
        assert rows[0]["unit"] == "Cần Thơ (đến 30/6/2025)"

    def test_former_province_csv_equals_its_table(self, client, site):
        figures = page(client, province_indicator_url(site.soc_trang)).context["figures"]
        assert [row["value"] for row in csv_rows(page(client, figures.csv_url))] == ["86"]

    def test_former_slug_has_no_current_csv(self, client, site):
        url = reverse("programs:province_indicator_csv", args=[site.soc_trang.slug, "communes-ntm"])
        page(client, url, status=404)


class TestConferencePages:
    def test_list_shows_conferences(self, client, site):
        content = page(client, reverse("programs:conference_list")).content.decode()
        assert site.conference.title in content
        assert "Phạm Minh Chính" in content

    def test_detail_shows_chair_bridges_main_first_and_officials(self, client, site):
        content = page(client, site.conference.get_absolute_url()).content.decode()
        assert "Trần Hồng Hà" in content
        assert content.index("Điểm cầu Trụ sở Chính phủ") < content.index("Điểm cầu Sóc Trăng")
        assert "Bí thư Tỉnh ủy Sóc Trăng" in content
        assert "Trần Văn Lâu" in content
        assert site.ntm.get_absolute_url() in content
        assert "Nhân dân và cán bộ xã Long Phú" in content

    def test_detail_links_the_page_reporting_a_bridge(self, client, site):
        BridgeFactory(
            conference=site.conference,
            unit=site.soc_trang,
            source_publisher="Báo Sóc Trăng",
            source_url="https://baosoctrang.org.vn/bai-viet",
        )
        content = page(client, site.conference.get_absolute_url()).content.decode()
        assert (
            '<a href="https://baosoctrang.org.vn/bai-viet" rel="external">Báo Sóc Trăng</a>'
            in content
        )

    def test_list_query_count_does_not_grow_with_rows(self, client, site):
        url = reverse("programs:conference_list")
        before = count_queries(client, url)
        for _ in range(20):
            ConferenceFactory().programs.add(site.ntm)
        assert count_queries(client, url) == before

    def test_unknown_conference_is_404(self, client, site):
        page(client, "/conferences/no-such-meeting/", status=404)

    def test_query_count_does_not_grow_with_rows(self, client, site):
        url = site.conference.get_absolute_url()
        before = count_queries(client, url)
        for _ in range(20):
            bridge = BridgeFactory(conference=site.conference)
            AttendanceFactory(bridge=bridge)
            AttendanceFactory(bridge=bridge, role=Attendance.Role.PRESIDED)
            site.conference.co_chairs.add(PersonFactory())
            AwardFactory(conference=site.conference)
        assert count_queries(client, url) == before


class TestMovementPage:
    def test_shows_awards_by_decision(self, client, site):
        content = page(client, site.movement.get_absolute_url()).content.decode()
        assert site.movement.name in content
        assert "Nhân dân và cán bộ xã Long Phú" in content
        assert site.award.decision.get_absolute_url() in content

    def test_unknown_movement_is_404(self, client, site):
        page(client, "/movements/nothing/", status=404)


class TestMovementAndAwardLists:
    def test_movements_list_links_each_movement_with_its_award_count(self, client, site):
        content = page(client, reverse("programs:movement_list")).content.decode()
        assert site.movement.get_absolute_url() in content

    def test_awards_filter_by_movement_decision_and_province(self, client, site):
        url = reverse("programs:award_list")
        other = AwardFactory(recipient_vi="Xã Khác")
        everything = page(client, url).context["awards"]
        assert other in everything and site.award in everything
        by_movement = page(client, f"{url}?movement={site.movement.slug}").context["awards"]
        assert other not in by_movement and site.award in by_movement
        by_decision = page(client, f"{url}?decision={other.decision.slug}").context["awards"]
        assert list(by_decision) == [other]
        by_province = page(client, f"{url}?province={other.province.slug}").context["awards"]
        assert list(by_province) == [other]

    def test_province_filter_takes_in_the_former_provinces(self, client, site):
        url = f"{reverse('programs:award_list')}?province={site.can_tho.slug}"
        awards = page(client, url).context["awards"]
        assert site.award in awards  # made to Sóc Trăng, now part of Cần Thơ

    def test_invalid_filters_are_reported_not_fatal(self, client, site):
        response = page(client, f"{reverse('programs:award_list')}?movement=nothing")
        assert response.context["form"].errors

    @pytest.mark.parametrize("name", ["movement_list", "award_list", "downloads"])
    def test_query_count_does_not_grow_with_rows(self, client, site, name):
        url = reverse(f"programs:{name}")
        before = count_queries(client, url)
        for _ in range(20):
            AwardFactory(movement=MovementFactory(), province=site.can_tho)
            IndicatorFactory()
        assert count_queries(client, url) == before


class TestDocumentStatus:
    def test_a_superseded_document_says_by_what_on_list_and_detail(self, client, site):
        newer = DocumentFactory(number="12/2026/QĐ-TTg")
        site.decision.superseded_by = newer
        site.decision.save()
        detail = page(client, site.decision.get_absolute_url()).content.decode()
        assert "Đã được thay thế" in detail and newer.get_absolute_url() in detail
        listing = page(client, reverse("programs:document_list")).content.decode()
        assert "Đã được thay thế" in listing and "Còn hiệu lực" in listing
        assert (
            site.decision.get_absolute_url()
            in page(client, newer.get_absolute_url()).content.decode()
        )

    def test_a_document_cannot_supersede_itself(self, site):
        site.decision.superseded_by = site.decision
        with pytest.raises(ValidationError):
            site.decision.clean()


class TestConferenceTitles:
    def test_short_title_heads_the_page_with_the_full_one_below(self, client, site):
        site.conference.short_title_vi = "Tổng kết 15 năm"
        site.conference.bridges_held = 63
        site.conference.save()
        content = page(client, site.conference.get_absolute_url()).content.decode()
        assert "<h1>Tổng kết 15 năm</h1>" in content
        assert f'<p class="lead">{site.conference.title}</p>' in content
        recorded = site.conference.bridges.count()
        assert f"{recorded} / 63 điểm cầu" in content


class TestDocumentPages:
    def test_detail_shows_the_document_and_the_targets_it_sets(self, client, site):
        content = page(client, site.decision.get_absolute_url()).content.decode()
        assert "51/2025/QĐ-TTg" in content
        assert site.indicator.get_absolute_url() in content
        assert "6.000" in content

    def test_unknown_document_is_404(self, client, site):
        page(client, "/documents/nothing/", status=404)

    def test_list_filters_by_kind_program_and_year(self, client, site):
        DocumentFactory(
            number="257/2025/QH15", kind="resolution", issued_on=datetime.date(2025, 6, 1)
        )
        url = reverse("programs:document_list")
        listed = page(client, url).context["document_list"]
        assert len(listed) == 3
        assert list(page(client, f"{url}?kind=resolution").context["document_list"]) == [listed[0]]
        by_program = page(client, f"{url}?program={site.ntm.slug}").context["document_list"]
        assert list(by_program) == [site.decision]
        assert len(page(client, f"{url}?year=2025").context["document_list"]) == 1

    def test_invalid_filters_are_reported_not_fatal(self, client, site):
        response = page(client, f"{reverse('programs:document_list')}?year=abc&kind=poem")
        assert response.context["form"].errors
        assert len(response.context["document_list"]) == 2

    def test_years_are_not_localised(self, client, site):
        content = page(client, reverse("programs:document_list")).content.decode()
        assert '<option value="2022">2022</option>' in content

    def test_list_query_count_does_not_grow_with_rows(self, client, site):
        url = reverse("programs:document_list")
        before = count_queries(client, url)
        for _ in range(20):
            DocumentFactory().programs.add(site.ntm)
        assert count_queries(client, url) == before


class TestEveryPage:
    @pytest.fixture
    def urls(self, site):
        return [
            "/",
            reverse("programs:program_list"),
            site.ntm.get_absolute_url(),
            reverse("programs:province_list"),
            site.can_tho.get_absolute_url(),
            site.soc_trang.get_absolute_url(),
            province_indicator_url(site.can_tho),
            province_indicator_url(site.soc_trang),
            site.indicator.get_absolute_url(),
            reverse("programs:conference_list"),
            site.conference.get_absolute_url(),
            site.movement.get_absolute_url(),
            reverse("programs:movement_list"),
            reverse("programs:award_list"),
            reverse("programs:downloads"),
            reverse("programs:document_list"),
            site.decision.get_absolute_url(),
        ]

    def test_has_a_title_a_description_and_the_language_switcher(self, client, urls):
        for url in urls:
            content = page(client, url).content.decode()
            assert "<title>" in content and '<meta name="description" content="' in content
            assert f'<a href="/en{url}" lang="en"' in content, url

    def test_answers_in_english_under_en(self, client, urls):
        for url in urls:
            content = page(client, f"/en{url}").content.decode()
            assert '<html lang="en">' in content, url

    def test_titles_differ_between_pages(self, client, urls):
        titles = {
            page(client, url).content.decode().split("<title>")[1].split("</title>")[0]
            for url in urls
        }
        assert len(titles) == len(urls)


class TestScrollableRegions:
    """A chart or table wider than a phone scrolls in a region that the keyboard reaches and a
    screen reader names; the site serves its own favicon and logo mark."""

    def test_every_scrolling_region_is_focusable_and_named(self, client, site):
        for url in [
            site.indicator.get_absolute_url(),
            f"{site.indicator.get_absolute_url()}?view=table",
            site.ntm.get_absolute_url(),
            site.can_tho.get_absolute_url(),
            province_indicator_url(site.can_tho),
        ]:
            content = page(client, url).content.decode()
            regions = re.findall(r'<div class="(?:chart-scroll|table-wrap)"[^>]*>', content)
            assert regions, url
            for region in regions:
                assert 'tabindex="0"' in region and 'role="region"' in region, (url, region)
                assert "aria-label=" in region or "aria-labelledby=" in region, (url, region)

    def test_the_favicon_and_logo_are_the_projects_svgs(self, client, site):
        from django.contrib.staticfiles import finders

        content = page(client, "/").content.decode()
        assert 'rel="icon" href="/static/favicon.svg" type="image/svg+xml"' in content
        assert 'src="/static/img/logo.svg"' in content
        for name in ("favicon.svg", "img/logo.svg"):
            with open(finders.find(name), encoding="utf-8") as svg:
                assert "<svg" in svg.read(), name


class TestVietnameseInEnglish:
    def test_vietnamese_sources_and_names_are_marked_on_english_pages(self, client, site):
        conference_url = site.conference.get_absolute_url()
        content = page(client, f"/en{site.indicator.get_absolute_url()}").content.decode()
        assert 'Source: <span lang="vi">' in content
        publisher = f'<span lang="vi">{site.june.source_publisher}</span></a>'
        assert f'rel="external">{publisher}' in content
        content = page(client, f"/en{conference_url}").content.decode()
        assert f'<dd><span lang="vi">{site.conference.chair.name}</span></dd>' in content

    def test_a_translated_issuer_is_not_marked_vietnamese(self, client, site):
        site.decision.issuer_en = "Prime Minister"
        site.decision.save()
        content = page(client, site.decision.get_absolute_url()).content.decode()
        assert f"<dd>{site.decision.issuer_vi}</dd>" in content
        content = page(client, f"/en{site.decision.get_absolute_url()}").content.decode()
        assert "<dd>Prime Minister</dd>" in content


class TestLastUpdated:
    """Every content page says when it was last updated: a page of figures when its latest
    figure changed, a document or conference page when it was first and last saved."""

    def updated_on(self, content):
        found = re.search(r'Cập nhật lần cuối <time datetime="([^"]+)">', content)
        return found and datetime.datetime.fromisoformat(found.group(1))

    def test_pages_of_figures_are_dated_by_their_latest_figure(self, client, site):
        IndicatorValue.objects.filter(pk=site.june.pk).update(
            updated_at=datetime.datetime(2025, 7, 2, 9, tzinfo=datetime.UTC)
        )
        IndicatorValue.objects.exclude(pk=site.june.pk).update(
            updated_at=datetime.datetime(2025, 7, 1, 9, tzinfo=datetime.UTC)
        )
        for url in [site.ntm.get_absolute_url(), site.indicator.get_absolute_url()]:
            updated = self.updated_on(page(client, url).content.decode())
            assert updated == datetime.datetime(2025, 7, 2, 9, tzinfo=datetime.UTC), url
        for url in [
            site.can_tho.get_absolute_url(),
            site.soc_trang.get_absolute_url(),
            province_indicator_url(site.can_tho),
        ]:
            updated = self.updated_on(page(client, url).content.decode())
            assert updated == datetime.datetime(2025, 7, 1, 9, tzinfo=datetime.UTC), url

    def test_a_page_without_figures_gives_no_date(self, client, site):
        content = page(client, site.bac_ninh.get_absolute_url()).content.decode()
        assert "Cập nhật lần cuối" not in content

    def test_document_and_conference_pages_say_when_recorded_and_last_updated(self, client, site):
        # The portal's date of the record, never to be read as the document's or conference's.
        site.decision.summary_vi = "Tóm tắt mới."
        site.decision.save()
        for url in [site.decision.get_absolute_url(), site.conference.get_absolute_url()]:
            content = page(client, url).content.decode()
            assert "Đưa lên cổng ngày <time" in content, url
            assert "Ngày đăng" not in content and "Cập nhật lần cuối <time" in content, url
        versions = site.decision.history.order_by("history_date")
        content = page(client, site.decision.get_absolute_url()).content.decode()
        assert self.updated_on(content) == versions.last().history_date


class TestRevisedFigures:
    """A published figure that was changed says so where it is shown, with what it said."""

    def revise(self, value, new):
        value.value = new
        value.save()

    def test_a_revised_figure_carries_a_change_note_on_every_page_showing_it(self, client, site):
        self.revise(site.june, 6090)
        self.revise(site.soc_trang_value, 88)
        with translation.override("vi"):
            today = date_format(timezone.localdate(), "SHORT_DATE_FORMAT")
        for url in [
            "/",
            site.ntm.get_absolute_url(),
            site.indicator.get_absolute_url(),
            province_indicator_url(site.can_tho),
        ]:
            content = page(client, url).content.decode()
            assert "figure-revision" in content, url
        content = page(client, site.indicator.get_absolute_url()).content.decode()
        assert f"sửa ngày {today}; trước đó là 6.084" in content
        content = page(client, site.soc_trang.get_absolute_url()).content.decode()
        assert f"sửa ngày {today}; trước đó là 86" in content

    def test_the_note_gives_what_the_figure_said_last_before_it_said_this(self, client, site):
        url = site.indicator.get_absolute_url()
        self.revise(site.june, 6090)
        self.revise(site.june, 6100)
        assert "trước đó là 6.090" in page(client, url).content.decode()
        self.revise(site.june, 6084)  # back to what it first said
        content = page(client, url).content.decode()
        assert "trước đó là 6.100" in content and "trước đó là 6.090" not in content

    def test_an_unchanged_figure_or_a_draft_corrected_before_approval_has_none(self, client, site):
        site.draft.value = 9000
        site.draft.save()
        site.draft.status = IndicatorValue.Status.PUBLISHED
        site.draft.save()
        site.june.note_vi = "Ghi chú mới."  # a change that leaves the number as it was
        site.june.save()
        content = page(client, site.indicator.get_absolute_url()).content.decode()
        assert "figure-revision" not in content

    def test_the_change_notes_cost_no_query_per_figure(self, client, site):
        url = site.indicator.get_absolute_url()
        before = count_queries(client, url)
        for value in (site.june, site.january):
            self.revise(value, value.value + 1)
        assert count_queries(client, url) == before


class TestLanguageSwitcher:
    def switch(self, client, page_url, language):
        """The address the switcher links for `language`, as found on the page."""
        content = page(client, page_url).content.decode()
        switcher = content.split('class="language-switcher"')[1].split("</nav>")[0]
        return html.unescape(switcher.split(f'" lang="{language}"')[0].split('<a href="')[-1])

    def test_switching_to_english_keeps_the_page(self, client, site):
        url = f"{site.indicator.get_absolute_url()}?period=2025-06-30&sort=name"
        english = self.switch(client, url, "en")
        assert english == f"/en{url}"
        assert '<html lang="en">' in page(client, english).content.decode()

    @pytest.mark.parametrize("remembered", ["vi", "en"])
    def test_switching_back_to_vietnamese_from_english(self, client, site, settings, remembered):
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = remembered
        url = site.soc_trang.get_absolute_url()
        vietnamese = self.switch(client, f"/en{url}", "vi")
        assert vietnamese == url
        assert '<html lang="vi">' in page(client, vietnamese).content.decode()


class TestErrorPages:
    def test_404_page_is_ours(self, client, site):
        content = page(client, "/no/such/page/", status=404).content.decode()
        assert "Không tìm thấy trang" in content
        assert 'class="language-switcher"' in content

    def test_500_page_is_ours(self):
        with translation.override("vi"):
            response = server_error(RequestFactory().get("/"))
        assert response.status_code == 500
        assert "Đã có lỗi xảy ra" in response.content.decode()


@pytest.mark.django_db
def test_province_page_lists_only_the_latest_awards_and_says_how_many(client):
    province = ProvinceFactory(name_vi="Cần Thơ")
    movement = MovementFactory()
    for number in range(12):
        AwardFactory(
            province=province,
            movement=movement,
            recipient_vi=f"Hợp tác xã số {number:02d}",
            decision=DocumentFactory(issued_on=datetime.date(2024, 1, 1 + number)),
        )
    with translation.override("en"):
        response = client.get(province.get_absolute_url())
    shown = [a.recipient for a in response.context["collective_awards"]]
    assert len(shown) == 10
    assert shown[0] == "Hợp tác xã số 11"  # newest decision first
    assert "The latest 10 of each kind, of 12 in all." in response.content.decode()


class TestFiguresSayWhatTheyAre:
    """Status, qualifier, range, notes and projections on the public pages and the CSV."""

    @pytest.fixture
    def figures(self):
        nation = NationFactory()
        program = ProgramFactory(code="GNBV")
        share = IndicatorFactory(
            code="households-out-share",
            program=program,
            measure="percent",
            additive=False,
        )
        TargetFactory(indicator=share, unit=nation, value=50)
        expected = IndicatorValueFactory(
            indicator=share,
            unit=nation,
            period_start=DEC_2025,
            period_end=DEC_2025,
            source_date=datetime.date(2025, 6, 22),
            value=Decimal("52.49"),
            value_status=IndicatorValue.ValueStatus.PROJECTION,
            note_vi="Dự kiến, chưa thống kê.",
            note_en="Expected, not yet counted.",
        )
        growth = IndicatorFactory(
            code="output-growth", program=program, measure="percent", additive=False
        )
        ranged = IndicatorValueFactory(
            indicator=growth, unit=nation, value=5, value_high=10, qualifier="about"
        )
        return program, share, expected, ranged

    def test_a_projection_is_expected_and_on_course_never_met(self, client, figures):
        program, *_ = figures
        for url in ("/", program.get_absolute_url()):
            content = page(client, url).content.decode()
            assert "dự kiến đến 31 tháng 12 năm 2025" in content, url
            assert "dự kiến vượt mục tiêu" in content, url
            assert "Vượt mục tiêu" not in content, url
            assert "progress-projected" in content, url

    def test_a_projection_in_english_says_expected_and_on_course(self, client, figures):
        program, *_ = figures
        content = page(client, f"/en{program.get_absolute_url()}").content.decode()
        with translation.override("en"):
            assert f"expected by {date_format(DEC_2025)}" in content
        assert "on course to exceed the target" in content

    def test_a_qualified_range_shows_both_ends_and_the_qualifier(self, client, figures):
        program, *_ = figures
        content = page(client, program.get_absolute_url()).content.decode()
        assert re.search(r"khoảng <a [^>]*>5–10</a>", content)

    def test_notes_are_shown_in_the_page_language(self, client, figures):
        program, *_ = figures
        assert "Dự kiến, chưa thống kê." in page(client, program.get_absolute_url()).text
        english = page(client, f"/en{program.get_absolute_url()}").text
        assert "Expected, not yet counted." in english
        assert "Dự kiến, chưa thống kê." not in english

    def test_the_csv_has_status_qualifier_range_and_notes(self, client, figures):
        _program, share, expected, _ranged = figures
        response = page(client, reverse("programs:indicator_csv", args=[share.code]))
        (row,) = csv_rows(response)
        assert (row["value_status"], row["qualifier"], row["value_high"]) == ("dự kiến", "", "")
        assert row["note"] == expected.note_vi

    def test_a_province_table_numbers_its_notes_below_it(self, client):
        province = ProvinceFactory(name_vi="Cần Thơ")
        indicator = IndicatorFactory(program=ProgramFactory(code="NTM"))
        IndicatorValueFactory(
            indicator=indicator,
            unit=province,
            period_start=DEC_2025,
            period_end=DEC_2025,
            value=80,
            note_vi="Tính trên số xã sau sắp xếp.",
        )
        content = page(client, province.get_absolute_url()).content.decode()
        assert '<sup class="note-ref"><a href="#NTM-note-1">1</a></sup>' in content
        assert '<li id="NTM-note-1">Tính trên số xã sau sắp xếp.</li>' in content


def main(response):
    """The page's own content, without the header, footer and head common to every page."""
    return response.content.decode().split("<main", 1)[1].split("</main>", 1)[0]


class TestSuccession:
    @pytest.fixture
    def ha_tinh(self):
        current = ProvinceFactory(name_vi="Hà Tĩnh", name_en="Ha Tinh")
        former = FormerProvinceFactory(
            name_vi="Hà Tĩnh", name_en="Ha Tinh", successor=current, succession="unchanged"
        )
        return current, former

    def test_an_unchanged_province_continues_it_does_not_merge_into_itself(self, client, ha_tinh):
        current, former = ha_tinh
        for unit in (current, former):
            content = main(page(client, unit.get_absolute_url()))
            assert "không thực hiện sắp xếp, giữ nguyên" in content
            assert "hợp nhất" not in content and "sáp nhập vào" not in content
        english = main(page(client, f"/en{former.get_absolute_url()}"))
        assert "Ha Tinh Province did not merge on 1 July 2025: it continues unchanged" in english
        assert "merged" not in english

    def test_a_city_is_titled_by_its_official_name_never_former_province(self, client):
        city = ProvinceFactory(name_vi="Hồ Chí Minh", kind="city")
        former = FormerProvinceFactory(
            name_vi="Hồ Chí Minh", kind="city", successor=city, succession="merged"
        )
        assert "<h1>Thành phố Hồ Chí Minh</h1>" in page(client, city.get_absolute_url()).text
        content = page(client, former.get_absolute_url()).text
        assert "<h1>Thành phố Hồ Chí Minh (đến 30 tháng 6 năm 2025)</h1>" in content
        assert "tỉnh cũ" not in content


def test_a_figure_lists_its_further_sources_and_queries_do_not_grow(client):
    indicator = IndicatorFactory(program=ProgramFactory(code="NTM"))
    url = reverse("programs:indicator_detail", args=[indicator.code])

    def add_figure(day):
        date = datetime.date(2025, 1, day)
        figure = IndicatorValueFactory(
            indicator=indicator, unit=NationFactory(), period_start=date, period_end=date
        )
        FigureSourceFactory(figure=figure, publisher="Văn phòng Chính phủ")

    add_figure(1)
    before = count_queries(client, url)
    for day in range(2, 12):
        add_figure(day)  # each save empties the page cache
    assert count_queries(client, url) == before
    content = page(client, url).content.decode()
    assert "nguồn khác:" in content and "Văn phòng Chính phủ</a> (1/7/2025)" in content
