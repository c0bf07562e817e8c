"""The public pages of the programs app, and a CSV download for every chart they show.

Figures come from the models' query methods (`published()`, `for_unit_and_predecessors()`…);
each query is made once per page, so the number of queries does not grow with the rows.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django.db.models import Count, Max, Min, Prefetch, Window
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from ntmportal import pagecache
from ntmportal.templatetags.language_tags import foreign_language, mark_within
from ntmportal.vietnamese import vietnamese_order

from . import charts
from .downloads import csv_response
from .forms import (
    AwardFilterForm,
    DocumentFilterForm,
    ProvinceCompareForm,
    ProvinceComparisonForm,
)
from .models import (
    REORGANISATION_DATE,
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    IndicatorValue,
    Program,
    Target,
)
from .templatetags.programs_tags import figure

NATION = AdministrativeUnit.Level.NATION
PROVINCE = AdministrativeUnit.Level.PROVINCE
PROJECTION = IndicatorValue.ValueStatus.PROJECTION
HEADLINE_FIGURES = 4
CHRONOLOGICAL = ("period_end", "period_start", vietnamese_order("unit__name"))
RANKINGS = {
    "-value": ("-value", vietnamese_order("unit__name")),
    "value": ("value", vietnamese_order("unit__name")),
    "name": (vietnamese_order("unit__name"),),
}


# What pages about figures show besides the figures: units, programs and documents by name.
NAMES_SHOWN = ("programs.administrativeunit", "programs.program", "programs.document")


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


def history(indicator, values, csv_url, place, targets=(), units=()):
    """A line per administrative unit (a province and its predecessors each get their own),
    dated to scale, with the place's targets; `units` are those `place` names."""
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


def unit_values(unit):
    """A province's own figures and those of the provinces that merged into it."""
    return (
        IndicatorValue.objects.published()
        .for_unit_and_predecessors(unit)
        .select_related("indicator", "unit")
        .prefetch_related("further_sources")
        .order_by("indicator", *CHRONOLOGICAL)
    )


def national_values(indicator):
    return (
        IndicatorValue.objects.published()
        .at_level(NATION)
        .filter(indicator=indicator)
        .select_related("unit")
        .prefetch_related("further_sources")
        .order_by(*CHRONOLOGICAL)
    )


def province_ranking(indicator, query):
    """The form choosing period and order, and the provinces' figures it selects."""
    values = IndicatorValue.objects.published().at_level(PROVINCE).filter(indicator=indicator)
    periods = (
        values.order_by("-period_end", "-period_start")
        .values_list("period_start", "period_end")
        .distinct()
    )
    form = ProvinceComparisonForm(query, periods=periods)
    period, sort = form.selection()
    if period is None:
        return form, period, sort, []
    start, end = form.periods[period]
    ranked = (
        values.filter(period_start=start, period_end=end)
        .select_related("unit")
        .prefetch_related("further_sources")
        .order_by(*RANKINGS[sort])
    )
    return form, period, sort, with_revision(ranked)


class HomeView(TemplateView):
    """The headline indicators' latest national figures against their targets, first (every
    indicator's while none is a headline); then the programs, those with figures before those
    without."""

    template_name = "home.html"

    def get_context_data(self, **kwargs):
        latest = with_revision(
            IndicatorValue.objects.published()
            .at_level(NATION)
            .latest_per_indicator()
            .with_target()
            .select_related("indicator__program", "unit")
            .prefetch_related("further_sources")
            .order_by("indicator__program__start_year", "indicator__program__code", "indicator")
        )
        headlines = {
            program: list(values)[:HEADLINE_FIGURES]
            for program, values in groupby(latest, key=attrgetter("indicator.program"))
        }
        programs = sorted(Program.objects.all(), key=lambda program: program not in headlines)
        facts = sorted(
            (value for value in latest if value.indicator.headline is not None),
            key=lambda value: value.indicator.headline,
        )
        return super().get_context_data(
            facts=facts or latest,
            programs=[(program, headlines.get(program, [])) for program in programs],
            conferences=Conference.objects.select_related("chair")[:3],
            provinces=AdministrativeUnit.objects.provinces().current(),
            **kwargs,
        )


