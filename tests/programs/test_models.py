import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.urls import set_script_prefix
from django.utils import timezone, translation

from programs.models import (
    NOTE_MAX_LENGTH,
    AdministrativeUnit,
    Indicator,
    IndicatorValue,
    Progress,
    Target,
)
from tests.factories import (
    CommuneFactory,
    DocumentFactory,
    FormerProvinceFactory,
    IndicatorFactory,
    IndicatorValueFactory,
    NationFactory,
    ProgramFactory,
    ProvinceFactory,
    TargetFactory,
)

pytestmark = pytest.mark.django_db

JUNE_2024 = datetime.date(2024, 6, 30)
JUNE_2025 = datetime.date(2025, 6, 30)
DEC_2025 = datetime.date(2025, 12, 31)


def errors_of(obj):
    with pytest.raises(ValidationError) as raised:
        obj.full_clean()
    return raised.value.message_dict


def build_value(**kwargs):
    """An unsaved value, for the nation unless told otherwise."""
    kwargs.setdefault("unit", NationFactory())
    return IndicatorValueFactory.build(**kwargs)


class TestIndicatorValueValidation:
    @pytest.fixture(autouse=True)
    def _english_messages(self):
        with translation.override("en"):
            yield

    def test_a_share_of_communes_is_valid(self):
        value = build_value(
            indicator=IndicatorFactory(), value=6084, numerator=6084, denominator=7669
        )
        value.full_clean()
        assert value.share == Decimal("79.3")

    def test_numerator_above_denominator_is_rejected(self):
        value = build_value(indicator=IndicatorFactory(), numerator=8000, denominator=7669)
        assert "numerator" in errors_of(value)

    def test_numerator_needs_a_denominator(self):
        value = build_value(indicator=IndicatorFactory(), numerator=10)
        assert "denominator" in errors_of(value)

    def test_zero_denominator_is_rejected(self):
        value = build_value(indicator=IndicatorFactory(), numerator=0, denominator=0)
        assert "denominator" in errors_of(value)

    @pytest.mark.parametrize("bad", [Decimal("-0.1"), Decimal("100.01")])
    def test_percent_outside_0_to_100_is_rejected(self, bad):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        assert "value" in errors_of(build_value(indicator=indicator, value=bad))

    @pytest.mark.parametrize("good", [Decimal("0"), Decimal("1.93"), Decimal("100")])
    def test_percent_inside_0_to_100_is_accepted(self, good):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        build_value(indicator=indicator, value=good).full_clean()

    def test_negative_count_is_rejected(self):
        value = build_value(indicator=IndicatorFactory(), value=-1)
        assert "value" in errors_of(value)

    def test_percent_value_may_carry_its_counts(self):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        value = build_value(indicator=indicator, value="79.3", numerator=6084, denominator=7669)
        value.full_clean()

    def test_negative_numerator_is_rejected(self):
        value = build_value(indicator=IndicatorFactory(), numerator=-1, denominator=10)
        assert "numerator" in errors_of(value)

    def test_negative_change_in_points_is_accepted(self):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENTAGE_POINTS)
        build_value(indicator=indicator, value=Decimal("-1.03")).full_clean()

    def test_unit_of_a_level_the_indicator_does_not_cover_is_rejected(self):
        indicator = IndicatorFactory(at_commune=False)
        commune = CommuneFactory()
        value = build_value(
            indicator=indicator, unit=commune, period_start=DEC_2025, period_end=DEC_2025
        )
        assert "not reported at the commune level" in errors_of(value)["unit"][0]

    def test_current_province_before_1_july_2025_is_rejected(self):
        value = build_value(
            indicator=IndicatorFactory(), unit=ProvinceFactory(), period_end=JUNE_2024
        )
        value.period_start = JUNE_2024
        assert "did not exist" in errors_of(value)["unit"][0]

    def test_former_province_after_30_june_2025_is_rejected(self):
        value = build_value(
            indicator=IndicatorFactory(),
            unit=FormerProvinceFactory(),
            period_start=DEC_2025,
            period_end=DEC_2025,
        )
        assert "did not exist" in errors_of(value)["unit"][0]

    def test_former_province_on_its_last_day_is_accepted(self):
        build_value(indicator=IndicatorFactory(), unit=FormerProvinceFactory()).full_clean()

    def test_period_ending_before_it_starts_is_rejected(self):
        value = build_value(
            indicator=IndicatorFactory(), period_start=DEC_2025, period_end=JUNE_2025
        )
        assert "period_end" in errors_of(value)

    def test_one_value_per_indicator_unit_and_period(self):
        first = IndicatorValueFactory()
        duplicate = build_value(indicator=first.indicator, unit=first.unit)
        assert "__all__" in errors_of(duplicate)
        with pytest.raises(IntegrityError):
            duplicate.save()

    def test_a_figure_needs_its_source(self):
        value = build_value(indicator=IndicatorFactory(), source_url="")
        assert "source_url" in errors_of(value)


