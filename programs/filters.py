"""Query filters of the programs API, one FilterSet per resource."""

from django.db.models import Q
from django_filters import rest_framework as filters

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


class ModelsByCodeFilter(filters.ModelMultipleChoiceFilter):
    """Objects named by their `to_field_name` in the query, such as indicators by code.

    django-filter would compare the foreign key with the code itself; compare it with the object.
    """

    def get_filter_predicate(self, v):
        return {self.field_name: v}


class ProgramFilter(filters.FilterSet):
    year = filters.NumberFilter(method="filter_year", help_text="Programs running in this year.")

    class Meta:
        model = Program
        fields = ["year"]

    def filter_year(self, queryset, name, value):
        return queryset.filter(start_year__lte=value, end_year__gte=value)


class DocumentFilter(filters.FilterSet):
    kind = filters.ChoiceFilter(choices=Document.Kind.choices, help_text="Kind of document.")
    program = filters.ModelChoiceFilter(
        field_name="programs",
        to_field_name="code",
        queryset=PROGRAMS,
        help_text="Code of a program the document concerns.",
    )
    issued_on = filters.DateFromToRangeFilter(
        help_text="Issued within a date range: `issued_on_after`, `issued_on_before` (inclusive)."
    )
    q = filters.CharFilter(
        method="filter_text",
        help_text="Text in the number or title, ignoring case and diacritics.",
    )

    class Meta:
        model = Document
        fields = ["kind", "program", "issued_on", "q"]

    def filter_text(self, queryset, name, value):
        return queryset.filter(Q(number__vn_contains=value) | Q(title__vn_contains=value))


class AdministrativeUnitFilter(filters.FilterSet):
    code = filters.CharFilter(help_text="Official code (the same code may name a former unit).")
    kind = filters.ChoiceFilter(choices=AdministrativeUnit.Kind.choices, help_text="Type of unit.")
    level = filters.ChoiceFilter(
        choices=AdministrativeUnit.Level.choices, help_text="Level of the unit."
    )
    parent = filters.ModelChoiceFilter(queryset=UNITS, help_text="Id of the unit it is part of.")
    in_force_on = filters.DateFilter(
        method="filter_in_force_on",
        help_text="Only the units of the structure in force on this date, e.g. 2025-06-30.",
    )
    current = filters.BooleanFilter(
        field_name="valid_until",
        lookup_expr="isnull",
        help_text="`true`: today's units only; `false`: former units only.",
    )
    q = filters.CharFilter(
        field_name="name",
        lookup_expr="vn_contains",
        help_text="Text in the name, ignoring case and diacritics: `soc trang` finds Sóc Trăng.",
    )

    class Meta:
        model = AdministrativeUnit
        fields = ["code", "kind", "level", "parent", "in_force_on", "current", "q"]

    def filter_in_force_on(self, queryset, name, value):
        return queryset.in_force_on(value)


class IndicatorFilter(filters.FilterSet):
    program = filters.ModelChoiceFilter(
        to_field_name="code", queryset=PROGRAMS, help_text="Code of the program."
    )
    measure = filters.ChoiceFilter(choices=Indicator.Measure.choices, help_text="Unit of measure.")
    level = filters.ChoiceFilter(
        choices=AdministrativeUnit.Level.choices,
        method="filter_level",
        help_text="Indicators reported at this level.",
    )

    class Meta:
        model = Indicator
        fields = ["program", "measure", "level"]

    def filter_level(self, queryset, name, value):
        flag = {"nation": "at_national", "province": "at_province", "commune": "at_commune"}[value]
        return queryset.filter(**{flag: True})


