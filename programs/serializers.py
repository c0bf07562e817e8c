"""API representations of the programs domain. Translated text comes in the language of the
request's Accept-Language header (Vietnamese by default, English where it has been entered)."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Max, Min
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from ntmportal.api import ChoiceLabelField, ModelCleanSerializer, RowsMixin

from .models import (
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    ConferenceSource,
    Document,
    EmulationMovement,
    FigureSource,
    Indicator,
    IndicatorValue,
    LeadAgency,
    Person,
    Program,
    Target,
)

API_LINK = "This resource's address in the API."
ID = {"id": {"help_text": "Permanent identifier."}}


class OptionalURLField(serializers.URLField):
    """A link that may be missing: null, not an empty string, when there is none."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return value or None


class UnitRefSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:unit-detail", help_text=API_LINK)

    class Meta:
        model = AdministrativeUnit
        fields = ["id", "url", "code", "name", "valid_from", "valid_until"]
        extra_kwargs = ID


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["name", "slug"]


class LeadAgencySerializer(serializers.ModelSerializer):
    class Meta:
        model = LeadAgency
        fields = ["name", "valid_from", "valid_until"]
        extra_kwargs = {
            "valid_from": {"help_text": "First day as lead agency; null: since the program began."},
            "valid_until": {"help_text": "Last day as lead agency; null: still leading."},
        }


class ProgramSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:program-detail", lookup_field="code", help_text=API_LINK
    )
    decided_by = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the deciding document.",
    )
    succeeds = serializers.SlugRelatedField(
        slug_field="code",
        many=True,
        read_only=True,
        help_text="Codes of the programs whose work this one continues.",
    )

    lead_agency = serializers.CharField(
        source="lead_agency.name",
        read_only=True,
        allow_null=True,
        help_text="The agency leading the program today.",
    )
    lead_agencies = LeadAgencySerializer(
        source="lead_agencies_in_order",
        many=True,
        read_only=True,
        help_text="Every lead agency of the program, oldest first, with the days it led.",
    )

    class Meta:
        model = Program
        fields = [
            "url",
            "code",
            "slug",
            "name",
            "short_name",
            "description",
            "goals",
            "start_year",
            "end_year",
            "lead_agency",
            "lead_agencies",
            "decided_by",
            "succeeds",
        ]


class DocumentSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:document-detail", lookup_field="slug", help_text=API_LINK
    )
    programs = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes of the programs concerned."
    )
    official_url = OptionalURLField(source="url", help_text="The official text.")

    class Meta:
        model = Document
        fields = [
            "url",
            "slug",
            "number",
            "kind",
            "title",
            "summary",
            "issuer",
            "issued_on",
            "effective_on",
            "file",
            "official_url",
            "programs",
        ]


class AdministrativeUnitSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:unit-detail", help_text=API_LINK)
    slug = serializers.CharField(
        read_only=True, help_text="The name in ASCII, as in the site's addresses."
    )
    level = serializers.ChoiceField(
        choices=AdministrativeUnit.Level.choices,
        read_only=True,
        help_text="National, provincial or commune level, from the type.",
    )
    parent = UnitRefSerializer(
        read_only=True, allow_null=True, help_text="The unit this one is part of."
    )
    successor = UnitRefSerializer(
        read_only=True, allow_null=True, help_text="The unit this former unit merged into, if any."
    )
    predecessors = UnitRefSerializer(
        many=True, read_only=True, help_text="The former units that merged into this one."
    )

    class Meta:
        model = AdministrativeUnit
        fields = [
            "id",
            "url",
            "code",
            "name",
            "slug",
            "kind",
            "level",
            "parent",
            "valid_from",
            "valid_until",
            "successor",
            "succession",
            "predecessors",
        ]
        extra_kwargs = ID


class IndicatorSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:indicator-detail", lookup_field="code", help_text=API_LINK
    )
    program = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of the program."
    )
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=AdministrativeUnit.Level.choices),
        read_only=True,
        help_text="The levels of administrative unit the indicator is reported at.",
    )

    class Meta:
        model = Indicator
        fields = [
            "url",
            "code",
            "name",
            "description",
            "measure",
            "program",
            "higher_is_better",
            "additive",
            "levels",
            "order",
        ]


# What AdministrativeUnit.series_unit_of() reads of a figure's row.
SERIES_COLUMNS = [
    "unit_id",
    "unit__valid_until",
    "unit__successor_id",
    "unit__successor__valid_until",
]


