"""Figures as the public pages show them, assembled from the models' queries: an indicator's
series as a table and a chart, a province's latest figures with the national figure and its rank,
the provinces ranked for a period, and the note a revised figure carries. Each list of figures is
read in a fixed number of queries, however many rows it has."""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from ntmportal.templatetags.language_tags import foreign_language, mark_within
from ntmportal.vietnamese import vietnamese_order

from . import charts
from .forms import ProvinceComparisonForm
from .models import REORGANISATION_DATE, AdministrativeUnit, Indicator, IndicatorValue
from .templatetags.programs_tags import figure

NATION = AdministrativeUnit.Level.NATION
PROVINCE = AdministrativeUnit.Level.PROVINCE
PROJECTION = IndicatorValue.ValueStatus.PROJECTION
RANKINGS = {
    "-value": ("-value", vietnamese_order("unit__name")),
    "value": ("value", vietnamese_order("unit__name")),
    "name": (vietnamese_order("unit__name"),),
}


@dataclass
class Figures:
    """An indicator's figures, oldest first, as a chart, a table and a CSV download, with the
    chart's title and its sources. `named` lists what the title names (the indicator, the
    places), so that the caption marks a name shown in another language than the page's."""

    indicator: Indicator
    values: list
    csv_url: str
    svg: str = ""
    targets: list = field(default_factory=list)
    title: str = ""
    named: list = field(default_factory=list)

    @property
    def caption(self):
        return mark_within(self.title, (self.indicator, "name"), *self.named)

    @property
    def latest(self):
        """The latest figure counted so far; a projection only when nothing was counted yet
        (it says it is expected), as `latest_per_indicator()` chooses."""
        counted = [value for value in self.values if value.value_status != PROJECTION]
        return (counted or self.values or [None])[-1]

    @property
    def publishers(self):
        return list(dict.fromkeys(value.source_publisher for value in self.values))

    @property
    def updated(self):
        return max((value.updated_at for value in self.values), default=None)

    @property
    def api_url(self):
        return "{}?{}".format(
            reverse("api:indicator-value-list"),
            urlencode({"indicator": self.indicator.code}),
        )


def goal(target):
    """A target as the chart draws it: "target 2021–2025: 6.000"."""
    value = figure(target.value)
    if target.value_high is not None:
        value = f"{value}–{figure(target.value_high)}"
    return charts.Goal(
        _("target %(period)s: %(value)s") % {"period": target.period_label, "value": value},
        target.value,
        target.value_high,
    )


def over_time(indicator, values, csv_url, place, targets=(), units=()):
    """An indicator's figures in `place` over time: a table, and a chart with a line per
    administrative unit (a province and its predecessors each get their own), dated to scale,
    with the place's targets; `units` are those `place` names."""
    values = list(values)
    title = _("%(indicator)s: %(place)s") % {"indicator": indicator, "place": place}
    figures = Figures(
        indicator,
        values,
        csv_url,
        targets=list(targets),
        title=title,
        named=[(unit, "name") for unit in units],
    )
    dates = sorted({value.period_end for value in values})
    if len(dates) < 2:  # one figure: the table says it all
        return figures
    series = {}
    for value in values:
        name = charts.Series(str(value.unit), lang=foreign_language(value.unit, "name"))
        series.setdefault(value.unit_id, name).points.append(
            charts.Point(
                value.period_end,
                value.value,
                projection=value.value_status == IndicatorValue.ValueStatus.PROJECTION,
            )
        )
    figures.svg = charts.time_chart(
        list(series.values()),
        chart_id=f"history-{indicator.code}",
        title=title,
        description=_("Line chart of %(count)s figures from %(first)s to %(last)s, in %(measure)s.")
        % {
            "count": len(values),
            "first": date_format(dates[0], "SHORT_DATE_FORMAT"),
            "last": date_format(dates[-1], "SHORT_DATE_FORMAT"),
            "measure": indicator.get_measure_display(),
        },
        goals=[goal(target) for target in figures.targets],
    )
    return figures


def with_revision(figures):
    """The figures, read, each with what it said when last published otherwise, if ever: the
    value then (`previous_value`) and when the figure came to say what it says now
    (`revised_at`), for the change note of a revised figure (`sourced_figure`). Versions never
    published (drafts corrected before approval) are no revision. The figures' versions are read
    in one query after them: as subqueries of the figures' own query, Django took longer to build
    it than the database to answer it (docs/performance.md)."""
    figures = list(figures)
    versions = defaultdict(list)
    rows = (
        IndicatorValue.history.model.objects.filter(id__in={value.pk for value in figures})
        .order_by("history_date")
        .values_list("id", "value", "status", "history_date")
    )
    for pk, *version in rows:
        versions[pk].append(version)
    for shown in figures:
        said = versions[shown.pk]
        otherwise = [
            (value, at)
            for value, status, at in said
            if status == IndicatorValue.Status.PUBLISHED and value != shown.value
        ]
        shown.previous_value, previous_at = otherwise[-1] if otherwise else (None, None)
        shown.revised_at = previous_at and next(
            (at for value, _status, at in said if value == shown.value and at > previous_at),
            None,
        )
    return figures


def latest_update(values):
    """When the latest of the figures a page shows was last changed: its "last updated"."""
    return max((value.updated_at for value in values), default=None)


@dataclass
class Latest:
    """An indicator's latest figures on a province's page, the address of its history, the
    national figure of the same period, the province's rank among the provinces then, and a
    sparkline of its history."""

    indicator: Indicator
    values: list
    history_url: str
    national: IndicatorValue | None = None
    rank: int | None = None
    ranked: int = 0
    sparkline: str = ""