class TestProgress:
    def progress_of(self, value, target, higher_is_better=True):
        indicator = IndicatorFactory(higher_is_better=higher_is_better)
        IndicatorValueFactory(indicator=indicator, value=value)
        comparator = "at_least" if higher_is_better else "at_most"
        TargetFactory(indicator=indicator, value=target, comparator=comparator)
        return IndicatorValue.objects.with_target().get(indicator=indicator).progress

    def test_value_below_a_higher_is_better_target_is_behind(self):
        assert self.progress_of(5000, 6000) == Progress.BEHIND

    def test_value_equal_to_target_is_met(self):
        assert self.progress_of(6000, 6000) == Progress.MET

    def test_value_above_a_higher_is_better_target_exceeds_it(self):
        assert self.progress_of(6084, 6000) == Progress.EXCEEDED

    def test_lower_is_better_reverses_the_comparison(self):
        assert self.progress_of(1.93, 3, higher_is_better=False) == Progress.EXCEEDED
        assert self.progress_of(4, 3, higher_is_better=False) == Progress.BEHIND

    def test_value_outside_every_target_period_has_no_progress(self):
        indicator = IndicatorFactory()
        IndicatorValueFactory(indicator=indicator)
        TargetFactory(indicator=indicator, period_start=DEC_2025, period_end=DEC_2025)
        assert IndicatorValue.objects.with_target().get().progress is None

    def test_target_of_another_unit_does_not_count(self):
        indicator = IndicatorFactory()
        IndicatorValueFactory(indicator=indicator)
        TargetFactory(indicator=indicator, unit=ProvinceFactory(), period_end=DEC_2025)
        assert IndicatorValue.objects.with_target().get().progress is None

    def test_target_percent_outside_0_to_100_is_rejected(self):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT)
        target = TargetFactory.build(indicator=indicator, value=120, document=DocumentFactory())
        assert "value" in errors_of(target)


class TestAdministrativeUnits:
    def test_level_follows_kind(self):
        assert NationFactory().level == "nation"
        assert ProvinceFactory(kind=AdministrativeUnit.Kind.CITY).level == "province"
        commune = CommuneFactory(kind=AdministrativeUnit.Kind.SPECIAL_ZONE)
        commune.refresh_from_db()
        assert commune.level == "commune"

    def test_a_reused_code_names_two_units_told_apart_by_their_structure(self):
        gia_lai = ProvinceFactory(code="52", name_vi="Gia Lai")
        binh_dinh = FormerProvinceFactory(code="52", name_vi="Bình Định", successor=gia_lai)
        assert binh_dinh.successor == gia_lai
        units = AdministrativeUnit.objects.filter(code="52")
        assert units.current().get() == gia_lai
        assert units.former().get() == binh_dinh
        assert units.in_force_on(JUNE_2025).get() == binh_dinh
        assert units.in_force_on(DEC_2025).get() == gia_lai

    def test_two_current_units_cannot_share_a_code(self):
        ProvinceFactory(code="92")
        with pytest.raises(IntegrityError):
            ProvinceFactory(code="92")

    def test_slug_is_made_from_the_vietnamese_name(self):
        assert FormerProvinceFactory(name_vi="Sóc Trăng").slug == "soc-trang"

    def test_a_former_and_a_current_unit_may_share_a_slug(self):
        ha_noi = ProvinceFactory(name_vi="Hà Nội")
        FormerProvinceFactory(name_vi="Hà Nội", successor=ha_noi)
        assert AdministrativeUnit.objects.filter(slug="ha-noi").count() == 2

    def test_values_of_a_unit_and_its_predecessors(self):
        can_tho = ProvinceFactory(name_vi="Cần Thơ")
        soc_trang = FormerProvinceFactory(name_vi="Sóc Trăng", successor=can_tho)
        elsewhere = FormerProvinceFactory()
        indicator = IndicatorFactory()
        mine = [
            IndicatorValueFactory(indicator=indicator, unit=soc_trang),
            IndicatorValueFactory(
                indicator=indicator, unit=can_tho, period_start=DEC_2025, period_end=DEC_2025
            ),
        ]
        IndicatorValueFactory(indicator=indicator, unit=elsewhere)
        found = IndicatorValue.objects.for_unit_and_predecessors(can_tho)
        assert set(found) == set(mine)

    def test_unit_cannot_end_before_it_begins(self):
        unit = ProvinceFactory.build(
            parent=NationFactory(), valid_from=DEC_2025, valid_until=JUNE_2025
        )
        assert "valid_until" in errors_of(unit)