class ProgramListView(ListView):
    queryset = Program.objects.select_related("decided_by").prefetch_related(
        "succeeds", "succeeded_by", "lead_agencies"
    )


class ProgramDetailView(DetailView):
    queryset = Program.objects.select_related("decided_by").prefetch_related(
        "documents", "succeeds", "succeeded_by", "movements", "conferences", "lead_agencies"
    )

    def get_context_data(self, **kwargs):
        program = self.object
        lineage = sorted(program.lineage(), key=lambda p: (p != program, p.start_year, p.code))
        values = with_revision(
            IndicatorValue.objects.published()
            .for_program(program)
            .at_level(NATION)
            .with_target()
            .select_related("indicator", "unit")
            .prefetch_related("further_sources")
            .order_by("indicator", *CHRONOLOGICAL)
        )
        by_indicator = {key: list(group) for key, group in groupby(values, attrgetter("indicator"))}
        targets = (
            Target.objects.filter(indicator__program__in=lineage, unit__level=NATION)
            .select_related("document")
            .order_by("indicator", "period_end")
        )
        targets = {key: list(group) for key, group in groupby(targets, attrgetter("indicator_id"))}
        indicators = Indicator.objects.filter(program__in=lineage)
        by_program = {
            key: list(group) for key, group in groupby(indicators, attrgetter("program_id"))
        }

        def summary(indicator):
            csv_url = reverse("programs:indicator_csv", args=[indicator.code])
            return history(
                indicator,
                by_indicator.get(indicator, []),
                csv_url,
                _("Vietnam"),
                targets.get(indicator.pk, []),
            )

        sections = [
            (member, [summary(indicator) for indicator in by_program.get(member.pk, [])])
            for member in lineage
        ]
        updated = latest_update(
            value for _member, summaries in sections for f in summaries for value in f.values
        )
        return super().get_context_data(sections=sections, updated=updated, **kwargs)


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
        .select_related("indicator__program", "unit")
        .prefetch_related("further_sources")
        .order_by("indicator", vietnamese_order("unit__name"))
    )
    periods = {(value.indicator_id, value.period_start, value.period_end) for value in values}
    indicators = {indicator_id for indicator_id, _start, _end in periods}
    same_period = IndicatorValue.objects.published().filter(
        indicator__in=indicators, period_end__in={end for _i, _s, end in periods}
    )
    national = {
        key: other
        for other in same_period.at_level(NATION)
        .select_related("unit")
        .prefetch_related("further_sources")
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


PROVINCE_LIST_LIMIT = 10


def first_and_total(queryset, limit=PROVINCE_LIST_LIMIT):
    """The first `limit` rows and how many there are in all, in one query."""
    rows = list(queryset.annotate(total=Window(Count("pk")))[:limit])
    return rows, rows[0].total if rows else 0


class ProvinceMixin:
    """What a province's page shows, current or former: its latest figures, bridges and awards."""

    def get_context_data(self, **kwargs):
        unit = self.object
        # The units' ids, not an OR across the join: the unit index then finds the rows.
        units = unit.ids_with_predecessors()
        bridges, bridge_count = first_and_total(
            Bridge.objects.filter(unit__in=units)
            .select_related("conference", "unit")
            .prefetch_related(Prefetch("attendances", Attendance.objects.select_related("person")))
            .order_by("-conference__date", "-is_main", "name")
        )
        awards = (
            Award.objects.filter(province__in=units)
            .select_related("decision", "movement", "province")
            .order_by("-decision__issued_on", "award_type", "recipient")
        )
        kinds = Award.RecipientKind
        collective, collectives = first_and_total(awards.filter(recipient_kind=kinds.COLLECTIVE))
        individual, individuals = first_and_total(awards.filter(recipient_kind=kinds.INDIVIDUAL))
        programs = latest_figures(unit, self.history_url_name)
        # The latest few of each list: a province of the national volume has hundreds.
        return super().get_context_data(
            programs=programs,
            updated=latest_update(
                value for _program, rows in programs for row in rows for value in row.values
            ),
            bridges=bridges,
            bridge_count=bridge_count,
            collective_awards=collective,
            individual_awards=individual,
            award_count=collectives + individuals,
            list_limit=PROVINCE_LIST_LIMIT,
            **kwargs,
        )


class ProvinceListView(ListView):
    template_name = "programs/province_list.html"
    context_object_name = "provinces"
    queryset = AdministrativeUnit.objects.provinces().current().prefetch_related("predecessors")


class ProvinceDetailView(ProvinceMixin, DetailView):
    template_name = "programs/province_detail.html"
    context_object_name = "province"
    queryset = AdministrativeUnit.objects.provinces().current().prefetch_related("predecessors")
    history_url_name = "programs:province_indicator"

    def get(self, request, *args, **kwargs):
        """An old bookmark or a guess, /provinces/soc-trang/, lands on the former province."""
        slug = kwargs["slug"]
        if not self.get_queryset().filter(slug=slug).exists():
            former = AdministrativeUnit.objects.province_for_slug(slug, former=True)
            if former:
                return HttpResponsePermanentRedirect(former.get_absolute_url())
        return super().get(request, *args, **kwargs)


class FormerProvinceDetailView(ProvinceMixin, DetailView):
    template_name = "programs/former_province_detail.html"
    context_object_name = "province"
    queryset = (
        AdministrativeUnit.objects.provinces()
        .former()
        .select_related("successor")
        .prefetch_related("predecessors")
    )
    history_url_name = "programs:former_province_indicator"


def province_indicator(units, slug, code):
    """The province and indicator of a history page or its CSV: 404 unless the indicator is
    reported for provinces."""
    unit = get_object_or_404(units, slug=slug)
    queryset = Indicator.objects.select_related("program")
    return unit, get_object_or_404(queryset, code=code, at_province=True)


class ProvinceIndicatorView(TemplateView):
    """One indicator's history in a province, with the provinces that merged into it."""

    template_name = "programs/province_indicator.html"
    units = AdministrativeUnit.objects.provinces().current().prefetch_related("predecessors")
    csv_url_name = "programs:province_indicator_csv"

    def get_context_data(self, slug, code, **kwargs):
        unit, indicator = province_indicator(self.units, slug, code)
        # Its figures and targets, and the names of what it shows: not other provinces' figures.
        pagecache.depends_on(
            self.request,
            *(f"figures:unit:{pk}" for pk in unit.ids_with_predecessors()),
            f"programs.indicator:{indicator.pk}",
            *NAMES_SHOWN,
        )
        figures = history(
            indicator,
            with_revision(unit_values(unit).filter(indicator=indicator)),
            reverse(self.csv_url_name, args=[slug, code]),
            unit.name,
            Target.objects.filter(indicator=indicator, unit=unit),
            units=[unit],
        )
        return super().get_context_data(
            province=unit, indicator=indicator, figures=figures, updated=figures.updated
        )


class FormerProvinceIndicatorView(ProvinceIndicatorView):
    units = (
        AdministrativeUnit.objects.provinces()
        .former()
        .select_related("successor")
        .prefetch_related("predecessors")  # none, but asked twice: once for the cache tags
    )
    csv_url_name = "programs:former_province_indicator_csv"


class ProvinceIndicatorCSVView(View):
    """The CSV of a province's history page: exactly its table."""

    units = AdministrativeUnit.objects.provinces().current()

    def get(self, request, slug, code):
        unit, indicator = province_indicator(self.units, slug, code)
        values = unit_values(unit).filter(indicator=indicator)
        return csv_response(indicator, values, f"{code}-{unit.slug}.csv")


class FormerProvinceIndicatorCSVView(ProvinceIndicatorCSVView):
    units = AdministrativeUnit.objects.provinces().former()


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


class IndicatorDetailView(DetailView):
    """The national series, then every province for a chosen period as a chart, a tile map or a
    table (tabs that are links), and the histories of provinces chosen to compare."""

    queryset = Indicator.objects.select_related("program")
    slug_field = slug_url_kwarg = "code"
    TABS = {
        "chart": gettext_lazy("Chart"),
        "map": gettext_lazy("Map"),
        "table": gettext_lazy("Table"),
    }
    COMPARE_MOST = 6

    def get_context_data(self, **kwargs):
        indicator = self.object
        # Its figures and targets in every unit, and the names of what it shows.
        pagecache.depends_on(
            self.request,
            f"figures:indicator:{indicator.pk}",
            f"programs.indicator:{indicator.pk}",
            *NAMES_SHOWN,
        )
        targets = list(
            Target.objects.filter(indicator=indicator).select_related("unit", "document")
        )
        national = history(
            indicator,
            with_revision(national_values(indicator)),
            reverse("programs:indicator_csv", args=[indicator.code]),
            _("Vietnam"),
            [target for target in targets if target.unit.level == NATION],
        )
        form, period, sort, ranked = province_ranking(indicator, self.request.GET)
        tab = self.request.GET.get("view")
        tab = tab if tab in self.TABS else "chart"
        ranking_csv_url = "{}?{}".format(
            reverse("programs:indicator_provinces_csv", args=[indicator.code]),
            urlencode({"period": period or "", "sort": sort}),
        )
        period_label = ranked[0].period_label if ranked else ""
        ranking = Figures(
            indicator,
            ranked,
            ranking_csv_url,
            title=_("%(indicator)s by province, %(period)s")
            % {"indicator": indicator, "period": period_label},
        )
        if ranked and tab == "chart":
            ranking.svg = charts.bar_chart(
                [
                    (value.unit.name, value.value, foreign_language(value.unit, "name"))
                    for value in ranked
                ],
                chart_id=f"provinces-{indicator.code}",
                title=ranking.title,
                description=_("Bar chart of %(count)s provinces, in %(measure)s.")
                % {"count": len(ranked), "measure": indicator.get_measure_display()},
            )
        elif ranked and tab == "map":
            ranking.svg = province_map(indicator, ranked, period_label, ranked[0].period_end)
        return super().get_context_data(
            national=national,
            updated=latest_update([*national.values, *ranking.values]),
            form=form,
            tab=tab,
            tabs=self.TABS.items(),
            ranking=ranking,
            period_label=period_label,
            targets=targets,
            compare=self.comparison(indicator),
            **kwargs,
        )

    def comparison(self, indicator):
        """The form choosing provinces, and their histories as one chart."""
        form = ProvinceCompareForm(self.request.GET, most=self.COMPARE_MOST)
        chosen = form.chosen()
        values = (
            IndicatorValue.objects.published()
            .filter(indicator=indicator, unit__in=chosen)
            .select_related("unit")
            .order_by("unit", *CHRONOLOGICAL)
        )
        names = ", ".join(unit.name for unit in chosen)
        url = "{}?{}".format(
            reverse("programs:indicator_compare_csv", args=[indicator.code]),
            urlencode({"compare": [unit.pk for unit in chosen]}, doseq=True),
        )
        figures = (
            history(indicator, with_revision(values), url, names, units=chosen) if chosen else None
        )
        return form, figures


class IndicatorCSVView(View):
    def get(self, request, code):
        indicator = get_object_or_404(Indicator, code=code)
        return csv_response(indicator, national_values(indicator), f"{code}-national.csv")


class IndicatorCompareCSVView(View):
    def get(self, request, code):
        indicator = get_object_or_404(Indicator, code=code)
        chosen = ProvinceCompareForm(request.GET, most=IndicatorDetailView.COMPARE_MOST).chosen()
        values = (
            IndicatorValue.objects.published()
            .filter(indicator=indicator, unit__in=chosen)
            .select_related("unit")
            .order_by("unit", *CHRONOLOGICAL)
        )
        return csv_response(indicator, values, f"{code}-compare.csv")


class IndicatorProvincesCSVView(View):
    def get(self, request, code):
        indicator = get_object_or_404(Indicator, code=code)
        _form, period, _sort, ranked = province_ranking(indicator, request.GET)
        return csv_response(indicator, ranked, f"{code}-provinces-{period or 'none'}.csv")


class ConferenceListView(ListView):
    queryset = Conference.objects.select_related("chair").prefetch_related("programs")
    paginate_by = 20


class VersionDatesMixin:
    """A page of an object whose versions are kept: published when its first version was saved,
    last updated when its latest was."""

    def get_context_data(self, **kwargs):
        dates = self.object.history.aggregate(
            published=Min("history_date"), updated=Max("history_date")
        )
        return super().get_context_data(**dates, **kwargs)


class ConferenceDetailView(VersionDatesMixin, DetailView):
    queryset = Conference.objects.select_related("chair", "source_document").prefetch_related(
        "co_chairs",
        "further_sources",
        "programs",
        "movements",
        Prefetch(
            "bridges",
            Bridge.objects.select_related("unit").prefetch_related(
                Prefetch("attendances", Attendance.objects.select_related("person"))
            ),
        ),
        Prefetch("awards", Award.objects.select_related("decision", "movement", "province")),
    )


class MovementListView(ListView):
    template_name = "programs/movement_list.html"
    context_object_name = "movements"
    queryset = EmulationMovement.objects.select_related("program").annotate(
        award_count=Count("awards")
    )


class AwardListView(ListView):
    template_name = "programs/award_list.html"
    context_object_name = "awards"
    paginate_by = 50

    def get_queryset(self):
        self.form = AwardFilterForm(self.request.GET)
        return self.form.filter(
            Award.objects.select_related("decision", "movement", "province").order_by(
                "-decision__issued_on", "award_type", "recipient", "pk"
            )
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class DownloadsView(ListView):
    """Every indicator's figures as CSV: the national series and the provinces' latest."""

    template_name = "programs/downloads.html"
    context_object_name = "indicators"
    queryset = Indicator.objects.select_related("program")


class MovementDetailView(DetailView):
    template_name = "programs/movement_detail.html"
    context_object_name = "movement"
    queryset = (
        EmulationMovement.objects.with_last_change()
        .select_related("program")
        .prefetch_related(
            "conferences",
            Prefetch(
                "awards",
                Award.objects.select_related("decision", "province").order_by(
                    "-decision__issued_on", "decision", "award_type", "recipient"
                ),
            ),
        )
    )

    def get_context_data(self, **kwargs):
        return super().get_context_data(updated=self.object.last_change, **kwargs)


class DocumentListView(ListView):
    paginate_by = 30

    def get_queryset(self):
        years = [day.year for day in Document.objects.dates("issued_on", "year", order="DESC")]
        self.form = DocumentFilterForm(self.request.GET, years=years)
        return self.form.filter(
            Document.objects.select_related("superseded_by").prefetch_related("programs")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class DocumentDetailView(VersionDatesMixin, DetailView):
    queryset = Document.objects.select_related("superseded_by").prefetch_related(
        "supersedes",
        "programs",
        "decided_programs",
        Prefetch("targets", Target.objects.select_related("indicator", "unit")),
        Prefetch("awards", Award.objects.select_related("movement", "province")),
    )
