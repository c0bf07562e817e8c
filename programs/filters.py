"""Query filters of the programs API, one FilterSet per resource. Every filter that names
objects takes several, repeated or separated by commas (`unit=1&unit=34`, `unit=1,34`): rows
matching any of them. Unknown parameters and values are refused (ntmportal.api.FilterSet)."""

import operator
from functools import reduce

from django.db.models import Case, F, Q, When, Window
from django.db.models.functions import Rank
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema_field

from ntmportal.api import (
    BooleanFilter,
    ChoicesFilter,
    FilterSet,
    ModelsFilter,
    YearFilter,
    YearsFilter,
    updated_after,
)

from .models import (
    AdministrativeUnit,
    Award,
    Conference,
    Document,
    EmulationMovement,
    Indicator,
    IndicatorValue,
    Program,
    Target,
)

# Programs, indicators and documents are named by their codes and slugs in the API.
PROGRAMS = Program.objects.all()
INDICATORS = Indicator.objects.all()
UNITS = AdministrativeUnit.objects.all()
SEVERAL = " Several: repeat the parameter or separate them with commas."


def text_filter(*fields, what):
    """`q`: text in any of `fields`, ignoring case and diacritics (`soc trang`: Sóc Trăng)."""

    def filter_text(queryset, name, value):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"{field}__vn_contains": value})
        return queryset.filter(condition)

    return filters.CharFilter(
        method=filter_text, help_text=f"Text in {what}, ignoring case and diacritics."
    )


def by_code(queryset, description):
    """The list's own objects by code, typed for the schema, which cannot follow the code from
    the id."""
    help_text = description + SEVERAL
    return extend_schema_field({"type": "string", "description": help_text})(
        ModelsFilter(field_name="id", to_field_name="code", queryset=queryset, help_text=help_text)
    )


class ProgramFilter(FilterSet):
    year = YearFilter(method="filter_year", help_text="Programs running in this year.")
    q = text_filter("code", "name", "short_name", what="the code or name")
    updated_after = updated_after()

    class Meta:
        model = Program
        fields = ["year", "q", "updated_after"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class DocumentFilter(FilterSet):
    kind = ChoicesFilter(choices=Document.Kind.choices, help_text="Kind of document." + SEVERAL)
    program = ModelsFilter(
        field_name="programs",
        to_field_name="code",
        queryset=PROGRAMS,
        distinct=True,
        help_text="Code of a program the document concerns." + SEVERAL,
    )
    issued_on = filters.DateFromToRangeFilter(
        help_text="Issued within a date range: `issued_on_after`, `issued_on_before` (inclusive)."
    )
    q = text_filter("number", "title", what="the number or title")
    updated_after = updated_after()

    class Meta:
        model = Document
        fields = ["kind", "program", "issued_on", "q", "updated_after"]


class AdministrativeUnitFilter(FilterSet):
    id = ModelsFilter(field_name="id", queryset=UNITS, help_text="Id of the unit." + SEVERAL)
    code = by_code(UNITS, "Official code (the same code may name a former unit).")
    kind = ChoicesFilter(
        choices=AdministrativeUnit.Kind.choices, help_text="Type of unit." + SEVERAL
    )
    level = ChoicesFilter(
        choices=AdministrativeUnit.Level.choices, help_text="Level of the unit." + SEVERAL
    )
    parent = ModelsFilter(queryset=UNITS, help_text="Id of the unit it is part of." + SEVERAL)
    in_force_on = filters.DateFilter(
        method="filter_in_force_on",
        help_text="Only the units of the structure in force on this date, e.g. 2025-06-30.",
    )
    current = BooleanFilter(
        field_name="valid_until",
        lookup_expr="isnull",
        help_text="`true`: today's units only; `false`: former units only.",
    )
    former = BooleanFilter(
        field_name="valid_until",
        lookup_expr="isnull",
        exclude=True,
        help_text="`true`: former units only (those that ended, most on 30 June 2025); "
        "`false`: today's units only.",
    )
    successor = ModelsFilter(
        queryset=UNITS,
        help_text="Id of a unit: the former units merged into it." + SEVERAL,
    )
    q = filters.CharFilter(
        field_name="name",
        lookup_expr="vn_contains",
        help_text="Text in the name, ignoring case and diacritics: `soc trang` finds Sóc Trăng.",
    )
    updated_after = updated_after()

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "code",
            "kind",
            "level",
            "parent",
            "in_force_on",
            "current",
            "former",
            "successor",
            "q",
            "updated_after",
        ]

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force_on(value)