def latest_figures(unit, history_url_name):
    """Per program, each indicator's figures of the latest period that the province, or a
    province that merged into it, reported: one row, or one per predecessor sharing that period."""
    values = with_revision(
        IndicatorValue.objects.published()
        .for_unit_and_predecessors(unit)
        .latest_per_indicator()
        .with_target()
        .shown("indicator__program")
        .order_by("indicator", vietnamese_order("unit__name"))
    )
    periods = {(value.indicator_id, value.period_start, value.period_end) for value in values}
    indicators = {indicator_id for indicator_id, _start, _end in periods}
    same_period = IndicatorValue.objects.published().filter(
        indicator__in=indicators, period_end__in={end for _i, _s, end in periods}
    )
    national = {
        key: other
        for other in same_period.at_level(NATION).shown()
        if (key := (other.indicator_id, other.period_start, other.period_end)) in periods
    }
    # Only the values, for the rank: the other provinces' figures are never shown here, and
    # building their instances was most of the page's time at national volume.
    provincial = {}
    for *key, value in (
        same_period.at_level(PROVINCE)
        .rewrite(False)
        .values_list("indicator_id", "period_start", "period_end", "value")
    ):
        if tuple(key) in periods:
            provincial.setdefault(tuple(key), []).append(value)
    series = {}
    for indicator_id, *point in (
        IndicatorValue.objects.published()
        .for_unit_and_predecessors(unit)
        .filter(indicator__in=indicators)
        .order_by("indicator", "period_end", "period_start")
        .rewrite(False)
        .values_list("indicator_id", "period_end", "value")
    ):
        series.setdefault(indicator_id, []).append(charts.Point(*point))

    def row(indicator, group):
        group = list(group)
        first = group[0]
        key = (indicator.pk, first.period_start, first.period_end)
        others = provincial.get(key, [])
        better = (
            (lambda v: v > first.value)
            if indicator.higher_is_better
            else (lambda v: v < first.value)
        )
        return Latest(
            indicator,
            group,
            reverse(history_url_name, args=[unit.slug, indicator.code]),
            national=national.get(key),
            # A rank only where one figure stands for the province in that period.
            rank=1 + sum(1 for v in others if better(v)) if len(group) == 1 else None,
            ranked=len(others),
            sparkline=spark(indicator, series.get(indicator.pk, [])),
        )

    rows = [row(indicator, group) for indicator, group in groupby(values, attrgetter("indicator"))]
    return [
        (program, list(group))
        for program, group in groupby(rows, key=attrgetter("indicator.program"))
    ]


def spark(indicator, points):
    """A sparkline of one unit's series; none when several units report on the same date."""
    dates = [point.when for point in points]
    if len(set(dates)) != len(dates):
        return ""
    return charts.sparkline(points, label=_("Trend of %(indicator)s") % {"indicator": indicator})


@dataclass
class Ranking:
    """The provinces' figures of one period in the order chosen, and the form choosing them."""

    form: ProvinceComparisonForm
    period: str | None
    sort: str
    values: list

    @property
    def period_label(self):
        return self.values[0].period_label if self.values else ""

    def figures(self, indicator, tab):
        """The ranking as the indicator page's tab shows it: a bar chart, a tile map or the
        table alone, with its CSV."""
        csv_url = "{}?{}".format(
            reverse("programs:indicator_provinces_csv", args=[indicator.code]),
            urlencode({"period": self.period or "", "sort": self.sort}),
        )
        figures = Figures(
            indicator,
            self.values,
            csv_url,
            title=_("%(indicator)s by province, %(period)s")
            % {"indicator": indicator, "period": self.period_label},
        )
        if self.values and tab == "chart":
            figures.svg = charts.bar_chart(
                [
                    (value.unit.name, value.value, foreign_language(value.unit, "name"))
                    for value in self.values
                ],
                chart_id=f"provinces-{indicator.code}",
                title=figures.title,
                description=_("Bar chart of %(count)s provinces, in %(measure)s.")
                % {"count": len(self.values), "measure": indicator.get_measure_display()},
            )
        elif self.values and tab == "map":
            figures.svg = province_map(
                indicator, self.values, self.period_label, self.values[0].period_end
            )
        return figures


def province_ranking(indicator, query):
    """The provinces' figures of the period and in the order that `query` chooses."""
    values = IndicatorValue.objects.published().at_level(PROVINCE).filter(indicator=indicator)
    periods = (
        values.order_by("-period_end", "-period_start")
        .values_list("period_start", "period_end")
        .distinct()
    )
    form = ProvinceComparisonForm(query, periods=periods)
    period, sort = form.selection()
    if period is None:
        return Ranking(form, period, sort, [])
    start, end = form.periods[period]
    ranked = values.filter(period_start=start, period_end=end).shown().order_by(*RANKINGS[sort])
    return Ranking(form, period, sort, with_revision(ranked))


def province_map(indicator, ranked, period_label, period_end):
    """The provinces in force on the period's date as a tile map: the 34 provinces, or the 63
    before 1 July 2025, those without a figure shaded apart."""
    layout = charts.TILES_63 if period_end < REORGANISATION_DATE else charts.TILES_34
    values = {value.unit_id: value.value for value in ranked}
    units = AdministrativeUnit.objects.provinces().in_force_on(period_end)
    tiles = [
        charts.Tile(
            unit.code,
            unit.name,
            unit.get_absolute_url(),
            values.get(unit.pk),
            lang=foreign_language(unit, "name"),
        )
        for unit in units
    ]
    return charts.tile_map(
        tiles,
        layout,
        chart_id=f"map-{indicator.code}",
        title=_("%(indicator)s by province, %(period)s")
        % {"indicator": indicator, "period": period_label},
        description=_("Tile map of %(count)s provinces, one square each, shaded by value.")
        % {"count": len(layout)},
        higher_is_better=indicator.higher_is_better,
    )
