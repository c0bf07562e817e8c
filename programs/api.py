"""The programs part of the REST API v1 (routes in ntmportal/api_urls.py, guide in docs/api.md)."""

import io
import json
import tempfile
import zipfile

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db.models import Prefetch
from django.http import FileResponse
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema
from rest_framework import permissions
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.utils.encoders import JSONEncoder
from rest_framework.views import APIView

from ntmportal import pagecache
from ntmportal.api import (
    CACHE_MAX_AGE,
    CSVMixin,
    DownloadMixin,
    PublishedOnlyMixin,
    ReadOnlyViewSet,
    RequestLimitsMixin,
    WritableViewSet,
    csv_lines,
)

from . import filters, serializers
from .models import (
    NATIONWIDE,
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


def check_unit_editable(user, unit):
    if unit.is_editable_by(user):
        return
    if unit.level == AdministrativeUnit.Level.NATION:
        raise PermissionDenied(_("National figures and targets are edited by national editors."))
    raise PermissionDenied(
        _("You may edit only the figures and targets of your provinces; %(unit)s is not one.")
        % {"unit": unit}
    )


class UnitInScope(permissions.BasePermission):
    """A figure or target is changed only by those who may edit its unit."""

    def has_object_permission(self, request, view, obj):
        if request.method not in permissions.SAFE_METHODS:
            check_unit_editable(request.user, obj.unit)
        return True


class UnitScopedWritesMixin:
    """Writes of figures and targets only for the units the user may edit, whatever their
    model permissions (AdministrativeUnitQuerySet.editable_by)."""

    permission_classes = [permissions.DjangoModelPermissionsOrAnonReadOnly, UnitInScope]

    def perform_create(self, serializer):
        check_unit_editable(self.request.user, serializer.validated_data["unit"])
        super().perform_create(serializer)

    def perform_update(self, serializer):
        if "unit" in serializer.validated_data:
            check_unit_editable(self.request.user, serializer.validated_data["unit"])
        super().perform_update(serializer)


class ProgramViewSet(ReadOnlyViewSet):
    """National target programs, by code (`NTM`). A program lists the programs it succeeds."""

    queryset = Program.objects.select_related("decided_by").prefetch_related(
        "succeeds", "lead_agencies"
    )
    serializer_class = serializers.ProgramSerializer
    filterset_class = filters.ProgramFilter
    lookup_field = "code"
    ordering_fields = ["code", "start_year", "end_year"]


class DocumentViewSet(DownloadMixin, CSVMixin, ReadOnlyViewSet):
    """Legal documents: laws, resolutions, decrees, decisions, plans and reports, by slug."""

    queryset = Document.objects.prefetch_related("programs")
    serializer_class = serializers.DocumentSerializer
    filterset_class = filters.DocumentFilter
    lookup_field = "slug"
    ordering_fields = ["issued_on", "effective_on", "number"]


class AdministrativeUnitViewSet(DownloadMixin, CSVMixin, ReadOnlyViewSet):
    """The nation, provinces and communes, current and former, by id. A former unit links to
    the unit it merged into (`successor`), a current one to the units merged into it
    (`predecessors`). Use `in_force_on` for the structure on a given date."""

    queryset = AdministrativeUnit.objects.select_related("parent", "successor").prefetch_related(
        Prefetch("predecessors", AdministrativeUnit.objects.order_by("code"))
    )
    serializer_class = serializers.AdministrativeUnitSerializer
    filterset_class = filters.AdministrativeUnitFilter
    ordering_fields = ["name", "code", "valid_from", "valid_until"]
    vietnamese_ordering = ["name"]


class IndicatorViewSet(DownloadMixin, CSVMixin, ReadOnlyViewSet):
    """What the programs measure, by code, with the unit of measure and the levels reported."""

    queryset = Indicator.objects.select_related("program")
    serializer_class = serializers.IndicatorSerializer
    filterset_class = filters.IndicatorFilter
    lookup_field = "code"
    ordering_fields = ["code", "order"]

    @extend_schema(
        responses=serializers.IndicatorMetadataSerializer,
        description="What a researcher needs to read the indicator's figures right: its "
        "definition, unit of measure, levels, direction, program and licence, and what its "
        "published figures are (how many, of which kinds and qualifiers, from which sources).",
    )
    @action(detail=True, serializer_class=serializers.IndicatorMetadataSerializer)
    def metadata(self, request, code=None):
        indicator = self.get_object()
        statistics = serializers.figure_statistics(
            IndicatorValue.objects.published().filter(indicator=indicator)
        )
        context = {**self.get_serializer_context(), "statistics": statistics}
        return Response(self.get_serializer(indicator, context=context).data)


class IndicatorValueViewSet(
    UnitScopedWritesMixin, PublishedOnlyMixin, DownloadMixin, CSVMixin, WritableViewSet
):
    """Published figures: one value of an indicator for a unit and a period, with its source.
    Also as CSV, a page at a time or all at once (`download/`). Users with the add or change
    permission create and correct figures: national editors of every unit, provincial editors
    of their provinces."""

    # By the figure's own columns, not the related models' orderings: the unique constraint's
    # index then gives the first page without sorting every published figure (docs/performance.md).
    queryset = (
        IndicatorValue.objects.select_related("indicator", "unit", "unit__successor")
        .prefetch_related("further_sources")
        .order_by("indicator_id", "unit_id", "-period_end")
    )
    serializer_class = serializers.IndicatorValueSerializer
    filterset_class = filters.IndicatorValueFilter
    ordering_fields = ["period_end", "period_start", "value", "updated_at"]

    def get_queryset(self):
        queryset = super().get_queryset()  # visitors: the published figures
        user = self.request.user
        if not user.is_authenticated or user.has_perm(NATIONWIDE):
            return queryset
        # Drafts only of the units the user may edit.
        return queryset.published() | queryset.editable_by(user)

    def list(self, request, *args, **kwargs):
        # The serializer's representation read from `.values()` rows (RowsMixin), without a
        # model instance per figure and its indicator and units: the busiest read of the API,
        # three times as fast (docs/performance.md).
        queryset = self.filter_queryset(self.get_queryset())
        rows = Rows(queryset, self.get_serializer_class().rows, self.count_key())
        return self.get_paginated_response(self.paginate_queryset(rows))

    def count_key(self):
        """What a visitor's rows depend on: the filters of the address. A signed-in user's depend
        on their rights too, and are keyed by the query itself (None)."""
        if self.request.user.is_authenticated:
            return None
        filters = sorted(
            (name, values)
            for name, values in self.request.query_params.lists()
            if name not in {"page", "page_size", "format"}
        )
        return f"{self.basename}:{filters!r}"


class Rows:
    """A queryset for the paginator, counted without the joins of the related columns and the
    count kept until content changes (ntmportal.pagecache.count); a page is read as the
    representation `rows` gives of its slice."""

    def __init__(self, queryset, rows, count_key=None):
        self.queryset, self.rows, self.count_key = queryset, rows, count_key

    def count(self):
        return pagecache.count(self.queryset, self.count_key)

    def __getitem__(self, index):
        return self.rows(self.queryset[index])


class TargetViewSet(UnitScopedWritesMixin, DownloadMixin, CSVMixin, WritableViewSet):
    """Targets set by documents for an indicator, a unit and a period. Also as CSV, a page at a
    time or all at once (`download/`). Users with
    the add or change permission create and correct targets: national editors of every unit,
    provincial editors of their provinces."""

    queryset = Target.objects.select_related("indicator", "unit", "unit__successor", "document")
    serializer_class = serializers.TargetSerializer
    filterset_class = filters.TargetFilter
    ordering_fields = ["period_end", "period_start", "value"]


class ConferenceViewSet(DownloadMixin, CSVMixin, ReadOnlyViewSet):
    """Conferences, by slug, with their bridges (connection points) and who attended each."""

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
    )
    serializer_class = serializers.ConferenceSerializer
    filterset_class = filters.ConferenceFilter
    lookup_field = "slug"
    ordering_fields = ["date"]