class IndicatorFilter(FilterSet):
    code = by_code(INDICATORS, "Code of the indicator.")
    program = ModelsFilter(
        to_field_name="code", queryset=PROGRAMS, help_text="Code of the program." + SEVERAL
    )
    measure = ChoicesFilter(
        choices=Indicator.Measure.choices, help_text="Unit of measure." + SEVERAL
    )
    level = ChoicesFilter(
        choices=AdministrativeUnit.Level.choices,
        method="filter_level",
        help_text="Indicators reported at this level." + SEVERAL,
    )
    q = text_filter("code", "name", what="the code or name")
    updated_after = updated_after()

    class Meta:
        model = Indicator
        fields = ["code", "program", "measure", "level", "q", "updated_after"]

    def filter_level(self, queryset, name, value):
        flags = {"nation": "at_national", "province": "at_province", "commune": "at_commune"}
        if not value:
            return queryset
        return queryset.filter(reduce(operator.or_, (Q(**{flags[level]: True}) for level in value)))


class FigureFilter(FilterSet):
    """Filters shared by indicator values and targets."""

    indicator = ModelsFilter(
        to_field_name="code", queryset=INDICATORS, help_text="Code of the indicator." + SEVERAL
    )
    program = ModelsFilter(
        field_name="indicator__program",
        to_field_name="code",
        queryset=PROGRAMS,
        help_text="Code of the program of the indicator." + SEVERAL,
    )
    unit = ModelsFilter(queryset=UNITS, help_text="Id of the unit." + SEVERAL)
    unit_code = ModelsFilter(
        field_name="unit",
        to_field_name="code",
        queryset=UNITS,
        help_text=(
            "Official code of the unit. Codes were reused on 1 July 2025 (52 was Bình Định, "
            "is now Gia Lai): add `structure` to choose one." + SEVERAL
        ),
    )
    structure = filters.ChoiceFilter(
        choices=[("current", "current"), ("former", "former")],
        method="filter_structure",
        help_text="`current`: units in force today; `former`: units that no longer exist.",
    )
    level = ChoicesFilter(
        field_name="unit__level",
        choices=AdministrativeUnit.Level.choices,
        help_text="Level of the unit." + SEVERAL,
    )
    period_end = filters.DateFilter(help_text="Reference date (end of the period), exactly.")
    period_end_after = filters.DateFilter(
        field_name="period_end",
        lookup_expr="gte",
        help_text="Reference date on or after this date.",
    )
    period_end_before = filters.DateFilter(
        field_name="period_end",
        lookup_expr="lte",
        help_text="Reference date on or before this date.",
    )
    period = YearsFilter(
        field_name="period_end",
        help_text="Reference date in this year, e.g. 2024." + SEVERAL,
    )

    q = text_filter(
        "indicator__code",
        "indicator__name",
        "unit__name",
        what="the indicator's code or name or the unit's name",
    )

    def filter_structure(self, queryset, name, value):
        return queryset.filter(unit__valid_until__isnull=value == "current")


class IndicatorValueFilter(FigureFilter):
    program = ModelsFilter(
        field_name="indicator__program",
        to_field_name="code",
        queryset=PROGRAMS,
        method="filter_program",
        help_text="Code of the program; includes the figures of the programs it succeeds."
        + SEVERAL,
    )
    unit_and_predecessors = ModelsFilter(
        field_name="unit",
        queryset=UNITS,
        method="filter_unit_and_predecessors",
        help_text=(
            "Id of a unit: its figures and those of the former units that merged into it, "
            "for a series across the 2025 reorganisation." + SEVERAL
        ),
    )
    status = filters.ChoiceFilter(
        choices=IndicatorValue.Status.choices,
        help_text="Only users who may change figures see drafts.",
    )
    updated_after = updated_after()
    fold = filters.ChoiceFilter(
        choices=[("current", "current")],
        method="filter_fold",
        help_text=(
            "`current`: the harmonised series of today's units. Each figure of a former unit "
            "joins the series of the unit it merged into (`series_unit`), still labelled by "
            "its own unit; figures of units in no current series are left out. Ordered by "
            "series, indicator and reference date."
        ),
    )
    latest = BooleanFilter(
        method="filter_latest",
        help_text="`true`: only each unit's latest figure of each indicator (among the others "
        "filters leave).",
    )

    class Meta:
        model = IndicatorValue
        fields = [
            "indicator",
            "program",
            "unit",
            "unit_code",
            "structure",
            "unit_and_predecessors",
            "level",
            "period_end",
            "period_end_after",
            "period_end_before",
            "period",
            "status",
            "updated_after",
            "fold",
            "q",
            # Last: the latest of the figures the other filters leave.
            "latest",
        ]

    def filter_program(self, queryset, name, value):
        if not value:
            return queryset
        return reduce(operator.or_, (queryset.for_program(program) for program in value))

    def filter_unit_and_predecessors(self, queryset, name, value):
        if not value:
            return queryset
        return reduce(operator.or_, (queryset.for_unit_and_predecessors(unit) for unit in value))

    def filter_fold(self, queryset, name, value):
        return (
            queryset.filter(
                Q(unit__valid_until__isnull=True)
                | Q(unit__successor__isnull=False, unit__successor__valid_until__isnull=True)
            )
            .alias(
                series=Case(
                    When(unit__valid_until__isnull=True, then=F("unit_id")),
                    default=F("unit__successor_id"),
                )
            )
            .order_by("series", "indicator_id", "period_end", "unit_id")
        )

    def filter_latest(self, queryset, name, value):
        if not value:
            return queryset
        rank = Window(
            Rank(),
            partition_by=[F("indicator_id"), F("unit_id")],
            order_by=[F("period_end").desc(), F("period_start").desc()],
        )
        latest = queryset.annotate(rank=rank).filter(rank=1).values("pk")
        return queryset.filter(pk__in=latest)


