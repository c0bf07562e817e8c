"""The spreadsheet import of figures in the admin: its preview, its templates and its batches.

The preview of a file of any size shows a summary and its first rows (importing.summary); the
file waits for the confirmation in the shared cache (importing.UploadStorage). Templates come
empty or per province, holding the province's units, the indicators reported at their levels
and the latest figure of each.
"""

import tablib
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntmportal.vietnamese import slugify_vi

from . import importing
from .models import NATIONWIDE, AdministrativeUnit, ImportBatch, Indicator, IndicatorValue
from .resources import COLUMNS, FORMATS, PREVIEW_ROWS, IndicatorValueResource


def template_response(dataset, extension, name):
    file_format = next((f() for f in FORMATS if f().get_extension() == extension), None)
    if file_format is None:
        raise Http404
    return HttpResponse(
        file_format.export_data(dataset),
        content_type=file_format.get_content_type(),
        headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'},
    )


def province_template(province):
    """The rows a province fills in: each of its units in force today (the province, then its
    communes by code) with each indicator reported at the unit's level, holding the unit's
    latest figure of it or else left to fill; codes are text."""
    today = timezone.localdate()
    units = [
        province,
        *AdministrativeUnit.objects.communes()
        .in_force_on(today)
        .filter(parent=province)
        .order_by("code"),
    ]
    indicators = list(Indicator.objects.order_by("program", "order", "code"))
    latest = {}
    values = IndicatorValue.objects.filter(unit__in=units).order_by("period_end", "period_start")
    for value in values.select_related("indicator", "unit"):
        latest[value.indicator_id, value.unit_id] = value
    resource = IndicatorValueResource()
    dataset = tablib.Dataset(headers=COLUMNS)
    for unit in units:
        for indicator in indicators:
            if not indicator.applies_to(unit.level):
                continue
            value = latest.get((indicator.pk, unit.pk))
            if value is not None:
                dataset.append(resource.export_resource(value))
            else:
                codes = {"indicator": indicator.code, "unit_code": unit.code}
                blank = dict.fromkeys(COLUMNS, "") | codes | {"unit_name": unit.name_vi}
                dataset.append(list(blank.values()))
    return dataset


class SpreadsheetImportMixin:
    """For IndicatorValueAdmin, before ImportExportMixin."""

    def has_import_permission(self, request):
        return self.has_add_permission(request) and self.has_change_permission(request)

    def get_import_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import/template.<str:extension>",
                view(self.import_file_template),
                name="programs_indicatorvalue_import_template",
            ),
            path(
                "import/province/<int:province_id>.<str:extension>",
                view(self.province_file_template),
                name="programs_indicatorvalue_province_template",
            ),
        ]

    def template_provinces(self, request):
        return (
            AdministrativeUnit.objects.provinces()
            .current()
            .editable_by(request.user)
            .order_by("code")
        )

    def import_action(self, request, **kwargs):
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None:
            if context.get("result") is not None:
                context["summary"] = importing.summary(context["result"], PREVIEW_ROWS)
            if self.has_import_permission(request):
                context["template_provinces"] = self.template_provinces(request)
        return response

    def process_import(self, request, **kwargs):
        try:
            return super().process_import(request, **kwargs)
        except importing.FileError as error:  # the upload expired before the confirmation
            messages.error(request, str(error))
            return HttpResponseRedirect(reverse("admin:programs_indicatorvalue_import"))

    def add_data_read_fail_error_to_form(self, form, error):
        """What went wrong in words, never an exception's name."""
        if isinstance(error, importing.FileError):
            form.add_error("import_file", str(error))
        else:
            form.add_error(
                "import_file",
                _("The file cannot be read: check that it is a CSV or XLSX file as chosen. %(how)s")
                % {"how": importing.SAVE_AS_UTF8},
            )

    def import_file_template(self, request, extension):
        """The empty spreadsheet to fill in: the import's columns, no rows."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        dataset = IndicatorValueResource().export(IndicatorValue.objects.none())
        return template_response(dataset, extension, "indicator-values")

    def province_file_template(self, request, province_id, extension):
        if not self.has_import_permission(request):
            raise PermissionDenied
        province = get_object_or_404(self.template_provinces(request), pk=province_id)
        name = f"indicator-values-{slugify_vi(province.name_vi)}"
        return template_response(province_template(province), extension, name)


IMPORT_PERMISSIONS = ["programs.add_indicatorvalue", "programs.change_indicatorvalue"]


@admin.register(ImportBatch)
class ImportBatchAdmin(admin.ModelAdmin):
    """The imports, read-only; who may import sees their own (national editors every one) and
    may undo them."""

    list_display = [
        "created_at",
        "file_name",
        "user",
        "created_count",
        "updated_count",
        "unchanged_count",
        "undone_at",
        "undone_by",
    ]
    list_filter = [("undone_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user", "undone_by"]
    search_fields = ["file_name", "user__username"]
    date_hierarchy = "created_at"
    actions = ["undo"]
    fields = readonly_fields = list_display

    def get_queryset(self, request):
        batches = super().get_queryset(request)
        if request.user.has_perm(NATIONWIDE):
            return batches
        return batches.filter(user=request.user)

    def has_module_permission(self, request):
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perms(IMPORT_PERMISSIONS)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_undo_permission(self, request):
        return request.user.has_perms([*IMPORT_PERMISSIONS, "programs.delete_indicatorvalue"])

    @admin.action(description=gettext_lazy("Undo the selected imports"), permissions=["undo"])
    def undo(self, request, queryset):
        for batch in queryset:
            try:
                count = batch.undo(request.user)
            except ValidationError as error:
                self.message_user(request, f"{batch}: {error.messages[0]}", messages.ERROR)
            else:
                message = _("%(batch)s undone: %(count)s figures put back as they were.")
                self.message_user(request, message % {"batch": batch, "count": count})
