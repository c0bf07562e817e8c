"""Charts as SVG markup made on the server: visible without JavaScript, with a <title> and <desc>
for screen readers. Pages show every chart next to a table of its numbers and a CSV link.

Time runs to scale: two figures a year apart stand four times closer than two four years apart.
Targets are drawn as a dashed line (or a band for a range), projections as a dashed line with
hollow markers, and the latest figure of each series carries its value.
"""

import datetime
import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from .templatetags.programs_tags import figure

WIDTH = 640
FONT = 14
# The time chart is narrow, so that it fits a 360 px phone whole, its text still legible.
TIME_WIDTH, TIME_HEIGHT, TIME_FONT = 440, 250, 13
# Colour-blind safe hues; each series also gets its own dash pattern and marker size.
COLOURS = ["#0b6b3a", "#1f5fa8", "#b5500b", "#7a3fa0", "#6b6b00", "#a0193c"]
DASHES = ["", "7 4", "2 3", "10 3 2 3", "1 5", "4 2"]
TARGET_COLOUR = "#8a4b00"
PROJECTION_DASH = "5 4"


@dataclass
class Point:
    when: datetime.date
    value: Decimal
    projection: bool = False


@dataclass
class Series:
    name: str
    points: list = field(default_factory=list)  # Points, oldest first
    lang: str = ""  # the name's language, when not the page's ("vi" for an untranslated name)


def _lang(lang):
    """The lang attribute of a label in another language than the page's, or nothing."""
    return format_html(' lang="{}"', lang) if lang else ""


@dataclass
class Goal:
    """A target: a value, or a band from `value` to `high`."""

    label: str
    value: Decimal
    high: Decimal | None = None


def time_scale(first, last, left, width):
    """date -> x: days at their true distance between `first` (x = left) and `last`."""
    span = (last - first).days

    def x(day):
        if span == 0:
            return round(left + width / 2, 1)
        return round(left + (day - first).days / span * width, 1)

    return x


def time_ticks(first, last, most=5):
    """The dates to label: each 1 January within the span (every n-th, to keep at most `most`),
    or the first and last dates when the span holds fewer than two new years."""
    years = [datetime.date(year, 1, 1) for year in range(first.year + 1, last.year + 1)]
    if len(years) < 2:
        return sorted({first, last})
    every = math.ceil(len(years) / most)
    return years[::every]


def _ticks(low, high, count=4):
    """Round tick values covering low..high, as Decimals."""
    low, high = Decimal(low), Decimal(high)
    if high == low:
        high = low + 1
    raw = (high - low) / count
    magnitude = Decimal(10) ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, Decimal("2.5"), 5, 10) if m * magnitude >= raw)
    tick = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    ticks = [tick]
    while tick < high:
        tick += step
        ticks.append(tick)
    return ticks


def _svg(chart_id, title, description, height, body, width=WIDTH, font=FONT, role="img"):
    """An image to screen readers, or a group for a map whose tiles are links."""
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="{}" '
        'aria-labelledby="{}-title {}-desc" font-size="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        width,
        height,
        role,
        chart_id,
        chart_id,
        font,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


def time_chart(series, *, chart_id, title, description, goals=()):
    """One line per series over time, to scale; `goals` drawn as target lines or bands."""
    values = [p.value for s in series for p in s.points]
    if not values:
        return ""
    goal_values = [v for goal in goals for v in (goal.value, goal.high) if v is not None]
    ticks = _ticks(min(0, *values, *goal_values), max(*values, *goal_values))
    low, high = float(ticks[0]), float(ticks[-1])
    left = max(36, 10 + 7 * max(len(figure(tick)) for tick in ticks))
    right, top, bottom = 12, 26, 28
    legend = _legend_rows(series) if len(series) > 1 or _any_projection(series) else []
    plot_bottom = TIME_HEIGHT - bottom
    height = TIME_HEIGHT + 20 * len(legend)
    days = [p.when for s in series for p in s.points]
    x = time_scale(min(days), max(days), left, TIME_WIDTH - left - right)

    def y(value):
        return round(plot_bottom - (float(value) - low) / (high - low) * (plot_bottom - top), 1)

    parts = [
        format_html(
            '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<text x="{}" y="{}" text-anchor="end" dy="4">{}</text>',
            left,
            TIME_WIDTH - right,
            y(tick),
            y(tick),
            left - 6,
            y(tick),
            figure(tick),
        )
        for tick in ticks
    ]
    for day in time_ticks(min(days), max(days)):
        px = x(day)
        anchor = "start" if px < left + 24 else "end" if px > TIME_WIDTH - right - 24 else "middle"
        label = str(day.year) if (day.month, day.day) == (1, 1) else _short_date(day)
        parts.append(
            format_html(
                '<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>'
                '<text x="{}" y="{}" text-anchor="{}">{}</text>',
                px,
                px,
                plot_bottom,
                plot_bottom + 4,
                px,
                plot_bottom + 18,
                anchor,
                label,
            )
        )
    for goal in goals:
        parts.append(_goal(goal, y, left, TIME_WIDTH - right))
    for number, s in enumerate(series):
        parts += _series_marks(s, number, x, y)
    for row, items in enumerate(legend):
        parts += [
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2.5" '
                'stroke-dasharray="{}"/><text x="{}" y="{}" dy="4"{}>{}</text>',
                offset,
                offset + 20,
                TIME_HEIGHT + 20 * row,
                TIME_HEIGHT + 20 * row,
                colour,
                dash,
                offset + 25,
                TIME_HEIGHT + 20 * row,
                _lang(lang),
                name,
            )
            for offset, colour, dash, name, lang in items
        ]
    return _svg(chart_id, title, description, height, _join(parts), TIME_WIDTH, TIME_FONT)


