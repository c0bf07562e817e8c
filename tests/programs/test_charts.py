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


# The official codes of the 34 provinces since 1 July 2025 and of the 63 before.
CODES_34 = set(
    "01 04 08 11 12 14 15 19 20 22 24 25 31 33 37 38 40 42 44 46 48 51 52 56 66 68 75 79 80 82 "
    "86 91 92 96".split()
)
CODES_63 = set(
    "01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45 "
    "46 48 49 51 52 54 56 58 60 62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 "
    "94 95 96".split()
)


class TestTileMapPlacement:
    @pytest.mark.parametrize(
        ("layout", "codes"), [(charts.TILES_34, CODES_34), (charts.TILES_63, CODES_63)]
    )
    def test_every_unit_has_one_tile_and_no_two_overlap(self, layout, codes):
        assert len(codes) in {34, 63}
        assert set(layout) == codes
        assert len(set(layout.values())) == len(layout)

    def test_the_north_is_above_the_south(self):
        hanoi, hcm, ca_mau = (charts.TILES_34[code] for code in ("01", "79", "96"))
        assert hanoi[1] < hcm[1] < ca_mau[1]


class TestTileMap:
    @pytest.fixture
    def svg(self):
        tiles = [
            charts.Tile("01", "Hà Nội", "/provinces/ha-noi/", Decimal(10)),
            charts.Tile("79", "Hồ Chí Minh", "/provinces/ho-chi-minh/", Decimal(50)),
            charts.Tile("96", "Cà Mau", "/provinces/ca-mau/"),
        ]
        markup = charts.tile_map(
            tiles, charts.TILES_34, chart_id="m", title="Bản đồ", description="Mô tả"
        )
        return ElementTree.fromstring(str(markup))  # noqa: S314 - our own markup

    def test_each_tile_links_to_its_province(self, svg):
        links = [a.get("href") for a in svg.iter(f"{SVG}a")]
        assert links == ["/provinces/ha-noi/", "/provinces/ho-chi-minh/", "/provinces/ca-mau/"]

    def test_higher_values_are_darker_and_no_data_stands_apart(self, svg):
        fills = [a.find(f"{SVG}rect").get("fill") for a in svg.iter(f"{SVG}a")]
        assert fills[0] == charts.SHADES[0]
        assert fills[1] == charts.SHADES[-1]
        assert fills[2] == charts.NO_DATA and charts.NO_DATA not in charts.SHADES

    def test_the_legend_names_no_data(self, svg):
        texts = [t.text for t in svg.iter(f"{SVG}text")]
        assert "không có số liệu" in texts

    def test_a_long_name_takes_two_lines(self):
        assert "<tspan" in str(charts._tile_name("Thành phố Hồ Chí Minh", 10))
        assert charts._tile_name("Hà Nội", 10) == "Hà Nội"


class TestLabelsInAnotherLanguage:
    """A label in another language than the page's (an untranslated name) carries its lang;
    the others carry none."""

    def test_a_series_name_in_vietnamese_is_marked_in_the_legend(self):
        points = [charts.Point(D(2023, 1, 1), Decimal(1)), charts.Point(D(2024, 1, 1), Decimal(2))]
        markup = charts.time_chart(
            [charts.Series("Sóc Trăng", points, lang="vi"), charts.Series("Can Tho", points)],
            chart_id="c",
            title="t",
            description="d",
        )
        svg = ElementTree.fromstring(str(markup))  # noqa: S314 - our own markup
        legend = {t.text: t.get("lang") for t in svg.iter(f"{SVG}text")}
        assert legend["Sóc Trăng"] == "vi"
        assert legend["Can Tho"] is None

    def test_a_bar_label_and_a_tile_name_in_vietnamese_are_marked(self):
        bars = charts.bar_chart(
            [("Cần Thơ", Decimal(5), "vi"), ("Ha Noi", Decimal(3))],
            chart_id="b",
            title="t",
            description="d",
        )
        labels = {
            t.text: t.get("lang")
            for t in ElementTree.fromstring(str(bars)).iter(f"{SVG}text")  # noqa: S314
        }
        assert labels["Cần Thơ"] == "vi" and labels["Ha Noi"] is None
        tiles = charts.tile_map(
            [charts.Tile("92", "Cần Thơ", "/provinces/can-tho/", Decimal(5), lang="vi")],
            charts.TILES_34,
            chart_id="m",
            title="t",
            description="d",
        )
        names = {
            t.text: t.get("lang")
            for t in ElementTree.fromstring(str(tiles)).iter(f"{SVG}text")  # noqa: S314
        }
        assert names["Cần Thơ"] == "vi"