class TargetFilter(FigureFilter):
    document = ModelsFilter(
        to_field_name="slug",
        queryset=Document.objects.all(),
        help_text="Slug of the document that set the target." + SEVERAL,
    )
    updated_after = updated_after()

    class Meta:
        model = Target
        fields = [
            "indicator",
            "program",
            "unit",
            "unit_code",
            "structure",
            "level",
            "period_end",
            "period_end_after",
            "period_end_before",
            "period",
            "document",
            "q",
            "updated_after",
        ]


class ConferenceFilter(FilterSet):
    program = ModelsFilter(
        field_name="programs",
        to_field_name="code",
        queryset=PROGRAMS,
        distinct=True,
        help_text="Code of a program reviewed." + SEVERAL,
    )
    movement = ModelsFilter(
        field_name="movements",
        to_field_name="slug",
        queryset=EmulationMovement.objects.all(),
        distinct=True,
        help_text="Slug of an emulation movement reviewed." + SEVERAL,
    )
    unit = ModelsFilter(
        field_name="bridges__unit",
        queryset=UNITS,
        distinct=True,
        help_text="Id of a province or city with a bridge." + SEVERAL,
    )
    date = filters.DateFromToRangeFilter(
        help_text="Held within a date range: `date_after`, `date_before` (inclusive)."
    )
    q = text_filter("title", what="the title")
    updated_after = updated_after()

    class Meta:
        model = Conference
        fields = ["program", "movement", "unit", "date", "q", "updated_after"]


class MovementFilter(FilterSet):
    program = ModelsFilter(
        to_field_name="code", queryset=PROGRAMS, help_text="Code of the program." + SEVERAL
    )
    q = text_filter("name", what="the name")
    updated_after = updated_after()

    class Meta:
        model = EmulationMovement
        fields = ["program", "q", "updated_after"]


class AwardFilter(FilterSet):
    award_type = ChoicesFilter(choices=Award.Type.choices, help_text="The award." + SEVERAL)
    recipient_kind = filters.ChoiceFilter(
        choices=Award.RecipientKind.choices, help_text="Collective or individual."
    )
    movement = ModelsFilter(
        to_field_name="slug",
        queryset=EmulationMovement.objects.all(),
        help_text="Slug of the emulation movement." + SEVERAL,
    )
    decision = ModelsFilter(
        to_field_name="slug",
        queryset=Document.objects.all(),
        help_text="Slug of the award decision." + SEVERAL,
    )
    province = ModelsFilter(
        queryset=UNITS, help_text="Id of the province of the recipient." + SEVERAL
    )
    conference = ModelsFilter(
        to_field_name="slug",
        queryset=Conference.objects.all(),
        help_text="Slug of the conference that announced it." + SEVERAL,
    )
    q = filters.CharFilter(
        field_name="recipient",
        lookup_expr="vn_contains",
        help_text="Text in the recipient's name, ignoring case and diacritics.",
    )
    updated_after = updated_after()

    class Meta:
        model = Award
        fields = [
            "award_type",
            "recipient_kind",
            "movement",
            "decision",
            "province",
            "conference",
            "q",
            "updated_after",
        ]