class TestLatestPerIndicator:
    @pytest.fixture
    def province(self):
        can_tho = ProvinceFactory(name_vi="Cần Thơ")
        self.soc_trang = FormerProvinceFactory(name_vi="Sóc Trăng", successor=can_tho)
        self.hau_giang = FormerProvinceFactory(name_vi="Hậu Giang", successor=can_tho)
        return can_tho

    def value(self, indicator, unit, end, **kwargs):
        return IndicatorValueFactory(
            indicator=indicator, unit=unit, period_start=end, period_end=end, **kwargs
        )

    def latest(self, province):
        values = IndicatorValue.objects.published().for_unit_and_predecessors(province)
        return set(values.latest_per_indicator())

    def test_the_latest_period_of_any_unit_wins(self, province):
        indicator = IndicatorFactory()
        self.value(indicator, self.soc_trang, JUNE_2024)
        self.value(indicator, self.soc_trang, JUNE_2025)
        newest = self.value(indicator, province, DEC_2025)
        assert self.latest(province) == {newest}

    def test_units_sharing_the_latest_period_all_count(self, province):
        indicator = IndicatorFactory()
        self.value(indicator, self.soc_trang, JUNE_2024)
        both = {
            self.value(indicator, self.soc_trang, JUNE_2025),
            self.value(indicator, self.hau_giang, JUNE_2025),
        }
        assert self.latest(province) == both

    def test_each_indicator_has_its_own_latest_period(self, province):
        older, newer = IndicatorFactory(), IndicatorFactory()
        kept = {self.value(older, self.soc_trang, JUNE_2024), self.value(newer, province, DEC_2025)}
        self.value(newer, self.soc_trang, JUNE_2025)
        assert self.latest(province) == kept

    def test_a_later_draft_does_not_hide_the_published_figure(self, province):
        indicator = IndicatorFactory()
        published = self.value(indicator, self.soc_trang, JUNE_2025)
        self.value(indicator, province, DEC_2025, status=IndicatorValue.Status.DRAFT)
        assert self.latest(province) == {published}


class TestPrograms:
    def test_successor_program_sees_the_figures_of_the_programs_it_succeeds(self):
        ntm, poverty, unrelated = ProgramFactory(), ProgramFactory(), ProgramFactory()
        single = ProgramFactory(start_year=2026, end_year=2035)
        single.succeeds.set([ntm, poverty])
        kept = [
            IndicatorValueFactory(indicator=IndicatorFactory(program=program))
            for program in (ntm, poverty, single)
        ]
        IndicatorValueFactory(indicator=IndicatorFactory(program=unrelated))
        assert set(IndicatorValue.objects.for_program(single)) == set(kept)
        assert set(IndicatorValue.objects.for_program(ntm)) == {kept[0]}

    def test_program_years_must_be_in_order(self):
        program = ProgramFactory.build(start_year=2025, end_year=2021)
        assert "end_year" in errors_of(program)

    def test_document_cannot_take_effect_before_it_is_issued(self):
        document = DocumentFactory.build(effective_on=datetime.date(2020, 1, 1))
        assert "effective_on" in errors_of(document)

    def test_document_slug_is_ascii(self):
        assert DocumentFactory(number="263/QĐ-TTg").slug == "263-qd-ttg"


def test_published_values_exclude_drafts():
    shown = IndicatorValueFactory()
    IndicatorValueFactory(
        indicator=shown.indicator, period_start=JUNE_2024, period_end=JUNE_2024, status="draft"
    )
    assert list(IndicatorValue.objects.published()) == [shown]