def _short_date(day):
    return date_format(day, "SHORT_DATE_FORMAT")


def _any_projection(series):
    return any(p.projection for s in series for p in s.points)


def _goal(goal, y, x1, x2):
    """A target as a dashed line, or a shaded band for a range, labelled at its left end."""
    label = format_html(
        '<text class="target-label" x="{}" y="{}" fill="{}">{}</text>',
        x1 + 4,
        y(goal.high if goal.high is not None else goal.value) - 5,
        TARGET_COLOUR,
        goal.label,
    )
    if goal.high is not None:
        return format_html(
            '<rect class="target" x="{}" y="{}" width="{}" height="{}" fill="{}" '
            'fill-opacity="0.15" stroke="{}" stroke-dasharray="4 3"/>{}',
            x1,
            y(goal.high),
            x2 - x1,
            round(y(goal.value) - y(goal.high), 1),
            TARGET_COLOUR,
            TARGET_COLOUR,
            label,
        )
    return format_html(
        '<line class="target" x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2" '
        'stroke-dasharray="4 3"/>{}',
        x1,
        x2,
        y(goal.value),
        y(goal.value),
        TARGET_COLOUR,
        label,
    )


def _series_marks(s, number, x, y):
    """The series' line (dashed on from the last reported figure through the projections), its
    markers (hollow for projections) and the value of its latest point."""
    colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
    reported = [p for p in s.points if not p.projection]
    projected = [p for p in s.points if p.projection]
    parts = []
    if reported:
        parts.append(_polyline("series", reported, colour, dash, x, y))
    if projected:
        parts.append(
            _polyline("projection", reported[-1:] + projected, colour, PROJECTION_DASH, x, y)
        )
    for p in s.points:
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="{}" fill="{}" stroke="{}" stroke-width="2">'
                "<title>{}: {} – {}{}</title></circle>",
                x(p.when),
                y(p.value),
                4 + number % 2,
                "#fff" if p.projection else colour,
                colour,
                s.name,
                _short_date(p.when),
                figure(p.value),
                f" ({_('expected')})" if p.projection else "",
            )
        )
    latest = s.points[-1]
    px, py = x(latest.when), y(latest.value)
    parts.append(
        format_html(
            '<text class="latest" x="{}" y="{}" text-anchor="{}" font-weight="700" fill="{}">'
            "{}{}</text>",
            px,
            round(py - 9, 1),
            "end" if px > TIME_WIDTH / 2 else "start",
            colour,
            figure(latest.value),
            f" ({_('expected')})" if latest.projection else "",
        )
    )
    return parts


def _polyline(kind, points, colour, dash, x, y):
    return format_html(
        '<polyline class="{}" fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="{}" '
        'points="{}"/>',
        kind,
        colour,
        dash,
        " ".join(f"{x(p.when)},{y(p.value)}" for p in points),
    )


def _legend_rows(series):
    """Legend items laid out left to right, wrapping: rows of (x, colour, dash, name, lang); a
    dashed "projection" item when any series has one."""
    items = [
        (COLOURS[n % len(COLOURS)], DASHES[n % len(DASHES)], s.name, s.lang)
        for n, s in enumerate(series)
    ]
    if _any_projection(series):
        items.append(("#4f5963", PROJECTION_DASH, _("expected"), ""))
    rows, row, offset = [], [], 8
    for colour, dash, name, lang in items:
        width = 25 + 7 * len(name) + 16
        if row and offset + width > TIME_WIDTH:
            rows.append(row)
            row, offset = [], 8
        row.append((offset, colour, dash, name, lang))
        offset += width
    return [*rows, row]


