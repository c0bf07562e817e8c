"""API representations of the programs domain. Translated text comes in the language of the
request's Accept-Language header (Vietnamese by default, English where it has been entered)."""

from collections import defaultdict

from django.conf import settings
from django.utils import timezone, translation
from rest_framework import serializers

from ntmportal.api import ModelCleanSerializer

from .models import (
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    Document,
    EmulationMovement,
    FigureSource,
    Indicator,
    IndicatorValue,
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
    period_start = serializers.DateField(
        help_text="First day of the period; the reference date itself for a snapshot."
    )
    period_end = serializers.DateField(help_text="Last day of the period, or the reference date.")

    class Meta:
        validators = []  # the model's own constraints run in full_clean()


class FigureSourceSerializer(serializers.ModelSerializer):
    class Meta:
        model = FigureSource
        fields = ["publisher", "title", "url", "date"]


class IndicatorValueSerializer(FigureSerializer):
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

    class Meta(FigureSerializer.Meta):
        model = IndicatorValue
        fields = [
            "id",
            "indicator",
            "indicator_name",
            "measure",
            "unit",
            "unit_code",
            "unit_name",
            "period_start",
            "period_end",
            "qualifier",
            "value",
            "value_high",
            "numerator",
            "denominator",
            "share",
            "value_status",
            "status",
            "source_publisher",
            "source_title",
            "source_url",
            "source_date",
            "sources",
            "note",
            "note_vi",
            "note_en",
            "updated_at",
        ]
        extra_kwargs = ID


# What indicator_value_rows() reads, with every language of the translated names.
INDICATOR_VALUE_COLUMNS = [
    "id",
    "indicator__code",
    "indicator__measure",
    "unit_id",
    "unit__code",
    "period_start",
    "period_end",
    "qualifier",
    "value",
    "value_high",
    "numerator",
    "denominator",
    "value_status",
    "status",
    "source_publisher",
    "source_title",
    "source_url",
    "source_date",
    "updated_at",
    *(
        f"{name}_{code}"
        for name in ("indicator__name", "unit__name", "note")
        for code, _ in settings.LANGUAGES
    ),
]


def iso_datetime(value, zone):
    """`serializers.DateTimeField().to_representation(value)`, the zone looked up once a page."""
    text = value.astimezone(zone).isoformat()
    return f"{text[:-6]}Z" if text.endswith("+00:00") else text


def translated(row, name, language):
    """The name in the active language, else in Vietnamese, as modeltranslation falls back."""
    return row.get(f"{name}_{language}") or row[f"{name}_{settings.LANGUAGE_CODE}"] or ""


def indicator_value_rows(rows):
    """IndicatorValueSerializer's representation of rows of `values(*INDICATOR_VALUE_COLUMNS)`,
    without building a model instance per row: the API list's fast path."""
    rows = list(rows)
    language, zone = translation.get_language(), timezone.get_current_timezone()
    # The further sources of the page's figures: one query, however many rows.
    sources = defaultdict(list)
    further = FigureSource.objects.filter(figure__in=[row["id"] for row in rows])
    for source in further.order_by("date", "pk"):
        sources[source.figure_id].append(
            {
                "publisher": source.publisher,
                "title": source.title,
                "url": source.url,
                "date": source.date.isoformat(),
            }
        )
    return [
        {
            "id": row["id"],
            "indicator": row["indicator__code"],
            "indicator_name": translated(row, "indicator__name", language),
            "measure": row["indicator__measure"],
            "unit": row["unit_id"],
            "unit_code": row["unit__code"],
            "unit_name": translated(row, "unit__name", language),
            "period_start": row["period_start"].isoformat(),
            "period_end": row["period_end"].isoformat(),
            "qualifier": row["qualifier"],
            "value": row["value"],
            "value_high": row["value_high"],
            "numerator": row["numerator"],
            "denominator": row["denominator"],
            "share": IndicatorValue.share_of(row["numerator"], row["denominator"]),
            "value_status": row["value_status"],
            "status": row["status"],
            "source_publisher": row["source_publisher"],
            "source_title": row["source_title"],
            "source_url": row["source_url"],
            "source_date": row["source_date"].isoformat(),
            "sources": sources[row["id"]],
            "note": translated(row, "note", language),
            "note_vi": row["note_vi"] or "",
            "note_en": row["note_en"] or "",
            "updated_at": iso_datetime(row["updated_at"], zone),
        }
        for row in rows
    ]


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
            "unit",
            "unit_code",
            "unit_name",
            "period_start",
            "period_end",
            "value",
            "document",
            "document_number",
            "note",
        ]
        extra_kwargs = ID


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
