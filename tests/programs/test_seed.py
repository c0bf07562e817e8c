"""`manage.py seed`: the only tests that read seeds/. The command runs once for the class."""

import datetime
import re
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.utils import translation

from programs.models import (
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    IndicatorValue,
    Person,
    Program,
    Progress,
    Target,
)
from programs.seeding import seed_programs, upsert

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
    EmulationMovement,
    Indicator,
    IndicatorValue,
    Target,
    Person,
    Conference,
    Bridge,
    Attendance,
]


def seed():
    output = StringIO()
    call_command("seed", stdout=output)
    return output.getvalue()


def national_value(code):
    return IndicatorValue.objects.get(indicator__code=code, unit__code="VN")


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
        assert "Expected" in out.note

    def test_ocop_products_and_rural_income(self):
        assert national_value("ocop-products-3-stars").value == 16543
        income = national_value("rural-income")
        assert income.value == 54
        assert income.period_label == "2024"

    def test_approximate_figures_say_so(self):
        assert (
            "More than 2,600" in national_value("infrastructure-projects-disadvantaged-areas").note
        )
        assert "5–10%" in national_value("farmland-output-value-growth").note

    def test_every_figure_is_published_national_and_sourced(self):
        figures = IndicatorValue.objects.select_related("unit")
        assert figures.count() == 36
        for figure in figures:
            assert figure.status == IndicatorValue.Status.PUBLISHED
            assert figure.unit.code == "VN"
            assert figure.source_url in {HAIPHONG_URL, SOCTRANG_URL}
            assert figure.source_publisher and figure.source_date

    def test_figures_from_the_soc_trang_article_say_its_day_is_not_printed(self):
        for figure in IndicatorValue.objects.filter(source_url=SOCTRANG_URL):
            assert "exact day is not printed" in figure.note

    def test_every_figure_and_target_passes_the_model_rules(self):
        for row in [*IndicatorValue.objects.all(), *Target.objects.all()]:
            row.full_clean()

    def test_targets_are_set_by_the_deciding_decisions(self):
        targets = Target.objects.select_related("indicator", "document")
        assert {t.document.number for t in targets} == {"263/QĐ-TTg", "90/QĐ-TTg"}
        target = targets.get(indicator__code="poverty-rate-decline")
        assert target.value == Decimal("1.0")
        assert "1–1.5" in target.note
        assert "Unconfirmed" in targets.get(indicator__code="ntm-provinces-completed").note

    def test_progress_against_targets_is_computed(self):
        figures = IndicatorValue.objects.with_target()
        assert figures.get(indicator__code="ntm-communes-share").progress == Progress.BEHIND
        assert figures.get(indicator__code="ntm-advanced-communes-share").progress == (
            Progress.EXCEEDED
        )
        assert figures.get(indicator__code="poverty-rate-decline").progress == Progress.EXCEEDED

    # The conference of 22 June 2025

    def test_conference_chair_co_chairs_programs_and_movements(self):
        conference = Conference.objects.get(date=datetime.date(2025, 6, 22))
        assert conference.chair.name == "Phạm Minh Chính"
        assert set(conference.co_chairs.values_list("name", flat=True)) == {
            "Đỗ Văn Chiến",
            "Trần Hồng Hà",
            "Trần Lưu Quang",
            "Lê Minh Hoan",
        }
        assert set(conference.programs.values_list("code", flat=True)) == {"NTM", "GNBV"}
        assert conference.movements.count() == 2
        assert conference.source_url == HAIPHONG_URL
        assert conference.summary_en and conference.reported_vi and conference.decided_en

    def test_bridges_are_in_the_provinces_in_force_on_the_day(self):
        bridges = Bridge.objects.select_related("unit").order_by("-is_main", "unit__code")
        assert [(b.is_main, b.unit.name_vi, b.unit.valid_until) for b in bridges] == [
            (True, "Hà Nội", UNTIL),
            (False, "Hải Phòng", UNTIL),
            (False, "Sóc Trăng", UNTIL),
        ]
        assert bridges[0].name_vi == "Điểm cầu Trụ sở Chính phủ"

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

    def test_no_awards_are_invented(self):
        assert not Award.objects.exists()

    # Running again

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
        assert "Bridges: 3 created, 0 updated" in output
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
