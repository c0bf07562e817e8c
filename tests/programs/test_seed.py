"""`manage.py seed`: the only tests that read seeds/. The command runs once for the class."""

import datetime
import html
import itertools
import re
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test import TestCase
from django.utils import translation

from programs.models import (
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    ConferenceSource,
    Document,
    EmulationMovement,
    FigureSource,
    Indicator,
    IndicatorValue,
    LeadAgency,
    Person,
    Program,
    Progress,
    Target,
)
from programs.seeding import load, seed_figures_file, seed_programs, upsert
from tests import factories

Kind = AdministrativeUnit.Kind
UNTIL = datetime.date(2025, 6, 30)
HAIPHONG_URL = (
    "https://haiphong.gov.vn/tin-tuc-su-kien/hoi-nghi-toan-quoc-tong-ket-cac-chuong-trinh-"
    "muc-tieu-quoc-gia-va-phong-trao-thi-dua-vi-nguoi-ng-759812"
)
SOCTRANG_URL = (
    "https://baosoctrang.org.vn/xay-dung-nong-thon-moi/202506/thuc-hien-hieu-qua-hai-chuong-"
    "trinh-tru-cot-trong-chien-luoc-phat-trien-ben-vung-cba0f2a/"
)
SEEDED_MODELS = [
    AdministrativeUnit,
    Document,
    Program,
    LeadAgency,
    EmulationMovement,
    Indicator,
    IndicatorValue,
    FigureSource,
    Target,
    Person,
    Conference,
    ConferenceSource,
    Bridge,
    Attendance,
]


# A page's visible text in its main part, without what is marked as the other language.
ENGLISH_CHROME = re.compile(
    r"\b(the|of|and|until|since|from|Source|updated|expected|about|at least|Province|City|Lead|"
    r"now|former|Notice|Decision|Resolution|Prime Minister|Government|January|February|March|"
    r"April|May|June|July|August|September|October|November|December)\b"
    r"|(?<![\d/])0\d/\d{1,2}/\d{4}|(?<![\d/])\d{1,2}/0\d/\d{4}"  # vi: 1/7/2025, not 01/07/2025
)
VIETNAMESE_CHROME = re.compile(
    r"(?<!\w)(ngày|tháng|Nguồn|cập nhật|dự kiến|hiện nay|Thông báo|Quyết định|Nghị quyết|"
    r"Thủ tướng|Chủ trì|Số liệu|Mục tiêu|Chưa|Xem thêm)(?!\w)"
    r"|(?<![\d/])\d{1,2}/\d{1,2}/\d{4}(?![\d/])"  # en: 1 July 2025
)


def main_text(html_text, other_language):
    main = re.search(r"<main.*?</main>", html_text, re.S).group(0)
    main = re.sub(r"<(script|style|svg)\b.*?</\1>", " ", main, flags=re.S)
    main = re.sub(rf'<(\w+)[^>]*\blang="{other_language}"[^>]*>.*?</\1>', " ", main, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)))


def seed():
    output = StringIO()
    call_command("seed", stdout=output)
    return output.getvalue()


def conference_figures():
    """The national figures reported to the conference of 22 June 2025 (seeds/indicators.yaml),
    apart from the series of seeds/figures/."""
    return IndicatorValue.objects.filter(
        unit__code="VN", source_url__in=[HAIPHONG_URL, SOCTRANG_URL]
    )


def national_value(code):
    return conference_figures().get(indicator__code=code)


class SeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = seed()

    # Administrative units

    def test_seed_reports_what_it_created(self):
        assert "Administrative units: 3,419 created, 0 updated" in self.output
        assert "Indicator values: " in self.output

    def test_one_nation(self):
        nation = AdministrativeUnit.objects.nation()
        assert (nation.code, nation.name_vi, nation.name_en) == ("VN", "Việt Nam", "Viet Nam")
        assert nation.valid_from is None and nation.valid_until is None

    def test_34_current_provinces_of_which_6_cities(self):
        provinces = AdministrativeUnit.objects.current().provinces()
        assert provinces.count() == 34
        assert set(provinces.filter(kind=Kind.CITY).values_list("name_vi", flat=True)) == {
            "Hà Nội",
            "Hải Phòng",
            "Huế",
            "Đà Nẵng",
            "Hồ Chí Minh",
            "Cần Thơ",
        }
        assert not provinces.exclude(valid_from=datetime.date(2025, 7, 1)).exists()

    def test_provinces_are_named_without_prefix_with_english_names_and_ascii_slugs(self):
        hcmc = AdministrativeUnit.objects.current().get(code="79")
        assert (hcmc.name_vi, hcmc.name_en, hcmc.slug) == (
            "Hồ Chí Minh",
            "Ho Chi Minh City",
            "ho-chi-minh",
        )
        dak_lak = AdministrativeUnit.objects.current().get(code="66")
        assert (dak_lak.name_vi, dak_lak.name_en, dak_lak.slug) == ("Đắk Lắk", "Dak Lak", "dak-lak")
        assert AdministrativeUnit.objects.current().get(code="01").name_en == "Hanoi"

    def test_3321_communes_by_kind_each_in_a_current_province(self):
        communes = AdministrativeUnit.objects.current().communes()
        assert Counter(communes.values_list("kind", flat=True)) == {
            Kind.COMMUNE: 2621,
            Kind.WARD: 687,
            Kind.SPECIAL_ZONE: 13,
        }
        assert not communes.exclude(parent__level="province", parent__valid_until=None).exists()
        ward = communes.get(code="00070")
        assert (ward.name_vi, ward.kind, ward.parent.name_vi) == (
            "Phường Hoàn Kiếm",
            Kind.WARD,
            "Hà Nội",
        )

    def test_communes_sharing_a_slug_in_a_province_get_their_code(self):
        communes = AdministrativeUnit.objects.current().communes().filter(parent__code="19")
        assert set(
            communes.filter(slug__startswith="xa-van-lang").values_list("slug", flat=True)
        ) == {
            "xa-van-lang-02143",
            "xa-van-lang-05665",
        }
        assert communes.get(name_vi="Xã Tân Cương").slug == "xa-tan-cuong"

    def test_63_former_provinces_each_merged_into_a_current_one(self):
        former = AdministrativeUnit.objects.former().provinces()
        assert former.count() == 63
        assert former.filter(kind=Kind.CITY).count() == 6
        assert not former.exclude(valid_until=UNTIL).exists()
        assert not former.exclude(successor__valid_until=None).exists()

    def test_the_11_unchanged_provinces_continued_the_others_merged(self):
        former = AdministrativeUnit.objects.former().provinces()
        unchanged = former.filter(succession=AdministrativeUnit.Succession.UNCHANGED)
        assert sorted(unchanged.values_list("name_vi", flat=True)) == sorted(
            [
                *["Hà Nội", "Huế", "Cao Bằng", "Điện Biên", "Hà Tĩnh", "Lai Châu"],
                *["Lạng Sơn", "Nghệ An", "Quảng Ninh", "Sơn La", "Thanh Hóa"],
            ]
        )
        assert former.filter(succession=AdministrativeUnit.Succession.MERGED).count() == 52

    def test_names_follow_one_spelling_of_hoa(self):
        assert AdministrativeUnit.objects.former().get(code="17").name_vi == "Hòa Bình"
        old_style = re.compile(r"o[àáảãạ](?!\w)|o[èéẻẽẹ](?!\w)")
        names = AdministrativeUnit.objects.values_list("name_vi", flat=True)
        assert not [name for name in names if old_style.search(name)]

    def test_people_and_their_positions_follow_the_same_spelling_of_hoa(self):
        old_style = re.compile(r"o[àáảãạ](?!\w)|o[èéẻẽẹ](?!\w)|u[ỳýỷỹỵ](?!\w)", re.IGNORECASE)
        texts = [
            *Person.objects.values_list("name", flat=True),
            *Attendance.objects.values_list("position_vi", flat=True),
        ]
        assert "Lê Hải Hòa" in texts
        assert not [text for text in texts if old_style.search(text.replace("quý", ""))]

    def test_soc_trang_merged_into_can_tho(self):
        soc_trang = AdministrativeUnit.objects.former().get(code="94")
        assert soc_trang.name_vi == "Sóc Trăng"
        assert soc_trang.successor.name_vi == "Cần Thơ"
        assert soc_trang.successor.kind == Kind.CITY

    def test_code_52_is_binh_dinh_until_june_2025_and_gia_lai_after(self):
        binh_dinh = AdministrativeUnit.objects.former().get(code="52")
        gia_lai = AdministrativeUnit.objects.current().get(code="52")
        assert binh_dinh.pk != gia_lai.pk
        assert (binh_dinh.name_vi, gia_lai.name_vi) == ("Bình Định", "Gia Lai")
        assert binh_dinh.successor == gia_lai
        assert AdministrativeUnit.objects.former().get(code="64").successor == gia_lai

    # Documents, programs, movements

    def test_documents_as_issued(self):
        def document(number):
            return Document.objects.get(number=number)

        assert document("257/2025/QH15").issued_on == datetime.date(2025, 12, 11)
        assert "placeholder" not in document("257/2025/QH15").summary_en
        assert document("424/NQ-CP").issuer_en == "Government"
        assert document("51/2025/QĐ-TTg").effective_on == datetime.date(2026, 2, 15)
        assert "10 criteria with 47 indicators" in document("51/2025/QĐ-TTg").summary_en
        assert document("25/2021/QH15").issuer_vi == "Quốc hội"
        assert "huyện nông thôn mới" in document("320/QĐ-TTg").title_vi
        assert "cấp tỉnh" not in document("320/QĐ-TTg").title_vi.replace("thuộc cấp tỉnh", "")
        assert document("321/QĐ-TTg").title_vi.startswith(
            "Quyết định quy định tỉnh, thành phố trực thuộc trung ương hoàn thành nhiệm vụ"
        )
        for number in ("318/QĐ-TTg", "319/QĐ-TTg", "320/QĐ-TTg", "321/QĐ-TTg"):
            assert document(number).issued_on == datetime.date(2022, 3, 8)
        assert set(Document.objects.values_list("issuer_en", flat=True)) == {
            "Prime Minister",
            "Government",
            "National Assembly",
            "Government Office",
            "Ministry of Labour, Invalids and Social Affairs",
        }

    def test_further_documents_each_with_the_address_of_its_text(self):
        extra = load("documents-extra.yaml")["documents"]
        documents = Document.objects.filter(number__in=[data["number"] for data in extra])
        assert documents.count() == len(extra) == 6
        assert all(document.url.startswith("https://") for document in documents)
        assert documents.get(number="339/TB-VPCP").kind == Document.Kind.NOTICE
        assert documents.get(number="353/QĐ-TTg").issued_on == datetime.date(2022, 3, 15)
        # First gathered in both files, now only in programs.yaml, with the address found for it.
        assert Document.objects.get(number="25/2021/QH15").effective_on == datetime.date(
            2021, 9, 11
        )

    def test_poverty_reduction_was_led_by_labour_until_february_2025_then_agriculture(self):
        program = Program.objects.get(code="GNBV")
        before, now = program.lead_agencies_in_order(on=datetime.date(2026, 1, 1))
        assert (before.name_vi, before.name_en) == (
            "Bộ Lao động – Thương binh và Xã hội",
            "Ministry of Labour, Invalids and Social Affairs",
        )
        assert (before.valid_from, before.valid_until) == (None, datetime.date(2025, 2, 28))
        assert (now.name_vi, now.valid_from, now.valid_until) == (
            "Bộ Nông nghiệp và Môi trường",
            datetime.date(2025, 3, 1),
            None,
        )
        assert now.is_current and not before.is_current
        assert now.source_url.startswith("https://")

    def test_every_2021_2025_program_has_its_lead_agency_before_and_after_march_2025(self):
        day_before, day_of = datetime.date(2025, 2, 28), datetime.date(2025, 3, 1)
        leaders = {}
        for program in Program.objects.filter(start_year=2021).prefetch_related("lead_agencies"):
            agencies = program.lead_agencies.all()
            leaders[program.code] = [
                next(a.name_en for a in agencies if a.is_valid_on(day))
                for day in (day_before, day_of)
            ]
        assert leaders == {
            "NTM": [
                "Ministry of Agriculture and Rural Development",
                "Ministry of Agriculture and Environment",
            ],
            "GNBV": [
                "Ministry of Labour, Invalids and Social Affairs",
                "Ministry of Agriculture and Environment",
            ],
            "DTTS": [
                "Committee for Ethnic Minority Affairs",
                "Ministry of Ethnic and Religious Affairs",
            ],
        }
        # No lead agency is recorded for the 2026–2035 program: none was found in a source.
        assert not Program.objects.get(code="MTQG-2026-2035").lead_agencies.exists()

    def test_new_rural_goals_are_decision_263s_not_resolution_25s(self):
        goals = Program.objects.get(code="NTM")
        for text in ("khoảng 17 đến 19 tỉnh", "không còn xã dưới 15 tiêu chí", "ít nhất 20%"):
            assert text in goals.goals_vi
        for text in ("about 17 to 19 provinces", "no commune below 15 criteria", "at least 1.5"):
            assert text in goals.goals_en
        assert "15 tỉnh" not in goals.goals_vi and "15 provinces" not in goals.goals_en
        resolution = Document.objects.get(number="25/2021/QH15")
        assert resolution.kind == Document.Kind.RESOLUTION
        assert "ít nhất 15 tỉnh" in resolution.summary_vi

    def test_programs_with_their_deciding_documents(self):
        decided = dict(Program.objects.values_list("code", "decided_by__number"))
        assert decided == {
            "NTM": "263/QĐ-TTg",
            "GNBV": "90/QĐ-TTg",
            "DTTS": "1719/QĐ-TTg",
            "MTQG-2026-2035": "257/2025/QH15",
        }
        assert Document.objects.get(number="90/QĐ-TTg").issued_on == datetime.date(2022, 1, 18)

    def test_the_2026_2035_program_succeeds_the_three(self):
        program = Program.objects.get(code="MTQG-2026-2035")
        assert set(program.succeeds.values_list("code", flat=True)) == {"NTM", "GNBV", "DTTS"}
        assert (program.start_year, program.end_year) == (2026, 2035)

    def test_new_rural_criteria_2026_2030_take_effect_in_february_2026(self):
        decision = Document.objects.get(number="51/2025/QĐ-TTg")
        assert decision.effective_on == datetime.date(2026, 2, 15)
        assert decision.programs.get().code == "MTQG-2026-2035"

    def test_both_movements_with_their_programs(self):
        movements = EmulationMovement.objects.order_by("start_year")
        assert [(m.name_vi, m.start_year, m.program.code) for m in movements] == [
            ("Cả nước chung sức xây dựng nông thôn mới", 2011, "NTM"),
            ("Vì người nghèo – Không để ai bị bỏ lại phía sau", 2016, "GNBV"),
        ]

    # Figures and targets

    def test_communes_meeting_ntm_6084_of_7669(self):
        figure = national_value("ntm-communes")
        assert (figure.value, figure.numerator, figure.denominator) == (6084, 6084, 7669)
        assert figure.share == Decimal("79.3")
        assert figure.period_end == datetime.date(2025, 6, 22)
        assert figure.source_url == SOCTRANG_URL

    def test_advanced_and_model_communes_count_against_communes_meeting_ntm(self):
        advanced = national_value("ntm-advanced-communes")
        model = national_value("ntm-model-communes")
        assert (advanced.value, advanced.denominator) == (2567, 6084)
        assert (model.value, model.denominator) == (743, 6084)

    def test_poverty_rate_of_march_2025(self):
        figure = national_value("poverty-rate")
        assert figure.value == Decimal("1.93")
        assert figure.period_start == figure.period_end == datetime.date(2025, 3, 31)
        assert figure.source_url == HAIPHONG_URL
        assert figure.source_date == datetime.date(2025, 6, 23)
        assert not figure.indicator.higher_is_better

    def test_poor_and_near_poor_households_at_the_start_and_expected_fall(self):
        start = national_value("poor-near-poor-households")
        assert start.value == 2393332
        assert (start.period_start, start.period_end) == (
            datetime.date(2021, 1, 1),
            datetime.date(2021, 12, 31),
        )
        out = national_value("poor-near-poor-households-out")
        assert (out.numerator, out.denominator) == (1256197, 2393332)
        assert out.share == Decimal("52.5")
        assert out.value_status == IndicatorValue.ValueStatus.PROJECTION
        assert "about 1.14 million remain" in out.note_en
        assert "còn khoảng 1,14 triệu" in out.note_vi

    def test_ocop_products_and_rural_income(self):
        assert national_value("ocop-products-3-stars").value == 16543
        income = national_value("rural-income")
        assert income.value == 54
        assert income.period_label == "2024"

    def test_approximate_figures_carry_their_qualifier_and_ranges_both_ends(self):
        Qualifier = IndicatorValue.Qualifier
        assert national_value("infrastructure-projects-disadvantaged-areas").qualifier == (
            Qualifier.MORE_THAN
        )
        assert national_value("children-given-micronutrients").qualifier == Qualifier.NEARLY
        assert national_value("pregnant-women-given-micronutrients").qualifier == Qualifier.ABOUT
        growth = national_value("farmland-output-value-growth")
        assert (growth.value, growth.value_high) == (5, 10)

    def test_figures_expected_by_the_end_of_2025_are_projections(self):
        for figure in conference_figures().filter(period_end=datetime.date(2025, 12, 31)):
            assert figure.value_status == IndicatorValue.ValueStatus.PROJECTION, figure

    def test_child_stunting_is_a_figure_of_the_program_areas_not_national(self):
        indicator = national_value("child-stunting-rate").indicator
        assert "không phải tỷ lệ chung của cả nước" in indicator.description_vi
        assert "not a national rate" in indicator.description_en
        assert indicator.levels == [AdministrativeUnit.Level.NATION]

    def test_every_figure_note_is_in_both_languages(self):
        for figure in IndicatorValue.objects.exclude(note_vi=""):
            assert figure.note_en, figure

    def test_the_conference_reported_36_national_figures(self):
        assert conference_figures().count() == 36

    def test_every_figure_is_published_and_sourced(self):
        figures = IndicatorValue.objects.select_related("unit").prefetch_related("further_sources")
        for figure in figures:
            assert figure.status == IndicatorValue.Status.PUBLISHED
            assert figure.unit.level in {"nation", "province"}
            assert figure.source_url.startswith("https://"), figure
            assert not re.search(r"example\.|localhost|ntm-portal|/admin/", figure.source_url)
            assert figure.source_publisher and figure.source_date
            assert figure.value_status in IndicatorValue.ValueStatus.values
            for further in figure.further_sources.all():
                assert further.publisher and further.date
                assert not re.search(r"example\.|localhost|ntm-portal|/admin/", further.url)

    def test_the_notice_339_is_a_further_source_of_the_commune_figures(self):
        figure = national_value("ntm-communes")
        (notice,) = figure.further_sources.all()
        assert notice.publisher == "Văn phòng Chính phủ"
        assert notice.date == datetime.date(2025, 7, 1)
        assert notice.title.startswith("Thông báo 339/TB-VPCP")

    def test_figures_from_the_soc_trang_article_say_its_day_is_not_printed(self):
        for figure in IndicatorValue.objects.filter(source_url=SOCTRANG_URL):
            assert "exact day is not printed" in figure.note_en
            assert "không in ngày cụ thể" in figure.note_vi

    def test_every_figure_and_target_passes_the_model_rules(self):
        for row in [*IndicatorValue.objects.all(), *Target.objects.all()]:
            row.full_clean()

    def test_targets_are_set_by_the_deciding_decisions(self):
        targets = Target.objects.select_related("indicator", "document")
        assert {t.document.number for t in targets} == {"263/QĐ-TTg", "90/QĐ-TTg"}
        decline = targets.get(indicator__code="poverty-rate-decline")
        assert (decline.comparator, decline.value, decline.value_high) == ("exactly", 1, 1.5)
        assert "1–1,5" in decline.note_vi

    def test_targets_of_decision_263_as_it_sets_them(self):
        targets = Target.objects.filter(document__number="263/QĐ-TTg")

        def target(code):
            t = targets.get(indicator__code=code)
            return t.comparator, t.value, t.value_high

        assert target("ntm-provinces-completed") == ("about", 17, 19)
        assert target("ntm-advanced-communes-share") == ("about", 40, None)
        assert target("ntm-model-communes-share") == ("at_least", 10, None)
        assert target("ntm-communes-share") == ("at_least", 80, None)
        assert target("ntm-districts-share") == ("at_least", 50, None)
        assert target("rural-income-vs-2020") == ("at_least", Decimal("1.5"), None)
        assert "25/2021/QH15" in targets.get(indicator__code="ntm-provinces-completed").note_vi

    def test_progress_against_targets_is_computed(self):
        figures = conference_figures().with_target()

        def progress(code):
            return figures.get(indicator__code=code).progress

        assert progress("ntm-communes-share") == Progress.BEHIND  # 79.3 of at least 80
        assert progress("ntm-advanced-communes-share") == Progress.EXCEEDED  # 42.4, about 40
        assert progress("ntm-provinces-completed") == Progress.BEHIND  # 12 of about 17–19
        assert progress("poverty-rate-decline") == Progress.MET  # 1.03 within 1–1.5
        assert progress("poverty-rate-decline-ethnic-minorities") == Progress.EXCEEDED
        with translation.override("en"):
            assert figures.get(
                indicator__code="poor-near-poor-households-out-share"
            ).progress_label == ("on course to exceed the target")

    def test_home_opens_with_the_reviews_headline_facts_in_order_each_sourced(self):
        response = self.client.get("/")
        facts = response.context["facts"]
        assert [value.indicator.code for value in facts] == [
            "ntm-communes-share",
            "ntm-advanced-communes-share",
            "ntm-model-communes-share",
            "ntm-districts-share",
            "poverty-rate",
            "poor-near-poor-households-out-share",
            "ocop-products-3-stars",
        ]
        content = response.content.decode()
        start = content.index('class="facts-grid"')
        grid = content[start : content.index("</section>", start)]
        assert grid.count('class="headline-fact"') == 7
        for value in facts:
            assert f'href="{value.source_url}"' in grid

    # The conference of 22 June 2025

    def test_conference_chair_co_chairs_programs_and_movements(self):
        conference = Conference.objects.get(date=datetime.date(2025, 6, 22))
        assert conference.chair.name == "Phạm Minh Chính"
        assert [person.name for person in conference.co_chairs_in_order()] == [
            "Đỗ Văn Chiến",
            "Trần Hồng Hà",
            "Mai Văn Chính",
            "Lê Minh Hoan",
        ]
        assert not Person.objects.filter(name="Trần Lưu Quang").exists()
        assert set(conference.programs.values_list("code", flat=True)) == {"NTM", "GNBV"}
        assert conference.movements.count() == 2
        assert "thong-bao-339-tb-vpcp" in conference.source_url  # the notice, primary source
        assert "339/TB-VPCP ngày 1/7/2025" in conference.summary_vi
        assert conference.summary_en and conference.reported_vi and conference.decided_en

    def test_the_notice_339_is_the_conference_primary_source_the_newspapers_further(self):
        conference = Conference.objects.get(date=datetime.date(2025, 6, 22))
        notice = conference.source_document
        assert (notice.number, notice.kind, notice.issued_on) == (
            "339/TB-VPCP",
            Document.Kind.NOTICE,
            datetime.date(2025, 7, 1),
        )
        assert (notice.issuer_vi, notice.issuer_en) == ("Văn phòng Chính phủ", "Government Office")
        assert conference.source_url == notice.url
        assert [(s.publisher, s.url, s.date) for s in conference.further_sources.all()] == [
            ("Báo Sóc Trăng", SOCTRANG_URL, datetime.date(2025, 6, 22)),
            (
                "Báo Hải Phòng / Cổng Thông tin điện tử thành phố Hải Phòng",
                HAIPHONG_URL,
                datetime.date(2025, 6, 23),
            ),
        ]

    def test_bridges_are_in_the_provinces_in_force_on_the_day(self):
        bridges = Bridge.objects.select_related("unit").order_by("-is_main", "unit__code")
        assert [(b.is_main, b.unit.name_vi, b.unit.valid_until) for b in bridges] == [
            (True, "Hà Nội", UNTIL),
            (False, "Cao Bằng", UNTIL),
            (False, "Bắc Giang", UNTIL),
            (False, "Hải Dương", UNTIL),
            (False, "Hải Phòng", UNTIL),
            (False, "Nghệ An", UNTIL),
            (False, "Sóc Trăng", UNTIL),
        ]
        assert bridges[0].name_vi == "Điểm cầu Trụ sở Chính phủ"

    def test_provincial_bridges_each_with_its_page_and_who_presided(self):
        reported = load("bridges.yaml")["bridges"]
        bridges = Bridge.objects.exclude(source_url="")
        assert bridges.count() == len(reported) == 4
        assert all(bridge.source_publisher for bridge in bridges)
        cao_bang = bridges.get(unit__slug="cao-bang")
        assert list(cao_bang.attendances.values_list("person__name", "role")) == [
            ("Vũ Hồng Quang", Attendance.Role.PRESIDED),
            ("Lê Hải Hòa", Attendance.Role.PRESIDED),
        ]
        # The Nghệ An page names those present but not who presided.
        nghe_an = bridges.get(unit__slug="nghe-an")
        assert set(nghe_an.attendances.values_list("role", flat=True)) == {"attended"}
        quan = Attendance.objects.get(person__name="Trần Văn Quân")
        assert quan.position_vi == "Phó Chủ tịch UBND tỉnh"
        assert quan.position_en == "Vice Chairman of the Provincial People's Committee"
        assert Attendance.objects.filter(bridge__in=bridges).count() == sum(
            len(data["presided_by"]) + len(data.get("attended", [])) for data in reported
        )

    def test_attendees_with_their_positions_then(self):
        hai_phong = Attendance.objects.get(person__name="Lê Tiến Châu")
        assert hai_phong.role == Attendance.Role.PRESIDED
        assert hai_phong.bridge.unit.name_vi == "Hải Phòng"
        assert hai_phong.position_vi.startswith("Ủy viên Trung ương Đảng, Bí thư Thành ủy")
        assert Attendance.objects.get(person__name="Nguyễn Đức Thọ").bridge == hai_phong.bridge
        soc_trang = Bridge.objects.get(unit__code="94")
        assert list(soc_trang.attendances.values_list("person__name", flat=True)) == [
            "Lâm Văn Mẫn",
            "Trần Văn Lâu",
            "Ngô Hùng",
        ]
        chien = Attendance.objects.get(person__name="Đỗ Văn Chiến")
        assert chien.position_vi == (
            "Ủy viên Bộ Chính trị, Chủ tịch Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam"
        )
        assert chien.position_en.startswith("Member of the Politburo")

    def test_every_position_reads_in_english_on_english_pages(self):
        missing = Attendance.objects.filter(position_vi__gt="").filter(
            Q(position_en__isnull=True) | Q(position_en="")
        )
        assert not list(missing.values_list("person__name", "position_vi"))
        cao_bang = Attendance.objects.get(person__name="Vũ Hồng Quang")
        assert cao_bang.position_en == "Standing Deputy Secretary of the Provincial Party Committee"

    def test_no_awards_are_invented(self):
        assert not Award.objects.exists()

    # Running again

    def test_no_english_on_vietnamese_pages_and_no_vietnamese_chrome_on_english_ones(self):
        from news.models import Article

        paths = ["/", "/programs/", "/provinces/", "/documents/", "/conferences/", "/news/"]
        paths += [program.get_absolute_url() for program in Program.objects.all()]
        paths += [conference.get_absolute_url() for conference in Conference.objects.all()]
        paths += [document.get_absolute_url() for document in Document.objects.all()[:8]]
        paths += [article.get_absolute_url() for article in Article.objects.all()]
        provinces = AdministrativeUnit.objects.provinces()
        paths += [
            unit.get_absolute_url()
            for unit in provinces.filter(slug__in=["ha-noi", "hai-phong", "cao-bang", "can-tho"])
        ]
        paths += [unit.get_absolute_url() for unit in provinces.former().filter(code="94")]
        leaks = []
        for prefix, other, chrome in (("", "en", ENGLISH_CHROME), ("/en", "vi", VIETNAMESE_CHROME)):
            for path in paths:
                response = self.client.get(prefix + path)
                assert response.status_code == 200, prefix + path
                text = main_text(response.content.decode(), other)
                leaks += [(prefix + path, m[0]) for m in chrome.finditer(text)]
        assert not leaks

    def test_second_run_creates_and_changes_nothing(self):
        rows = {model: model.objects.count() for model in SEEDED_MODELS}
        history = IndicatorValue.history.count() + Target.history.count()
        with translation.override("en"):  # whatever the active language
            output = seed()
        assert re.findall(r"[1-9][\d,]* (?:created|updated)", output) == []
        assert output.count("0 created, 0 updated") == len(SEEDED_MODELS)
        assert {model: model.objects.count() for model in SEEDED_MODELS} == rows
        assert IndicatorValue.history.count() + Target.history.count() == history

    def test_changed_or_missing_rows_are_put_back(self):
        AdministrativeUnit.objects.current().filter(code="00070").update(name_vi="X", name="X")
        Program.objects.filter(code="NTM").update(short_name_vi="NTM")
        Conference.objects.all().delete()
        output = seed()
        assert "Administrative units: 0 created, 1 updated" in output
        assert "Programs: 0 created, 1 updated" in output
        assert "Bridges: 7 created, 0 updated" in output
        assert AdministrativeUnit.objects.current().get(code="00070").name == "Phường Hoàn Kiếm"

    def test_untranslated_columns_are_vietnamese_whatever_the_language(self):
        Conference.objects.all().delete()
        with translation.override("en"):
            seed_programs(log=lambda line: None)
        with connection.cursor() as cursor:  # the column itself, not modeltranslation's view of it
            cursor.execute("SELECT title FROM programs_conference")
            assert cursor.fetchone()[0].startswith("Hội nghị toàn quốc tổng kết")