def bar_chart(bars, *, chart_id, title, description):
    """Horizontal bars, one per (label, value) or (label, value, lang of the label), in the
    order given."""
    if not bars:
        return ""
    label_width, value_width, row_height, top = 190, 80, 24, 8
    height = top * 2 + row_height * len(bars)
    values = [bar[1] for bar in bars]
    ticks = _ticks(min(0, *values), max(values))
    low, high = float(ticks[0]), float(ticks[-1])
    plot_width = WIDTH - label_width - value_width

    def x(value):
        return round(label_width + (float(value) - low) / (high - low) * plot_width, 1)

    parts = [
        format_html(
            '<text x="{}" y="{}" text-anchor="end"{}>{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}">{}</text>',
            label_width - 8,
            top + row_height * index + 17,
            _lang(lang[0] if lang else ""),
            label,
            min(x(0), x(value)),
            top + row_height * index + 3,
            round(abs(x(value) - x(0)), 1),
            row_height - 6,
            COLOURS[0],
            round(max(x(0), x(value)) + 6, 1),
            top + row_height * index + 17,
            figure(value),
        )
        for index, (label, value, *lang) in enumerate(bars)
    ]
    parts.append(
        format_html(
            '<line class="axis" x1="{}" x2="{}" y1="{}" y2="{}"/>',
            x(0),
            x(0),
            top,
            height - top,
        )
    )
    return _svg(chart_id, title, description, height, _join(parts))


def _join(parts):
    return format_html_join("", "{}", ((part,) for part in parts))


# Tile-grid maps: one equal square per province, placed roughly where it lies, keyed by the
# official code (seeds/province-merger-2025.csv) as (column, row).
TILES_34 = {
    "12": (0, 0), "15": (1, 0), "08": (2, 0), "04": (3, 0),
    "11": (0, 1), "14": (1, 1), "25": (2, 1), "19": (3, 1), "20": (4, 1),
    "01": (2, 2), "24": (3, 2), "22": (4, 2),
    "37": (2, 3), "33": (3, 3), "31": (4, 3),
    "38": (2, 4),
    "40": (1, 5), "42": (2, 5),
    "44": (2, 6), "46": (3, 6),
    "48": (3, 7),
    "51": (3, 8),
    "52": (3, 9),
    "66": (3, 10),
    "68": (2, 11), "56": (3, 11),
    "80": (0, 12), "79": (1, 12), "75": (2, 12),
    "91": (0, 13), "82": (1, 13), "86": (2, 13),
    "92": (1, 14),
    "96": (0, 15),
}  # fmt: skip
# The 63 provinces before 1 July 2025.
TILES_63 = {
    "12": (1, 0), "10": (2, 0), "02": (3, 0), "04": (4, 0),
    "11": (0, 1), "15": (2, 1), "08": (3, 1), "06": (4, 1), "20": (5, 1),
    "14": (1, 2), "25": (2, 2), "19": (3, 2), "24": (4, 2), "22": (5, 2),
    "17": (1, 3), "26": (2, 3), "01": (3, 3), "27": (4, 3), "30": (5, 3), "31": (6, 3),
    "35": (3, 4), "33": (4, 4), "34": (5, 4),
    "38": (2, 5), "37": (3, 5), "36": (4, 5),
    "40": (2, 6),
    "42": (3, 7),
    "44": (3, 8),
    "45": (4, 9),
    "46": (4, 10),
    "48": (5, 11),
    "49": (5, 12),
    "62": (4, 13), "51": (5, 13),
    "64": (4, 14), "52": (5, 14),
    "66": (4, 15), "54": (5, 15),
    "67": (3, 16), "68": (4, 16), "56": (5, 16),
    "72": (1, 17), "74": (2, 17), "70": (3, 17), "60": (4, 17), "58": (5, 17),
    "80": (1, 18), "79": (2, 18), "75": (3, 18), "77": (4, 18),
    "89": (0, 19), "87": (1, 19), "82": (2, 19), "83": (3, 19),
    "91": (0, 20), "92": (1, 20), "86": (2, 20), "84": (3, 20),
    "93": (1, 21), "94": (2, 21),
    "96": (0, 22), "95": (1, 22),
}  # fmt: skip
TILE, GAP = 64, 4
# Five shades of the accent, light to dark, and a hatched grey for "no data".
SHADES = ["#e3f1e8", "#b5dcc2", "#7cbf95", "#3f9a63", "#0b6b3a"]
NO_DATA = "#f6f7f8"


