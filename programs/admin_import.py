"""The spreadsheet import of figures in the admin: its jobs, its templates and its batches.

An upload becomes an ImportJob that the worker checks in the background (programs/tasks.py);
the job's page follows it, then shows the summary, the errors and the first rows a page at a
time, and the editor confirms. Templates come empty or per province, holding the province's
units, the indicators reported at their levels and the latest figure of each.
"""

import tablib
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from ntmportal.vietnamese import slugify_vi

from . import tasks
from .models import (
    NATIONWIDE,
    AdministrativeUnit,
    ImportBatch,
    ImportJob,
    Indicator,
    IndicatorValue,
)
from .resources import COLUMNS, FORMATS, IndicatorValueResource

# Error messages and rows per page of a job's summary.
PAGE_SIZE = 50


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
                "import/job/<int:job_id>/",
                view(self.job_view),
                name="programs_indicatorvalue_import_job",
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

    @staticmethod
    def forget_expired():
        """Delete the files waiting longer than ImportJob.EXPIRY, whenever an import page is
        opened: no province's file stays in the database for want of another upload."""
        ImportJob.objects.expired().update(
            upload=None, status=ImportJob.Status.FAILED, error=_("The file expired.")
        )

    def import_action(self, request, **kwargs):
        """The upload form; a valid upload becomes a job, checked in the background."""
        self.forget_expired()
        if request.method == "POST" and self.has_import_permission(request):
            form = self.create_import_form(request)
            if form.is_valid():
                return self.start_job(request, form.cleaned_data)
        response = super().import_action(request, **kwargs)
        context = getattr(response, "context_data", None)
        if context is not None and self.has_import_permission(request):
            context["template_provinces"] = self.template_provinces(request)
            context["jobs"] = ImportJob.objects.visible_to(request.user).defer("upload")[:10]
        return response

    def process_import(self, request, **kwargs):
        """The library's own confirmation, which reads a file named by the browser: a job's
        confirmation (job_view) replaces it."""
        raise Http404

    def start_job(self, request, cleaned_data):
        upload = cleaned_data["import_file"]
        file_format = self.get_import_formats()[int(cleaned_data["format"])]()
        job = ImportJob.objects.create(
            user=request.user,
            file_name=upload.name,
            file_format=file_format.get_extension(),
            upload=b"".join(upload.chunks()),
        )
        # The task waits in the database with the job, committed with it (TASKS).
        tasks.check_import.enqueue(job.pk, get_language())
        return HttpResponseRedirect(self.job_url(job))

    @staticmethod
    def job_url(job):
        return reverse("admin:programs_indicatorvalue_import_job", args=[job.pk])

    def job_view(self, request, job_id):
        """A job's progress while it runs (the page reloads itself), then its summary, errors
        and first rows, a page of each at a time; a POST confirms a checked file."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        self.forget_expired()
        jobs = ImportJob.objects.visible_to(request.user).select_related("batch")
        job = get_object_or_404(jobs, pk=job_id)
        if request.method == "POST":
            return self.confirm_job(request, job)
        summary = job.summary
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Import of %(file)s") % {"file": job.file_name},
            "job": job,
            "summary": summary,
            "errors": Paginator(summary.get("errors", []), PAGE_SIZE).get_page(
                request.GET.get("errors")
            ),
            "rows": Paginator(summary.get("rows", []), PAGE_SIZE).get_page(request.GET.get("rows")),
        }
        return TemplateResponse(request, "admin/programs/indicatorvalue/import_job.html", context)

    def confirm_job(self, request, job):
        with transaction.atomic():
            job = ImportJob.objects.select_for_update().get(pk=job.pk)
            if job.user_id != request.user.pk or not job.can_confirm:
                messages.error(request, _("This file cannot be imported: see why below."))
                return HttpResponseRedirect(self.job_url(job))
            job.set(status=ImportJob.Status.IMPORTING, rows_done=0)
            tasks.import_file.enqueue(job.pk, get_language())
        return HttpResponseRedirect(self.job_url(job))

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