@pytest.mark.django_db
def test_a_seed_entry_breaking_a_rule_is_named_in_the_error():
    with pytest.raises(ValidationError, match=r"Program \{'code': 'X'\}.*end_year"):
        upsert(
            defaultdict(Counter),
            Program,
            {"code": "X"},
            {"name_vi": "X", "short_name_vi": "X", "start_year": 2030, "end_year": 2020},
        )
    assert not Program.objects.exists()


# The loader of seeds/figures/*.yaml, on a file of its own (tests/programs/fixtures/).

FIXTURE = Path(__file__).parent / "fixtures" / "figures.yaml"


@pytest.fixture
def loaded():
    nation = factories.NationFactory()
    current = factories.ProvinceFactory(name_vi="Mẫu Mới", slug="mau-moi")
    former = factories.FormerProvinceFactory(name_vi="Mẫu Mới", slug="mau-moi", successor=current)
    programs = {"TEST": factories.ProgramFactory(code="TEST")}
    tally = defaultdict(Counter)
    with translation.override("vi"):
        seed_figures_file(tally, FIXTURE, nation, programs, {}, itertools.count())
    return tally, nation, current, former, programs


@pytest.mark.django_db
def test_figures_file_loads_figures_of_the_nation_and_of_provinces_in_force(loaded):
    tally, nation, current, former, _programs = loaded
    figures = IndicatorValue.objects.filter(indicator__code="loader-ocop")
    national = figures.get(unit=nation)
    assert (national.value, national.qualifier, national.value_status) == (
        1200,
        "more_than",
        "reported",
    )
    assert (national.note_vi, national.note_en) == ("Ghi chú tiếng Việt.", "The English note.")
    assert national.source_title == "Bài báo mẫu về nông thôn mới"
    assert [s.publisher for s in national.further_sources.all()] == ["Văn phòng Chính phủ"]
    assert figures.get(unit=former).value_status == "estimate"
    expected = figures.get(unit=current)
    assert (expected.value, expected.value_high, expected.value_status) == (90, 95, "projection")