class FigureFilter(filters.FilterSet):
    """Filters shared by indicator values and targets."""

    indicator = ModelsByCodeFilter(
        to_field_name="code",
        queryset=INDICATORS,
        help_text="Code of the indicator; repeat the parameter for several.",
    )
    program = filters.ModelChoiceFilter(
        field_name="indicator__program",
        to_field_name="code",
        queryset=PROGRAMS,
        help_text="Code of the program of the indicator.",
    )
    unit = filters.ModelChoiceFilter(queryset=UNITS, help_text="Id of the unit.")
    unit_code = filters.CharFilter(
        field_name="unit__code",
        help_text=(
            "Official code of the unit. Codes were reused on 1 July 2025 (52 was Bình Định, "
            "is now Gia Lai): add `structure` to choose one."
        ),
    )
    structure = filters.ChoiceFilter(
        choices=[("current", "current"), ("former", "former")],
        method="filter_structure",
        help_text="`current`: units in force today; `former`: units that no longer exist.",
    )
    level = filters.ChoiceFilter(
        field_name="unit__level",
        choices=AdministrativeUnit.Level.choices,
        help_text="Level of the unit.",
    )
    period_end = filters.DateFromToRangeFilter(
        help_text=(
            "Reference date (end of the period) within a range: "
            "`period_end_after`, `period_end_before` (inclusive)."
        )
    )

    def filter_structure(self, queryset, name, value):
        return queryset.filter(unit__valid_until__isnull=value == "current")


class IndicatorValueFilter(FigureFilter):
    program = filters.ModelChoiceFilter(
        field_name="indicator__program",
        to_field_name="code",
        queryset=PROGRAMS,
        method="filter_program",
        help_text="Code of the program; includes the figures of the programs it succeeds.",
    )
    unit_and_predecessors = filters.ModelChoiceFilter(
        field_name="unit",
        queryset=UNITS,
        method="filter_unit_and_predecessors",
        help_text=(
            "Id of a unit: its figures and those of the former units that merged into it, "
            "for a series across the 2025 reorganisation."
        ),
    )
    status = filters.ChoiceFilter(
        choices=IndicatorValue.Status.choices,
        help_text="Only users who may change figures see drafts.",
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
            "status",
        ]

    def filter_program(self, queryset, name, value):
        return queryset.for_program(value)

    def filter_unit_and_predecessors(self, queryset, name, value):
        return queryset.for_unit_and_predecessors(value)


class TargetFilter(FigureFilter):
    document = filters.CharFilter(
        field_name="document__slug", help_text="Slug of the document that set the target."
    )

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
            "document",
        ]


class ConferenceFilter(filters.FilterSet):
    program = filters.ModelChoiceFilter(
        field_name="programs",
        to_field_name="code",
        queryset=PROGRAMS,
        help_text="Code of a program reviewed.",
    )
    movement = filters.CharFilter(
        field_name="movements__slug", help_text="Slug of an emulation movement reviewed."
    )
    unit = filters.ModelChoiceFilter(
        field_name="bridges__unit",
        queryset=UNITS,
        distinct=True,
        help_text="Id of a province or city with a bridge.",
    )
    date = filters.DateFromToRangeFilter(
        help_text="Held within a date range: `date_after`, `date_before` (inclusive)."
    )

    class Meta:
        model = Conference
        fields = ["program", "movement", "unit", "date"]


class MovementFilter(filters.FilterSet):
    program = filters.ModelChoiceFilter(
        to_field_name="code", queryset=PROGRAMS, help_text="Code of the program."
    )

    class Meta:
        model = EmulationMovement
        fields = ["program"]


class AwardFilter(filters.FilterSet):
    award_type = filters.ChoiceFilter(choices=Award.Type.choices, help_text="The award.")
    recipient_kind = filters.ChoiceFilter(
        choices=Award.RecipientKind.choices, help_text="Collective or individual."
    )
    movement = filters.CharFilter(
        field_name="movement__slug", help_text="Slug of the emulation movement."
    )
    decision = filters.CharFilter(
        field_name="decision__slug", help_text="Slug of the award decision."
    )
    province = filters.ModelChoiceFilter(
        queryset=UNITS, help_text="Id of the province of the recipient."
    )
    conference = filters.CharFilter(
        field_name="conference__slug", help_text="Slug of the conference that announced it."
    )
    q = filters.CharFilter(
        field_name="recipient",
        lookup_expr="vn_contains",
        help_text="Text in the recipient's name, ignoring case and diacritics.",
    )

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
        ]
