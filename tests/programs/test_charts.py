"""The server-drawn charts: time to scale, targets, projections, the latest value labelled."""

import datetime
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation

from programs import charts

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date


@pytest.fixture(autouse=True)
def _vietnamese():
    with translation.override("vi"):
        yield


def draw(points, goals=(), name="Việt Nam"):
    markup = charts.time_chart(
        [charts.Series(name, points)],
        chart_id="c",
        title="Tiêu đề",
        description="Mô tả",
        goals=goals,
    )
    return ElementTree.fromstring(str(markup))  # noqa: S314 - our own markup


def xs(svg):
    return [float(circle.get("cx")) for circle in svg.iter(f"{SVG}circle")]


class TestTimeScale:
    def test_dates_stand_at_their_true_distance(self):
        svg = draw(
            [
                charts.Point(D(2020, 12, 31), Decimal(10)),
                charts.Point(D(2021, 12, 31), Decimal(20)),
                charts.Point(D(2025, 12, 31), Decimal(30)),
            ]
        )
        first, second, third = xs(svg)
        assert (third - second) == pytest.approx(4 * (second - first), rel=0.01)

    def test_scale_maps_the_ends_to_the_plot_edges(self):
        x = charts.time_scale(D(2021, 1, 1), D(2025, 1, 1), 40, 400)
        assert x(D(2021, 1, 1)) == 40
        assert x(D(2025, 1, 1)) == 440
        assert x(D(2023, 1, 1)) == pytest.approx(240, abs=0.5)

    def test_years_are_labelled_on_1_january(self):
        assert charts.time_ticks(D(2020, 6, 30), D(2023, 6, 30)) == [
            D(2021, 1, 1),
            D(2022, 1, 1),
            D(2023, 1, 1),
        ]

    def test_a_span_without_two_new_years_labels_its_ends(self):
        assert charts.time_ticks(D(2025, 1, 31), D(2025, 6, 30)) == [D(2025, 1, 31), D(2025, 6, 30)]

    def test_many_years_keep_few_labels(self):
        assert len(charts.time_ticks(D(2000, 1, 1), D(2030, 1, 1))) <= 5

    def test_the_latest_point_lies_inside_the_drawing(self):
        svg = draw(
            [charts.Point(D(2021, 1, 1), Decimal(1)), charts.Point(D(2025, 6, 30), Decimal(2))]
        )
        width = float(svg.get("viewBox").split()[2])
        assert max(xs(svg)) < width
        latest = next(t for t in svg.iter(f"{SVG}text") if t.get("class") == "latest")
        assert latest.get("text-anchor") == "end"  # its label runs left, not off the edge
        assert latest.text == "2"


class TestTargets:
    def test_a_target_is_a_dashed_line_at_its_value(self):
        points = [
            charts.Point(D(2021, 1, 1), Decimal(0)),
            charts.Point(D(2025, 1, 1), Decimal(100)),
        ]
        svg = draw(points, goals=[charts.Goal("mục tiêu 2025: 50", Decimal(50))])
        (line,) = [el for el in svg.iter(f"{SVG}line") if el.get("class") == "target"]
        assert line.get("stroke-dasharray")
        circles = list(svg.iter(f"{SVG}circle"))
        low, high = float(circles[0].get("cy")), float(circles[1].get("cy"))
        assert float(line.get("y1")) == pytest.approx((low + high) / 2, abs=0.5)
        assert any(t.text == "mục tiêu 2025: 50" for t in svg.iter(f"{SVG}text"))

    def test_a_target_range_is_a_band(self):
        points = [charts.Point(D(2021, 1, 1), Decimal(1)), charts.Point(D(2025, 1, 1), Decimal(3))]
        svg = draw(points, goals=[charts.Goal("17–19", Decimal(17), Decimal(19))])
        (band,) = [el for el in svg.iter(f"{SVG}rect") if el.get("class") == "target"]
        assert float(band.get("height")) > 0

    def test_a_target_above_every_figure_stays_on_the_chart(self):
        points = [charts.Point(D(2021, 1, 1), Decimal(1)), charts.Point(D(2025, 1, 1), Decimal(3))]
        svg = draw(points, goals=[charts.Goal("100", Decimal(100))])
        (line,) = [el for el in svg.iter(f"{SVG}line") if el.get("class") == "target"]
        assert float(line.get("y1")) >= 0


class TestProjections:
    @pytest.fixture
    def svg(self):
        return draw(
            [
                charts.Point(D(2023, 12, 31), Decimal(10)),
                charts.Point(D(2024, 12, 31), Decimal(20)),
                charts.Point(D(2025, 12, 31), Decimal(30), projection=True),
            ]
        )

    def test_projections_are_dashed_on_from_the_last_reported_figure(self, svg):
        lines = {el.get("class"): el for el in svg.iter(f"{SVG}polyline")}
        assert not lines["series"].get("stroke-dasharray")
        assert lines["projection"].get("stroke-dasharray")
        assert len(lines["series"].get("points").split()) == 2
        assert len(lines["projection"].get("points").split()) == 2  # 2024 to 2025

    def test_a_projected_point_is_hollow_and_labelled(self, svg):
        last = list(svg.iter(f"{SVG}circle"))[-1]
        assert last.get("fill") == "#fff"
        assert "dự kiến" in last.find(f"{SVG}title").text
        latest = next(t for t in svg.iter(f"{SVG}text") if t.get("class") == "latest")
        assert latest.text == "30 (dự kiến)"

    def test_the_legend_explains_the_dashes(self, svg):
        assert any(t.text == "dự kiến" for t in svg.iter(f"{SVG}text"))

    def test_a_series_without_projections_has_no_dashed_part(self):
        svg = draw(
            [charts.Point(D(2023, 1, 1), Decimal(1)), charts.Point(D(2024, 1, 1), Decimal(2))]
        )
        assert [el.get("class") for el in svg.iter(f"{SVG}polyline")] == ["series"]


def test_no_figures_draw_no_chart():
    assert charts.time_chart([], chart_id="c", title="t", description="d") == ""
