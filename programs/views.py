"""The public pages of the programs app, and a CSV download for every chart they show.

Figures come from the models' query methods (`published()`, `unit_series()`…) and are put
together as the pages show them in programs/figures.py; each query is made once per page, so the
number of queries does not grow with the rows.
"""

from itertools import groupby
from operator import attrgetter
from urllib.parse import urlencode

from django.db.models import Count, Max, Min, Prefetch, Window
from django.http import HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import DetailView, ListView, TemplateView

from ntmportal import pagecache

from .downloads import csv_response
from .figures import (
    NATION,
    latest_figures,
    latest_update,
    over_time,
    province_ranking,
    with_revision,
)
from .forms import AwardFilterForm, DocumentFilterForm, ProvinceCompareForm
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

HEADLINE_FIGURES = 4

# What pages about figures show besides the figures: units, programs and documents by name.
NAMES_SHOWN = ("programs.administrativeunit", "programs.program", "programs.document")


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
            .shown("indicator__program")
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
            .shown("indicator")
            .chronological("indicator")
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
            return over_time(
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
        figures = over_time(
            indicator,
            with_revision(IndicatorValue.objects.unit_series(unit).filter(indicator=indicator)),
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
        values = IndicatorValue.objects.unit_series(unit).filter(indicator=indicator)
        return csv_response(indicator, values, f"{code}-{unit.slug}.csv")


class FormerProvinceIndicatorCSVView(ProvinceIndicatorCSVView):
    units = AdministrativeUnit.objects.provinces().former()


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
        national = over_time(
            indicator,
            with_revision(IndicatorValue.objects.national_series(indicator)),
            reverse("programs:indicator_csv", args=[indicator.code]),
            _("Vietnam"),
            [target for target in targets if target.unit.level == NATION],
        )
        ranked = province_ranking(indicator, self.request.GET)
        tab = self.request.GET.get("view")
        tab = tab if tab in self.TABS else "chart"
        ranking = ranked.figures(indicator, tab)
        return super().get_context_data(
            national=national,
            updated=latest_update([*national.values, *ranking.values]),
            form=ranked.form,
            tab=tab,
            tabs=self.TABS.items(),
            ranking=ranking,
            period_label=ranked.period_label,
            targets=targets,
            compare=self.comparison(indicator),
            **kwargs,
        )

    def comparison(self, indicator):
        """The form choosing provinces, and their histories as one chart."""
        form = ProvinceCompareForm(self.request.GET, most=self.COMPARE_MOST)
        chosen = form.chosen()
        values = IndicatorValue.objects.compared(indicator, chosen)
        names = ", ".join(unit.name for unit in chosen)
        url = "{}?{}".format(
            reverse("programs:indicator_compare_csv", args=[indicator.code]),
            urlencode({"compare": [unit.pk for unit in chosen]}, doseq=True),
        )
        figures = (
            over_time(indicator, with_revision(values), url, names, units=chosen)
            if chosen
            else None
        )
        return form, figures


class IndicatorCSVView(View):
    def get(self, request, code):
        indicator = get_object_or_404(Indicator, code=code)
        values = IndicatorValue.objects.national_series(indicator)
        return csv_response(indicator, values, f"{code}-national.csv")


class IndicatorCompareCSVView(View):
    def get(self, request, code):
        indicator = get_object_or_404(Indicator, code=code)
        chosen = ProvinceCompareForm(request.GET, most=IndicatorDetailView.COMPARE_MOST).chosen()
        values = IndicatorValue.objects.compared(indicator, chosen)
        return csv_response(indicator, values, f"{code}-compare.csv")


class IndicatorProvincesCSVView(View):
    def get(self, request, code):
        indicator = get_object_or_404(Indicator, code=code)
        ranked = province_ranking(indicator, request.GET)
        name = f"{code}-provinces-{ranked.period or 'none'}.csv"
        return csv_response(indicator, ranked.values, name)


class ConferenceListView(ListView):
    queryset = Conference.objects.select_related("chair").prefetch_related("programs")
    paginate_by = 20


class VersionDatesMixin:
    """A page of an object whose versions are kept: added to the portal when its first version
    was saved (the record's date, not the document's or the conference's own), last updated when
    its latest was."""

    def get_context_data(self, **kwargs):
        dates = self.object.history.aggregate(
            recorded=Min("history_date"), updated=Max("history_date")
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