def test_a_taken_slug_gets_a_number():
    first = DocumentFactory(number="1/QĐ-TTg", issuer="Thủ tướng Chính phủ")
    second = DocumentFactory(number="1/QĐ-TTg", issuer="Bộ Nội vụ")
    assert (first.slug, second.slug) == ("1-qd-ttg", "1-qd-ttg-2")


class TestDocumentFiles:
    def document_with(self, name, content):
        from django.core.files.uploadedfile import SimpleUploadedFile

        return DocumentFactory.build(file=SimpleUploadedFile(name, content))

    def test_a_pdf_is_accepted(self):
        self.document_with("263.pdf", b"%PDF-1.7\n...").full_clean()

    def test_a_script_named_pdf_is_refused(self):
        document = self.document_with("263.pdf", b"<script>alert(1)</script>")
        assert "file" in errors_of(document)

    def test_a_file_over_20_mb_is_refused(self):
        document = self.document_with("big.pdf", b"%PDF-" + b"0" * (20 * 1024 * 1024))
        assert "file" in errors_of(document)


class TestPlausibility:
    """Each rule: a clear message on the field, and nothing saved."""

    @pytest.fixture(autouse=True)
    def _english_messages(self):
        with translation.override("en"):
            yield

    def rejected(self, field, **kwargs):
        value = build_value(**kwargs)
        errors = errors_of(value)
        assert field in errors, errors
        assert not IndicatorValue.objects.filter(indicator=value.indicator).exists()
        return errors[field][0]

    def test_a_count_of_communes_is_a_whole_number(self):
        message = self.rejected("value", indicator=IndicatorFactory(), value=Decimal("6.084"))
        assert message == "A count of communes is a whole number."

    def test_a_count_in_the_vietnamese_admin_says_so_in_vietnamese(self):
        with translation.override("vi"):
            message = self.rejected("value", indicator=IndicatorFactory(), value=Decimal("6.5"))
        assert "số nguyên" in message

    def test_a_fractional_numerator_is_rejected(self):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        self.rejected("numerator", indicator=indicator, value=50, numerator="1.5", denominator=3)

    def test_a_share_that_disagrees_with_its_counts_is_rejected(self):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        message = self.rejected(
            "value", indicator=indicator, value="42.4", numerator=2567, denominator=6084
        )
        assert message == "2,567 of 6,084 is 42.19%, not 42.4%."

    @pytest.mark.parametrize("value", ["79.3", "79", "79.33"])
    def test_a_share_agrees_within_the_rounding_of_its_decimals(self, value):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        build_value(indicator=indicator, value=value, numerator=6084, denominator=7669).full_clean()

    def test_a_share_one_decimal_off_is_rejected(self):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        self.rejected("value", indicator=indicator, value="79.4", numerator=6084, denominator=7669)

    def test_a_count_with_a_numerator_is_the_numerator(self):
        self.rejected(
            "value", indicator=IndicatorFactory(), value=1200, numerator=80, denominator=100
        )

    def test_more_communes_than_the_province_has_is_rejected(self):
        province = ProvinceFactory(name_vi="Cần Thơ")
        CommuneFactory.create_batch(3, parent=province)
        message = self.rejected(
            "value",
            indicator=IndicatorFactory(),
            unit=province,
            value=4,
            period_start=DEC_2025,
            period_end=DEC_2025,
            source_date=DEC_2025,
        )
        assert message == "Cần Thơ had 3 communes, wards and special zones on 31 December 2025."

    def test_as_many_communes_as_the_province_has_is_accepted(self):
        province = ProvinceFactory()
        CommuneFactory.create_batch(3, parent=province)
        build_value(
            indicator=IndicatorFactory(),
            unit=province,
            value=3,
            period_start=DEC_2025,
            period_end=DEC_2025,
            source_date=DEC_2025,
        ).full_clean()

    def test_communes_of_a_former_province_are_not_counted_against_data_it_lacks(self):
        # The administrative data has no communes before 1 July 2025: the rule is skipped.
        build_value(
            indicator=IndicatorFactory(), unit=FormerProvinceFactory(), value=6084
        ).full_clean()

    def test_a_period_ending_after_today_is_rejected(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        message = self.rejected(
            "period_end",
            indicator=IndicatorFactory(),
            period_start=tomorrow,
            period_end=tomorrow,
            source_date=tomorrow,
        )
        assert "projection" in message

    def test_a_projection_may_end_after_today(self):
        later = timezone.localdate() + datetime.timedelta(days=400)
        build_value(
            indicator=IndicatorFactory(),
            value_status=IndicatorValue.ValueStatus.PROJECTION,
            period_start=later,
            period_end=later,
        ).full_clean()

    def test_a_source_dated_before_the_period_ends_is_rejected(self):
        self.rejected(
            "source_date",
            indicator=IndicatorFactory(),
            period_end=DEC_2025,
            source_date=JUNE_2025,
        )

    def test_a_projection_may_be_dated_before_its_period_ends(self):
        build_value(
            indicator=IndicatorFactory(),
            value_status=IndicatorValue.ValueStatus.PROJECTION,
            period_end=DEC_2025,
            source_date=JUNE_2025,
        ).full_clean()

    @pytest.mark.parametrize("language", ["vi", "en"])
    def test_a_note_too_long_is_rejected(self, language):
        note = {f"note_{language}": "x" * (NOTE_MAX_LENGTH + 1)}
        message = self.rejected(f"note_{language}", indicator=IndicatorFactory(), **note)
        assert str(NOTE_MAX_LENGTH) in message

    def test_a_note_at_the_limit_is_accepted(self):
        note = "x" * NOTE_MAX_LENGTH
        build_value(indicator=IndicatorFactory(), note_vi=note, note_en=note).full_clean()

    def test_the_upper_end_of_a_range_cannot_be_below_its_lower_end(self):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        self.rejected("value_high", indicator=indicator, value=10, value_high=5)

    def test_a_range_is_stored_with_both_ends(self):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        value = IndicatorValueFactory(indicator=indicator, value=5, value_high=10)
        value.full_clean()
        assert (value.value, value.value_high) == (5, 10)

    def test_an_unknown_qualifier_is_rejected(self):
        self.rejected("qualifier", indicator=IndicatorFactory(), qualifier="roughly")

    def test_an_unknown_kind_of_figure_is_rejected(self):
        self.rejected("value_status", indicator=IndicatorFactory(), value_status="guess")

    def test_a_figure_is_reported_unless_told_otherwise(self):
        assert IndicatorValueFactory().value_status == IndicatorValue.ValueStatus.REPORTED


class TestTargetAssessment:
    """Progress against each comparator and range, at each edge."""

    def assess(self, value, comparator, low, high=None, higher_is_better=True):
        return Target.assess(
            Decimal(str(value)),
            comparator,
            Decimal(str(low)),
            None if high is None else Decimal(str(high)),
            higher_is_better,
        )

    @pytest.mark.parametrize(
        ("value", "progress"),
        [("0.99", "behind"), ("1", "met"), ("1.03", "met"), ("1.5", "met"), ("1.51", "exceeded")],
    )
    def test_a_range_is_met_inside_and_at_its_ends(self, value, progress):
        assert self.assess(value, "exactly", 1, "1.5") == progress

    @pytest.mark.parametrize(
        ("value", "progress"), [(16, "behind"), (17, "met"), (19, "met"), (20, "exceeded")]
    )
    def test_about_17_to_19_provinces(self, value, progress):
        assert self.assess(value, "about", 17, 19) == progress

    @pytest.mark.parametrize(
        ("value", "progress"),
        [("37.9", "behind"), ("38", "met"), ("42", "met"), ("42.4", "exceeded")],
    )
    def test_about_40_percent_is_met_within_the_default_tolerance(self, value, progress):
        assert Target.ABOUT_TOLERANCE == Decimal("0.05")
        assert self.assess(value, "about", 40) == progress

    @pytest.mark.parametrize(
        ("value", "progress"), [("79.3", "behind"), (80, "met"), ("80.1", "exceeded")]
    )
    def test_at_least_80(self, value, progress):
        assert self.assess(value, "at_least", 80) == progress

    @pytest.mark.parametrize(
        ("value", "progress"), [(3, "behind"), ("3.01", "exceeded"), ("4.45", "exceeded")]
    )
    def test_more_than_3_is_not_met_at_3(self, value, progress):
        assert self.assess(value, "more_than", 3) == progress

    @pytest.mark.parametrize(
        ("value", "progress"), [("3.1", "behind"), (3, "met"), ("1.93", "exceeded")]
    )
    def test_at_most_3(self, value, progress):
        assert self.assess(value, "at_most", 3, higher_is_better=False) == progress

    @pytest.mark.parametrize(("value", "progress"), [(3, "behind"), ("2.9", "exceeded")])
    def test_less_than_3_is_not_met_at_3(self, value, progress):
        assert self.assess(value, "less_than", 3, higher_is_better=False) == progress

    def test_a_range_of_a_lower_is_better_indicator_is_exceeded_below_it(self):
        assert self.assess(2, "exactly", 3, 4, higher_is_better=False) == "exceeded"
        assert self.assess(5, "exactly", 3, 4, higher_is_better=False) == "behind"

    def test_a_range_needs_about_or_exactly(self):
        target = TargetFactory.build(
            indicator=IndicatorFactory(),
            unit=NationFactory(),
            document=DocumentFactory(),
            comparator="at_least",
            value=17,
            value_high=19,
        )
        assert "comparator" in errors_of(target)

    def test_a_target_range_cannot_run_backwards(self):
        target = TargetFactory.build(
            indicator=IndicatorFactory(),
            unit=NationFactory(),
            document=DocumentFactory(),
            comparator="about",
            value=19,
            value_high=17,
        )
        assert "value_high" in errors_of(target)

    def test_a_fractional_count_target_is_rejected(self):
        target = TargetFactory.build(
            indicator=IndicatorFactory(measure=Indicator.Measure.PROVINCES),
            unit=NationFactory(),
            document=DocumentFactory(),
            value="17.5",
        )
        assert "value" in errors_of(target)


class TestProjectedProgress:
    def figure(self, value, value_status):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENT, additive=False)
        IndicatorValueFactory(indicator=indicator, value=value, value_status=value_status)
        TargetFactory(indicator=indicator, value=50)
        return IndicatorValue.objects.with_target().get(indicator=indicator)

    def test_a_projection_is_on_course_never_met(self):
        with translation.override("en"):
            figure = self.figure("52.49", IndicatorValue.ValueStatus.PROJECTION)
            assert figure.progress == Progress.EXCEEDED
            assert figure.progress_label == "on course to exceed the target"

    def test_a_projection_behind_is_not_on_course(self):
        with translation.override("en"):
            figure = self.figure(40, IndicatorValue.ValueStatus.PROJECTION)
            assert figure.progress_label == "not on course to meet the target"

    def test_a_reported_figure_says_met(self):
        with translation.override("en"):
            assert self.figure(50, IndicatorValue.ValueStatus.REPORTED).progress_label == (
                "target met"
            )

    def test_the_target_range_reaches_the_figure(self):
        indicator = IndicatorFactory(measure=Indicator.Measure.PERCENTAGE_POINTS)
        IndicatorValueFactory(indicator=indicator, value="1.03")
        TargetFactory(indicator=indicator, comparator="exactly", value=1, value_high="1.5")
        figure = IndicatorValue.objects.with_target().get(indicator=indicator)
        assert figure.progress == Progress.MET


def test_a_figure_without_its_numbers_is_cleaned_without_a_crash():
    province = ProvinceFactory()
    CommuneFactory(parent=province)
    value = build_value(
        indicator=IndicatorFactory(), unit=province, value=None, period_end=DEC_2025
    )
    assert "value" in errors_of(value)


def test_a_table_of_figures_keeps_the_order_of_the_figures_columns():
    columns = IndicatorValue.columns(unit=["unit_code", "unit_name"], drop={"note"})
    assert columns[:4] == ["indicator", "unit_code", "unit_name", "period_start"]
    assert "note" not in columns and columns[-1] == "source_date"


def test_a_column_a_figure_does_not_have_is_refused():
    with pytest.raises(ValueError, match="colour"):
        IndicatorValue.columns(drop={"colour"})


def test_a_provinces_address_carries_the_language_and_the_script_prefix():
    province = ProvinceFactory(name_vi="Sóc Trăng")
    with translation.override("en"):
        assert province.get_absolute_url() == f"/en/provinces/{province.slug}/"
    set_script_prefix("/cong-thong-tin/")
    try:
        with translation.override("vi"):
            assert province.get_absolute_url() == f"/cong-thong-tin/provinces/{province.slug}/"
    finally:
        set_script_prefix("/")