@pytest.mark.django_db
def test_loading_a_figures_file_twice_changes_nothing(loaded):
    _tally, nation, *_units, programs = loaded
    history = IndicatorValue.history.count()
    tally = defaultdict(Counter)
    with translation.override("en"):
        seed_figures_file(tally, FIXTURE, nation, programs, {}, itertools.count())
    assert not any(sum(counts.values()) for counts in tally.values())
    assert IndicatorValue.history.count() == history
    assert FigureSource.objects.count() == 1


@pytest.mark.django_db
def test_a_province_unknown_on_the_figure_date_is_named_in_the_error(tmp_path):
    factories.IndicatorFactory(code="loader-x")
    path = tmp_path / "bad.yaml"
    path.write_text(
        "sources: {s: {publisher: P, url: 'https://p.vn/a', date: 2025-07-02}}\n"
        "figures:\n- {indicator: loader-x, province: atlantis, date: 2025-06-30, value: 1,"
        " value_status: reported, source: s}\n",
        encoding="utf-8",
    )
    nation = factories.NationFactory()
    with pytest.raises(ValidationError, match="bad.yaml: no province “atlantis” on 2025-06-30"):
        seed_figures_file(defaultdict(Counter), path, nation, {}, {}, itertools.count())
    assert not IndicatorValue.objects.exists()