class FigureSerializer(ModelCleanSerializer):
    """What indicator values and targets share: an indicator, a unit and a period, each related
    object by its identifier with its name beside it, flat so that a CSV row holds it all."""

    indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=Indicator.objects.all(), help_text="Code of the indicator."
    )
    indicator_name = serializers.CharField(
        source="indicator.name", read_only=True, help_text="Name of the indicator."
    )
    measure = serializers.ChoiceField(
        source="indicator.measure",
        choices=Indicator.Measure.choices,
        read_only=True,
        help_text="Unit of measure of the indicator.",
    )
    measure_name = ChoiceLabelField(
        source="indicator.measure",
        choices=Indicator.Measure.choices,
        help_text="Unit of measure of the indicator, in words.",
    )
    unit = serializers.PrimaryKeyRelatedField(
        queryset=AdministrativeUnit.objects.all(),
        help_text="Id of the administrative unit (a code alone is ambiguous across 2025).",
    )
    unit_code = serializers.CharField(
        source="unit.code", read_only=True, help_text="Official code of the unit."
    )
    unit_name = serializers.CharField(
        source="unit.name", read_only=True, help_text="Name of the unit."
    )
    unit_valid_until = serializers.DateField(
        source="unit.valid_until",
        read_only=True,
        allow_null=True,
        help_text="Last day of the unit, if it no longer exists (most former units: 2025-06-30).",
    )
    unit_current = serializers.SerializerMethodField(help_text="Whether the unit exists today.")
    unit_successor_code = serializers.CharField(
        source="unit.successor.code",
        read_only=True,
        allow_null=True,
        help_text="Official code of the unit this former unit merged into, if any.",
    )
    series_unit = serializers.SerializerMethodField(
        help_text=(
            "Id of the current unit whose series the figure belongs to: the unit itself, or "
            "the one it merged into (null if none exists today). Pivot on it for a series "
            "across the 2025 reorganisation, on `unit` to keep every unit apart."
        ),
    )
    period_start = serializers.DateField(
        help_text="First day of the period; the reference date itself for a snapshot."
    )
    period_end = serializers.DateField(help_text="Last day of the period, or the reference date.")

    @extend_schema_field(OpenApiTypes.BOOL)
    def get_unit_current(self, figure):
        return not figure.unit.is_former

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_series_unit(self, figure):
        unit, successor = figure.unit, figure.unit.successor
        return AdministrativeUnit.series_unit_of(
            unit.pk,
            unit.valid_until,
            successor and successor.pk,
            successor and successor.valid_until,
        )

    # The list's rows (RowsMixin): the fields computed from more than one column.
    row_fields = {
        "unit_current": (["unit__valid_until"], lambda row: row["unit__valid_until"] is None),
        "series_unit": (
            SERIES_COLUMNS,
            lambda row: AdministrativeUnit.series_unit_of(*map(row.get, SERIES_COLUMNS)),
        ),
    }

    class Meta:
        validators = []  # the model's own constraints run in full_clean()


class FigureSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = FigureSource
        fields = ["publisher", "title", "url", "date"]


class IndicatorValueSerializer(RowsMixin, FigureSerializer):
    """A figure. Who may not approve figures writes `draft` or `submitted` (also when changing a
    published figure: it is approved again); national editors approve (`published`) or return."""

    sources = FigureSourceSerializer(
        source="further_sources",
        many=True,
        read_only=True,
        help_text="Further sources besides the primary one (source_*), oldest first.",
    )
    share = serializers.DecimalField(
        max_digits=7,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text="Numerator as a percentage of the denominator, when both are known.",
    )

    row_fields = {
        **FigureSerializer.row_fields,
        "share": (
            ["numerator", "denominator"],
            lambda row: IndicatorValue.share_of(row["numerator"], row["denominator"]),
        ),
    }

    class Meta(FigureSerializer.Meta):
        model = IndicatorValue
        fields = [
            "id",
            *IndicatorValue.columns(
                indicator=["indicator", "indicator_name", "measure", "measure_name"],
                unit=[
                    "unit",
                    "unit_code",
                    "unit_name",
                    "unit_valid_until",
                    "unit_current",
                    "unit_successor_code",
                    "series_unit",
                ],
                denominator=["denominator", "share"],
                source_date=["source_date", "sources"],
                note=["note", "note_vi", "note_en"],
            ),
            "updated_at",
        ]
        extra_kwargs = {
            **ID,
            "source_title": {"help_text": "Title of the source's page, as printed."},
        }

    def validate(self, attrs):
        attrs = super().validate(attrs)
        default = self.instance.status if self.instance else IndicatorValue.Status.DRAFT
        figure = IndicatorValue(status=attrs.get("status", default))
        try:
            figure.check_status_allowed(self.context["request"].user)
        except PermissionDenied as error:
            raise serializers.ValidationError({"status": [str(error)]}) from error
        return attrs


