"""programs/templatetags/programs_tags.py: figures as pages show them."""

import datetime
from decimal import Decimal

from django.utils import translation
from django.utils.formats import date_format

from programs.templatetags.programs_tags import (
    numbered_notes,
    progress_scale,
    sourced_figure,
    target_label,
)
from tests.factories import IndicatorValueFactory


def figure(**kwargs):
    return IndicatorValueFactory.build(
        value=Decimal("6084.0000"),
        source_publisher="Báo <Hải Phòng>",
        source_url="https://example.gov.vn/bao-cao?nam=2025&ky=6",
        source_date=datetime.date(2025, 7, 1),
        **kwargs,
    )


def test_a_figure_links_to_its_source_named_in_its_title():
    with translation.override("vi"):
        html = sourced_figure(figure())
    assert html == (
        '<a class="figure" href="https://example.gov.vn/bao-cao?nam=2025&amp;ky=6" rel="external" '
        'title="Nguồn: Báo &lt;Hải Phòng&gt;, 1/7/2025">6.084</a>'
    )


def test_a_counted_share_shows_its_parts_and_percentage_in_the_language():
    value = figure(numerator=Decimal("6084"), denominator=Decimal("7669"))
    with translation.override("en"):
        html = sourced_figure(value)
    assert html.endswith('>6,084</a> <span class="ratio">(6,084 / 7,669 = 79.3%)</span>')


def test_a_qualified_range_says_so_before_the_number():
    value = figure(qualifier="about", value_high=Decimal("10"))
    value.value = Decimal("5")
    with translation.override("vi"):
        html = sourced_figure(value)
    assert html.startswith("khoảng <a ")
    assert ">5–10</a>" in html


def test_a_projection_says_expected_with_its_date():
    end = datetime.date(2025, 12, 31)
    value = figure(value_status="projection", period_end=end)
    with translation.override("vi"):
        assert f"dự kiến đến {date_format(end)}" in sourced_figure(value)
    with translation.override("en"):
        assert f"expected by {date_format(end)}" in sourced_figure(value)


def test_a_reported_figure_carries_no_status_label():
    assert "figure-status" not in sourced_figure(figure())


def test_an_estimate_says_so():
    with translation.override("vi"):
        assert "ước tính" in sourced_figure(figure(value_status="estimate"))


def test_a_note_shows_in_the_language_under_the_figure_without_a_table():
    value = figure(note_vi="Ghi chú <b>", note_en="A note")
    with translation.override("vi"):
        assert '<span class="figure-note">Ghi chú &lt;b&gt;</span>' in sourced_figure(value)
    with translation.override("en"):
        assert '<span class="figure-note">A note</span>' in sourced_figure(value)


def test_notes_of_a_table_are_numbered_markers_pointing_below_it():
    values = [figure(note_vi="Một"), figure(), figure(note_vi="Hai")]
    with translation.override("vi"):
        noted = numbered_notes(values, "ntm")
        html = [sourced_figure(value) for value in values]
    assert [value.note for value in noted] == ["Một", "Hai"]
    assert html[0].endswith('<sup class="note-ref"><a href="#ntm-note-1">1</a></sup>')
    assert "note-ref" not in html[1]
    assert html[2].endswith('<a href="#ntm-note-2">2</a></sup>')
    assert "figure-note" not in html[0]


def annotated(value, target, comparator="at_least", high=None, higher_is_better=True):
    figure_ = IndicatorValueFactory.build(value=Decimal(value))
    figure_.indicator.higher_is_better = higher_is_better
    figure_.target_value = Decimal(target)
    figure_.target_comparator = comparator
    figure_.target_value_high = None if high is None else Decimal(high)
    return figure_


def test_79_3_of_80_stops_short_of_the_target_marker():
    scale = progress_scale(annotated("79.3", "80"))
    assert (scale["value"], scale["target"]) == ("90.1", "90.9")


def test_the_bar_scale_reaches_past_the_target_so_exceeding_shows():
    scale = progress_scale(annotated("42.4", "40", "about"))
    assert float(scale["target"]) < float(scale["value"]) < 100
    assert scale["maximum"] == Decimal("47")


def test_a_target_range_shows_as_a_band():
    scale = progress_scale(annotated("12", "17", "about", "19"))
    assert float(scale["band"]) > 0


def test_lower_is_better_figures_have_no_bar_scale():
    assert progress_scale(annotated("1.93", "3", "at_most", higher_is_better=False)) is None


def test_a_target_reads_as_the_document_sets_it():
    with translation.override("vi"):
        assert target_label(annotated("12", "17", "about", "19")) == "khoảng 17–19"
    with translation.override("en"):
        assert target_label(annotated("79.3", "80")) == "at least 80"
