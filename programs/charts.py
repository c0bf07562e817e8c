"""Charts as SVG markup made on the server: visible without JavaScript, with a <title> and <desc>
for screen readers. Pages show every chart next to a table of its numbers and a CSV link."""

import math
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import format_html, format_html_join

from .templatetags.programs_tags import figure

WIDTH = 640
FONT = 14
# Colour-blind safe hues; each series also gets its own dash pattern and marker size.
COLOURS = ["#0b6b3a", "#1f5fa8", "#b5500b", "#7a3fa0", "#6b6b00", "#a0193c"]
DASHES = ["", "7 4", "2 3", "10 3 2 3", "1 5", "4 2"]


@dataclass
class Series:
    name: str
    points: dict = field(default_factory=dict)  # category label -> Decimal


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


def _svg(chart_id, title, description, height, body):
    return format_html(
        '<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" '
        'aria-labelledby="{}-title {}-desc" font-size="{}">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}</svg>',
        WIDTH,
        height,
        chart_id,
        chart_id,
        FONT,
        chart_id,
        title,
        chart_id,
        description,
        body,
    )


def line_chart(categories, series, *, chart_id, title, description):
    """One line per series over `categories`, the x labels in order; a series may skip some."""
    values = [value for s in series for value in s.points.values()]
    if not values:
        return ""
    # Room on the right for the last x label, centred on its point.
    left, right, top, bottom = 72, 40, 16, 40
    legend_rows = _legend_rows(series) if len(series) > 1 else []
    height = 280 + 22 * len(legend_rows)
    plot_width, plot_height = WIDTH - left - right, 280 - top - bottom
    ticks = _ticks(min(0, min(values)), max(values))
    low, high = float(ticks[0]), float(ticks[-1])

    def x(index):
        if len(categories) == 1:
            return left + plot_width / 2
        return round(left + index * plot_width / (len(categories) - 1), 1)

    def y(value):
        return round(top + plot_height - (float(value) - low) / (high - low) * plot_height, 1)

    parts = [
        format_html(
            '<line class="grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
            '<text x="{}" y="{}" text-anchor="end" dy="4">{}</text>',
            left,
            WIDTH - right,
            y(tick),
            y(tick),
            left - 8,
            y(tick),
            figure(tick),
        )
        for tick in ticks
    ]
    every = math.ceil(len(categories) / 7)
    parts += [
        format_html(
            '<text x="{}" y="{}" text-anchor="middle">{}</text>',
            x(index),
            top + plot_height + 22,
            label,
        )
        for index, label in enumerate(categories)
        if index % every == 0 or index == len(categories) - 1
    ]
    for number, s in enumerate(series):
        colour, dash = COLOURS[number % len(COLOURS)], DASHES[number % len(DASHES)]
        points = [
            (x(index), y(s.points[label]), label, s.points[label])
            for index, label in enumerate(categories)
            if label in s.points
        ]
        parts.append(
            format_html(
                '<polyline fill="none" stroke="{}" stroke-width="2.5" stroke-dasharray="{}" '
                'points="{}"/>',
                colour,
                dash,
                " ".join(f"{px},{py}" for px, py, _, _ in points),
            )
        )
        parts += [
            format_html(
                '<circle cx="{}" cy="{}" r="{}" fill="{}"><title>{}: {} – {}</title></circle>',
                px,
                py,
                4 + number % 2,
                colour,
                s.name,
                label,
                figure(value),
            )
            for px, py, label, value in points
        ]
    for row, items in enumerate(legend_rows):
        parts += [
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="2.5" '
                'stroke-dasharray="{}"/><text x="{}" y="{}" dy="4">{}</text>',
                offset,
                offset + 24,
                290 + 22 * row,
                290 + 22 * row,
                COLOURS[number % len(COLOURS)],
                DASHES[number % len(DASHES)],
                offset + 30,
                290 + 22 * row,
                name,
            )
            for offset, number, name in items
        ]
    return _svg(chart_id, title, description, height, _join(parts))


def _legend_rows(series):
    """Lay legend items out left to right, wrapping: rows of (x offset, series number, name)."""
    rows, row, offset = [], [], 16
    for number, s in enumerate(series):
        width = 30 + 8 * len(s.name) + 24
        if row and offset + width > WIDTH:
            rows.append(row)
            row, offset = [], 16
        row.append((offset, number, s.name))
        offset += width
    return [*rows, row]


def bar_chart(bars, *, chart_id, title, description):
    """Horizontal bars, one per (label, value), in the order given."""
    if not bars:
        return ""
    label_width, value_width, row_height, top = 190, 80, 24, 8
    height = top * 2 + row_height * len(bars)
    ticks = _ticks(min(0, *(value for _, value in bars)), max(value for _, value in bars))
    low, high = float(ticks[0]), float(ticks[-1])
    plot_width = WIDTH - label_width - value_width

    def x(value):
        return round(label_width + (float(value) - low) / (high - low) * plot_width, 1)

    parts = [
        format_html(
            '<text x="{}" y="{}" text-anchor="end">{}</text>'
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
            '<text x="{}" y="{}">{}</text>',
            label_width - 8,
            top + row_height * index + 17,
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
        for index, (label, value) in enumerate(bars)
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