class TargetSerializer(FigureSerializer):
    document = serializers.SlugRelatedField(
        slug_field="slug",
        queryset=Document.objects.all(),
        help_text="Slug of the document that set the target.",
    )
    document_number = serializers.CharField(
        source="document.number", read_only=True, help_text="Number of the document, as printed."
    )

    class Meta(FigureSerializer.Meta):
        model = Target
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "measure",
            "measure_name",
            "unit",
            "unit_code",
            "unit_name",
            "unit_valid_until",
            "unit_current",
            "unit_successor_code",
            "series_unit",
            "period_start",
            "period_end",
            "comparator",
            "value",
            "value_high",
            "document",
            "document_number",
            "note",
            "updated_at",
        ]
        extra_kwargs = {
            **ID,
            "comparator": {"help_text": "What the target asks relative to its value."},
        }


class AttendanceSerializer(serializers.ModelSerializer):
    person = PersonSerializer(read_only=True)

    class Meta:
        model = Attendance
        fields = ["person", "role", "position", "order"]


class BridgeSerializer(serializers.ModelSerializer):
    unit = UnitRefSerializer(
        read_only=True, allow_null=True, help_text="The province or city of the bridge."
    )
    attendees = AttendanceSerializer(
        source="attendances", many=True, read_only=True, help_text="Who presided and attended."
    )

    class Meta:
        model = Bridge
        fields = ["name", "is_main", "location", "unit", "attendees"]


class ConferenceSourceSerializer(FigureSourceSerializer):
    class Meta(FigureSourceSerializer.Meta):
        model = ConferenceSource


class ConferenceSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:conference-detail", lookup_field="slug", help_text=API_LINK
    )
    chair = PersonSerializer(read_only=True, allow_null=True, help_text="Who chaired it.")
    co_chairs = PersonSerializer(many=True, read_only=True, help_text="Who chaired with the chair.")
    programs = serializers.SlugRelatedField(
        slug_field="code", many=True, read_only=True, help_text="Codes of the programs reviewed."
    )
    movements = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True, help_text="Slugs of the movements reviewed."
    )
    source_url = OptionalURLField(help_text="The report of the conference.")
    source_document = serializers.HyperlinkedRelatedField(
        view_name="api:document-detail",
        lookup_field="slug",
        read_only=True,
        allow_null=True,
        help_text="The primary source, where it is a document (the Government's notice of the "
        "conclusions).",
    )
    sources = ConferenceSourceSerializer(
        source="further_sources",
        many=True,
        read_only=True,
        help_text="Further sources (newspapers' reports), oldest first.",
    )
    bridges = BridgeSerializer(
        many=True, read_only=True, help_text="Connection points, main first."
    )

    class Meta:
        model = Conference
        fields = [
            "url",
            "slug",
            "title",
            "date",
            "chair",
            "co_chairs",
            "host",
            "summary",
            "reported",
            "decided",
            "programs",
            "movements",
            "source_url",
            "source_document",
            "sources",
            "bridges",
        ]


class MovementSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(
        view_name="api:movement-detail", lookup_field="slug", help_text=API_LINK
    )
    program = serializers.SlugRelatedField(
        slug_field="code", read_only=True, allow_null=True, help_text="Code of the program."
    )

    class Meta:
        model = EmulationMovement
        fields = [
            "url",
            "slug",
            "name",
            "description",
            "program",
            "start_year",
            "end_year",
            "launched_on",
            "launched_by",
        ]


class AwardSerializer(serializers.ModelSerializer):
    decision = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, help_text="Slug of the award decision."
    )
    decision_number = serializers.CharField(
        source="decision.number", read_only=True, help_text="Number of the decision, as printed."
    )
    decision_date = serializers.DateField(
        source="decision.issued_on", read_only=True, help_text="Date the decision was issued."
    )
    movement = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the emulation movement.",
    )
    province = UnitRefSerializer(
        read_only=True, allow_null=True, help_text="Province of the recipient."
    )
    conference = serializers.SlugRelatedField(
        slug_field="slug",
        read_only=True,
        allow_null=True,
        help_text="Slug of the conference that announced it.",
    )

    class Meta:
        model = Award
        fields = [
            "id",
            "award_type",
            "recipient",
            "recipient_kind",
            "decision",
            "decision_number",
            "decision_date",
            "movement",
            "province",
            "conference",
        ]
        extra_kwargs = ID


