"""The public pages of the programs app, and a CSV download for every chart they show.

Figures come from the models' query methods (`published()`, `for_unit_and_predecessors()`…);
each query is made once per page, so the number of queries does not grow with the rows.
"""

import csv
from dataclasses import dataclass, field
from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django.db.models import Count, Prefetch, Window
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from ntmportal.links import cached_reverse
from ntmportal.vietnamese import vietnamese_order

from . import charts
from .forms import DocumentFilterForm, ProvinceComparisonForm
from .models import (
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

NATION = AdministrativeUnit.Level.NATION
PROVINCE = AdministrativeUnit.Level.PROVINCE
HEADLINE_FIGURES = 4
CHRONOLOGICAL = ("period_end", "period_start", vietnamese_order("unit__name"))
RANKINGS = {
    "-value": ("-value", vietnamese_order("unit__name")),
    "value": ("value", vietnamese_order("unit__name")),
    "name": (vietnamese_order("unit__name"),),
}


@dataclass
class Figures:
    """An indicator's figures, oldest first, as a chart, a table and a CSV download."""

    indicator: Indicator
    values: list
    csv_url: str
    svg: str = ""
    targets: list = field(default_factory=list)

    @property
    def latest(self):
        return self.values[-1] if self.values else None


def history(indicator, values, csv_url, place):
    """A line per administrative unit (a province and its predecessors each get their own)."""
    values = list(values)
    categories = list(dict.fromkeys(value.period_label for value in values))
    series = {}
    for value in values:
        series.setdefault(value.unit_id, charts.Series(str(value.unit))).points[
            value.period_label
        ] = value.value
    if len(categories) < 2:  # one figure: the table says it all
        return Figures(indicator, values, csv_url)
    svg = charts.line_chart(
        categories,
        list(series.values()),
        chart_id=f"history-{indicator.code}",
        title=_("%(indicator)s: %(place)s") % {"indicator": indicator, "place": place},
        description=_("Line chart of %(count)s figures from %(first)s to %(last)s, in %(measure)s.")
        % {
            "count": len(values),
            "first": categories[0],
            "last": categories[-1],
            "measure": indicator.get_measure_display(),
        },
    )
    return Figures(indicator, values, csv_url, svg)


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
    return form, period, sort, list(ranked)


def csv_response(indicator, values, filename):
    """Exactly the rows of a chart's table, UTF-8 with a header row."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "indicator",
            "unit",
            "unit_code",
            "period_start",
            "period_end",
            "qualifier",
            "value",
            "value_high",
            "numerator",
            "denominator",
            "value_status",
            "source_publisher",
            "source_date",
            "source_url",
            "note_vi",
            "note_en",
        ]
    )
    for value in values:
        writer.writerow(
            [
                indicator.code,
                str(value.unit),
                value.unit.code,
                value.period_start.isoformat(),
                value.period_end.isoformat(),
                value.qualifier,
                *(
                    "" if number is None else format(number.normalize(), "f")
                    for number in (
                        value.value,
                        value.value_high,
                        value.numerator,
                        value.denominator,
                    )
                ),
                value.value_status,
                value.source_publisher,
                value.source_date.isoformat(),
                value.source_url,
                value.note_vi or "",
                value.note_en or "",
            ]
        )
    return response


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        latest = (
            IndicatorValue.objects.published()
            .at_level(NATION)
            .latest_per_indicator()
            .with_target()
            .select_related("indicator__program", "unit")
            .prefetch_related("further_sources")
            .order_by("indicator")
        )
        headlines = {
            program: list(values)[:HEADLINE_FIGURES]
            for program, values in groupby(latest, key=attrgetter("indicator.program"))
        }
        return super().get_context_data(
            programs=[(program, headlines.get(program, [])) for program in Program.objects.all()],
            conferences=Conference.objects.select_related("chair")[:3],
            provinces=AdministrativeUnit.objects.provinces().current(),
            **kwargs,
        )


class ProgramListView(ListView):
    queryset = Program.objects.select_related("decided_by").prefetch_related(
        "succeeds", "succeeded_by"
    )


class ProgramDetailView(DetailView):
    queryset = Program.objects.select_related("decided_by").prefetch_related(
        "documents", "succeeds", "succeeded_by", "movements", "conferences"
    )

    def get_context_data(self, **kwargs):
        program = self.object
        lineage = sorted(program.lineage(), key=lambda p: (p != program, p.start_year, p.code))
        values = (
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
            figures = history(indicator, by_indicator.get(indicator, []), csv_url, _("Vietnam"))
            figures.targets = targets.get(indicator.pk, [])
            return figures

        sections = [
            (member, [summary(indicator) for indicator in by_program.get(member.pk, [])])
            for member in lineage
        ]
        return super().get_context_data(sections=sections, **kwargs)


@dataclass
class Latest:
    """An indicator's latest figures on a province's page, and the address of its history."""

    indicator: Indicator
    values: list
    history_url: str


def latest_figures(unit, history_url_name):
    """Per program, each indicator's figures of the latest period that the province, or a
    province that merged into it, reported: one row, or one per predecessor sharing that period."""
    values = (
        IndicatorValue.objects.published()
        .for_unit_and_predecessors(unit)
        .latest_per_indicator()
        .with_target()
        .select_related("indicator__program", "unit")
        .prefetch_related("further_sources")
        .order_by("indicator", vietnamese_order("unit__name"))
    )
    rows = [
        Latest(
            indicator,
            list(group),
            cached_reverse(history_url_name, unit.slug, indicator.code),
        )
        for indicator, group in groupby(values, attrgetter("indicator"))
    ]
    return [
        (program, list(group))
        for program, group in groupby(rows, key=attrgetter("indicator.program"))
    ]


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
        # The latest few of each list: a province of the national volume has hundreds.
        return super().get_context_data(
            programs=latest_figures(unit, self.history_url_name),
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
        figures = history(
            indicator,
            unit_values(unit).filter(indicator=indicator),
            reverse(self.csv_url_name, args=[slug, code]),
            unit.name,
        )
        return super().get_context_data(province=unit, indicator=indicator, figures=figures)


class FormerProvinceIndicatorView(ProvinceIndicatorView):
    units = AdministrativeUnit.objects.provinces().former().select_related("successor")
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


class IndicatorDetailView(DetailView):
    queryset = Indicator.objects.select_related("program")
    slug_field = slug_url_kwarg = "code"

    def get_context_data(self, **kwargs):
        indicator = self.object
        national = history(
            indicator,
            national_values(indicator),
            reverse("programs:indicator_csv", args=[indicator.code]),
            _("Vietnam"),
        )
        form, period, sort, ranked = province_ranking(indicator, self.request.GET)
        ranking_csv_url = "{}?{}".format(
            reverse("programs:indicator_provinces_csv", args=[indicator.code]),
            urlencode({"period": period or "", "sort": sort}),
        )
        period_label = ranked[0].period_label if ranked else ""
        ranking_svg = charts.bar_chart(
            [(value.unit.name, value.value) for value in ranked],
            chart_id=f"provinces-{indicator.code}",
            title=_("%(indicator)s by province, %(period)s")
            % {"indicator": indicator, "period": period_label},
            description=_("Bar chart of %(count)s provinces, in %(measure)s.")
            % {"count": len(ranked), "measure": indicator.get_measure_display()},
        )
        return super().get_context_data(
            national=national,
            form=form,
            ranking=Figures(indicator, ranked, ranking_csv_url, ranking_svg),
            period_label=period_label,
            targets=Target.objects.filter(indicator=indicator).select_related("unit", "document"),
            **kwargs,
        )


class IndicatorCSVView(View):
    def get(self, request, code):
        indicator = get_object_or_404(Indicator, code=code)
        return csv_response(indicator, national_values(indicator), f"{code}-national.csv")


class IndicatorProvincesCSVView(View):
    def get(self, request, code):
        indicator = get_object_or_404(Indicator, code=code)
        _form, period, _sort, ranked = province_ranking(indicator, request.GET)
        return csv_response(indicator, ranked, f"{code}-provinces-{period or 'none'}.csv")


class ConferenceListView(ListView):
    queryset = Conference.objects.select_related("chair").prefetch_related("programs")
    paginate_by = 20


class ConferenceDetailView(DetailView):
    queryset = Conference.objects.select_related("chair").prefetch_related(
        "co_chairs",
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


class MovementDetailView(DetailView):
    template_name = "programs/movement_detail.html"
    context_object_name = "movement"
    queryset = EmulationMovement.objects.select_related("program").prefetch_related(
        "conferences",
        Prefetch(
            "awards",
            Award.objects.select_related("decision", "province").order_by(
                "-decision__issued_on", "decision", "award_type", "recipient"
            ),
        ),
    )


class DocumentListView(ListView):
    paginate_by = 30

    def get_queryset(self):
        years = [day.year for day in Document.objects.dates("issued_on", "year", order="DESC")]
        self.form = DocumentFilterForm(self.request.GET, years=years)
        return self.form.filter(Document.objects.prefetch_related("programs"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(form=self.form, **kwargs)


class DocumentDetailView(DetailView):
    queryset = Document.objects.prefetch_related(
        "programs",
        "decided_programs",
        Prefetch("targets", Target.objects.select_related("indicator", "unit")),
        Prefetch("awards", Award.objects.select_related("movement", "province")),
    )