class MovementViewSet(ReadOnlyViewSet):
    """Emulation movements, by slug."""

    queryset = EmulationMovement.objects.select_related("program")
    serializer_class = serializers.MovementSerializer
    filterset_class = filters.MovementFilter
    lookup_field = "slug"
    ordering_fields = ["launched_on", "name"]
    vietnamese_ordering = ["name"]


class AwardViewSet(DownloadMixin, CSVMixin, ReadOnlyViewSet):
    """Awards made by decisions of the President and the Prime Minister, with their recipients."""

    queryset = Award.objects.select_related("decision", "movement", "province", "conference")
    serializer_class = serializers.AwardSerializer
    filterset_class = filters.AwardFilter
    ordering_fields = ["recipient", "award_type"]
    vietnamese_ordering = ["recipient"]


# The full dump: each file's name, the viewset that describes its rows, and the public rows.
DUMP_FILES = {
    "figures.csv": (IndicatorValueViewSet, lambda: IndicatorValueViewSet.queryset.published()),
    "targets.csv": (TargetViewSet, lambda: TargetViewSet.queryset.all()),
    "units.csv": (AdministrativeUnitViewSet, lambda: AdministrativeUnitViewSet.queryset.all()),
    "indicators.csv": (IndicatorViewSet, lambda: IndicatorViewSet.queryset.all()),
}
DUMP_FOLDER = "api"