def figure_statistics(figures):
    """For each indicator id, what its `figures` are: how many, their reference dates and
    units, their kinds (`value_status`) and qualifiers, and their primary sources. Four
    queries, however many indicators."""
    figures = figures.order_by()  # no grouping by the model's ordering
    statistics = {}
    for row in figures.values("indicator_id").annotate(
        count=Count("id"),
        first_period_end=Min("period_end"),
        last_period_end=Max("period_end"),
        units=Count("unit", distinct=True),
    ):
        statistics[row.pop("indicator_id")] = {
            **row,
            "value_status": {},
            "qualifier": {},
            "sources": [],
        }
    for field in ("value_status", "qualifier"):
        for row in figures.values("indicator_id", field).annotate(count=Count("id")):
            statistics[row["indicator_id"]][field][row[field] or "none"] = row["count"]
    sources = (
        figures.values("indicator_id", "source_publisher")
        .annotate(count=Count("id"))
        .order_by("indicator_id", "-count", "source_publisher")
    )
    for row in sources:
        statistics[row["indicator_id"]]["sources"].append(
            {"publisher": row["source_publisher"], "figures": row["count"]}
        )
    return statistics


NO_FIGURES = {
    "count": 0,
    "first_period_end": None,
    "last_period_end": None,
    "units": 0,
    "value_status": {},
    "qualifier": {},
    "sources": [],
}
COUNTS = {"type": "object", "additionalProperties": {"type": "integer"}}
FIGURE_STATISTICS = {
    "type": "object",
    "properties": {
        "count": {"type": "integer", "description": "Number of published figures."},
        "first_period_end": {"type": "string", "format": "date", "nullable": True},
        "last_period_end": {"type": "string", "format": "date", "nullable": True},
        "units": {"type": "integer", "description": "Number of units with figures."},
        "value_status": {
            **COUNTS,
            "description": "Figures of each kind: "
            + ", ".join(f"`{value}`" for value in IndicatorValue.ValueStatus.values)
            + ".",
        },
        "qualifier": {
            **COUNTS,
            "description": "Figures with each qualifier of their number ("
            + ", ".join(f"`{value}`" for value in IndicatorValue.Qualifier.values)
            + "), `none` for an exact number.",
        },
        "sources": {
            "type": "array",
            "description": "The publishers of the figures' primary sources, most figures first.",
            "items": {
                "type": "object",
                "properties": {
                    "publisher": {"type": "string"},
                    "figures": {"type": "integer"},
                },
            },
        },
    },
}
LICENSE = {
    "type": "object",
    "properties": {"name": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
}


class IndicatorMetadataSerializer(serializers.ModelSerializer):
    """What a researcher needs to read an indicator's figures right. The statistics of the
    figures come from `figure_statistics()` in the context (`statistics`), by indicator id."""

    indicator = serializers.HyperlinkedIdentityField(
        view_name="api:indicator-detail", lookup_field="code", help_text=API_LINK
    )
    definition = serializers.CharField(source="description", help_text="What is counted.")
    measure_name = ChoiceLabelField(
        source="measure",
        choices=Indicator.Measure.choices,
        help_text="The unit of measure, in words.",
    )
    program = serializers.SlugRelatedField(
        slug_field="code", read_only=True, help_text="Code of the program."
    )
    levels = serializers.ListField(
        child=serializers.ChoiceField(choices=AdministrativeUnit.Level.choices),
        help_text="The levels of administrative unit the indicator is reported at.",
    )
    direction = serializers.SerializerMethodField(
        help_text="`higher_is_better` or `lower_is_better`: which way is progress."
    )
    licence = serializers.SerializerMethodField(help_text="The licence of the figures.")
    figures = serializers.SerializerMethodField(help_text="The published figures.")

    class Meta:
        model = Indicator
        fields = [
            "indicator",
            "code",
            "name",
            "definition",
            "measure",
            "measure_name",
            "program",
            "levels",
            "additive",
            "direction",
            "licence",
            "figures",
        ]
        read_only_fields = fields

    @extend_schema_field({"type": "string", "enum": ["higher_is_better", "lower_is_better"]})
    def get_direction(self, indicator):
        return "higher_is_better" if indicator.higher_is_better else "lower_is_better"

    @extend_schema_field(LICENSE)
    def get_licence(self, indicator):
        return settings.API_LICENSE

    @extend_schema_field(FIGURE_STATISTICS)
    def get_figures(self, indicator):
        statistics = self.context["statistics"].get(indicator.pk, NO_FIGURES)
        return {
            **statistics,
            "first_period_end": statistics["first_period_end"]
            and statistics["first_period_end"].isoformat(),
            "last_period_end": statistics["last_period_end"]
            and statistics["last_period_end"].isoformat(),
        }