@dataclass
class Tile:
    code: str
    name: str
    url: str
    value: Decimal | None = None
    lang: str = ""  # the name's language, when not the page's


def shade_steps(values):
    """The lower bounds of equal steps, one per shade, from the lowest value to the highest."""
    low, high = min(values), max(values)
    if low == high:
        return [low]
    step = (high - low) / len(SHADES)
    return [low + step * n for n in range(len(SHADES))]


def tile_map(tiles, layout, *, chart_id, title, description, higher_is_better=True):
    """Every unit of `layout` as a square linked to its page, shaded by value; a legend of the
    shades and of "no data" below."""
    by_code = {tile.code: tile for tile in tiles}
    values = [tile.value for tile in tiles if tile.value is not None]
    steps = shade_steps(values) if values else []
    columns = max(col for col, _row in layout.values()) + 1
    rows = max(row for _col, row in layout.values()) + 1
    width = columns * (TILE + GAP)

    def shade(value):
        if value is None:
            return NO_DATA
        if len(steps) == 1:
            return SHADES[-1]
        level = max(n for n, bound in enumerate(steps) if value >= bound)
        return SHADES[level if higher_is_better else len(SHADES) - 1 - level]

    parts = []
    for code, (col, row) in layout.items():
        tile = by_code.get(code)
        if tile is None:
            continue
        fill = shade(tile.value)
        dark = fill in SHADES[3:]
        label = figure(tile.value) if tile.value is not None else "–"
        value_text = figure(tile.value) if tile.value is not None else _("no data")
        parts.append(
            format_html(
                '<a href="{}"><title>{}: {}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="{}" stroke="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="10" fill="{}"{}>{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" font-weight="700" fill="{}">{}</text>'
                "</a>",
                tile.url,
                tile.name,
                value_text,
                col * (TILE + GAP),
                row * (TILE + GAP),
                TILE,
                TILE,
                fill,
                "#8a939c" if tile.value is None else fill,
                col * (TILE + GAP) + TILE / 2,
                row * (TILE + GAP) + 18,
                "#fff" if dark else "#1b1f24",
                _lang(tile.lang),
                _tile_name(tile.name, col * (TILE + GAP) + TILE / 2),
                col * (TILE + GAP) + TILE / 2,
                row * (TILE + GAP) + 46,
                "#fff" if dark else "#1b1f24",
                label,
            )
        )
    legend_top = rows * (TILE + GAP) + 8
    legend = [(shade(bound), f"≥ {figure(bound)}") for bound in steps]
    legend.append((NO_DATA, _("no data")))
    parts += [
        format_html(
            '<rect x="0" y="{}" width="16" height="16" fill="{}" stroke="#8a939c"/>'
            '<text x="22" y="{}">{}</text>',
            legend_top + 22 * n,
            colour,
            legend_top + 22 * n + 13,
            text,
        )
        for n, (colour, text) in enumerate(legend)
    ]
    height = legend_top + 22 * len(legend)
    return _svg(chart_id, title, description, height, _join(parts), width, 13, role="group")


def _tile_name(name, x, width=11):
    """The name on one line, or two when too long for a tile: "Thành phố" / "Hồ Chí Minh"."""
    if len(name) <= width or " " not in name:
        return name
    words = name.split()
    cut = max(n for n in range(1, len(words)) if len(" ".join(words[:n])) <= width or n == 1)
    return format_html(
        '<tspan x="{}">{}</tspan><tspan x="{}" dy="11">{}</tspan>',
        x,
        " ".join(words[:cut]),
        x,
        " ".join(words[cut:]),
    )


def sparkline(points, *, label):
    """A small line of a series' shape, to scale in time; `label` says what it shows."""
    if len(points) < 2:
        return ""
    width, height, pad = 96, 24, 3
    values = [float(p.value) for p in points]
    low, high = min(values), max(values)
    x = time_scale(points[0].when, points[-1].when, pad, width - 2 * pad)

    def y(value):
        if high == low:
            return height / 2
        return round(height - pad - (float(value) - low) / (high - low) * (height - 2 * pad), 1)

    return format_html(
        '<svg class="sparkline" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img"><title>{}</title>'
        '<polyline fill="none" stroke="{}" stroke-width="1.5" points="{}"/>'
        '<circle cx="{}" cy="{}" r="2.5" fill="{}"/></svg>',
        width,
        height,
        width,
        height,
        label,
        COLOURS[0],
        " ".join(f"{x(p.when)},{y(p.value)}" for p in points),
        x(points[-1].when),
        y(points[-1].value),
        COLOURS[0],
    )