def dump_name(generation):
    return f"{DUMP_FOLDER}/dump-{generation}.zip"


def write_dump(request, generation):
    """The ZIP file of the full dump for this content generation, in the default storage:
    built on the first request after a change, by streaming each file's rows into it."""
    name = dump_name(generation)
    if default_storage.exists(name):
        return name
    language = translation.get_language()
    metadata = {
        "title": "NTM Portal open data",
        "description": settings.SPECTACULAR_SETTINGS["DESCRIPTION"],
        "licence": settings.API_LICENSE,
        "contact": settings.API_CONTACT,
        "api": reverse("api:api-root", request=request),
        "language": language,
        "generated_at": timezone.now().isoformat(),
        "files": {},
    }
    with tempfile.SpooledTemporaryFile(max_size=DUMP_IN_MEMORY) as archive:
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zipped:
            for filename, (viewset, rows) in DUMP_FILES.items():
                view = viewset(request=request, format_kwarg=None, kwargs={}, action="download")
                header = view.download_header()
                fields = view.get_serializer().fields
                count = 0
                with io.TextIOWrapper(zipped.open(filename, "w"), "utf-8", newline="") as text:
                    for line in csv_lines(header, view.download_rows(rows())):
                        text.write(line)
                        count += 1
                metadata["files"][filename] = {
                    "rows": count - 1,  # less the header
                    "columns": {name: str(fields[name].help_text or "") for name in header},
                }
            indicators = IndicatorViewSet.queryset.all()
            context = {
                "request": request,
                "statistics": serializers.figure_statistics(IndicatorValue.objects.published()),
            }
            metadata["indicators"] = serializers.IndicatorMetadataSerializer(
                indicators, many=True, context=context
            ).data
            zipped.writestr(
                "metadata.json",
                json.dumps(metadata, ensure_ascii=False, indent=2, cls=JSONEncoder),
            )
        archive.seek(0)
        saved = default_storage.save(name, File(archive))
    if saved != name:  # another request built it meanwhile
        default_storage.delete(saved)
    for old in default_storage.listdir(DUMP_FOLDER)[1]:
        if old.startswith("dump-") and f"{DUMP_FOLDER}/{old}" != name:
            default_storage.delete(f"{DUMP_FOLDER}/{old}")
    return name


# A dump up to this size is built in memory, a larger one in a temporary file.
DUMP_IN_MEMORY = 20 * 1024 * 1024


class DumpView(RequestLimitsMixin, APIView):
    """The full dump of the public data, as one ZIP file: `figures.csv` (the published
    figures), `targets.csv`, `units.csv` and `indicators.csv`, in the CSV of the lists, and
    `metadata.json` (licence, contact, each file's rows and columns, each indicator's
    metadata). Made on the first request after the content changes and kept while the content
    stays the same, so every later request gets the same file, with its ETag."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        responses={(200, "application/zip"): OpenApiTypes.BINARY},
        description="The full dump of the public data as a ZIP file.",
    )
    def get(self, request):
        translation.activate(translation.get_language_from_request(request))
        generation = pagecache.version()
        etag = f'"dump-{generation}"'
        unchanged = get_conditional_response(request, etag=etag)
        if unchanged is not None:
            return unchanged
        name = write_dump(request, generation)
        response = FileResponse(
            default_storage.open(name),
            as_attachment=True,
            filename="ntm-portal-data.zip",
            content_type="application/zip",
        )
        response["ETag"] = etag
        patch_cache_control(response, public=True, max_age=CACHE_MAX_AGE)
        return response
