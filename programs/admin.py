"""The editors' admin for the programs app.

Search ignores Vietnamese diacritics through the `__vn_contains` lookup ("soc trang" finds
"Sóc Trăng"); translated models show their Vietnamese fields first, then the English ones.

Figures, targets, documents, conferences, bridges, attendances and awards keep their history
(django-simple-history): who changed what, a field diff, and a restore of any earlier version.
Who may write figures, targets and bridges sees and edits only those of the units in their scope
(AdministrativeUnitQuerySet.editable_by); a published figure is deleted only with a reason.
Figures are approved: editors submit them, holders of programs.approve_indicatorvalue approve
(publish) or return them with a comment, through the list's actions.
"""

from urllib.parse import urlencode

from django import forms
from django.apps import apps
from django.contrib import admin, messages
from django.contrib.admin.actions import delete_selected
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportMixin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from ntmportal.admin import ask_again
from ntmportal.formats.fields import LOCALIZED_NUMBERS

from .admin_grid import GridAdminMixin
from .admin_import import SpreadsheetImportMixin
from .models import (
    NATIONWIDE,
    AdministrativeUnit,
    Attendance,
    Award,
    Bridge,
    Conference,
    ConferenceSource,
    Document,
    EditorProfile,
    EmulationMovement,
    FigureSource,
    Indicator,
    IndicatorValue,
    LeadAgency,
    Person,
    Program,
    Target,
)
from .resources import FORMATS, IndicatorValueResource

admin.site.site_header = _("NTM Portal administration")
admin.site.site_title = _("NTM Portal administration")

# Addresses typed without a scheme are official sites: assume https (Django 6's default).
HTTPS_URLS = {models.URLField: {"assume_scheme": "https"}}
# Figures typed as the editor's language writes them: "62,5" and "6.084" in Vietnamese.
FIGURE_FIELDS = HTTPS_URLS | LOCALIZED_NUMBERS


def translated_search(*fields):
    """Diacritic-insensitive search over both languages of translated fields."""
    return [f"{field}_{language}__vn_contains" for field in fields for language in ("vi", "en")]


def changelist_link(model, text, **filters):
    url = reverse(f"admin:programs_{model._meta.model_name}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, urlencode(filters), text)


class LevelFilter(admin.SimpleListFilter):
    """By level, labelled: `level` is a generated column, so the admin knows no choices for it."""

    title = _("level")
    parameter_name = "level"
    lookup = "level"

    def lookups(self, request, model_admin):
        return AdministrativeUnit.Level.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(**{self.lookup: self.value()})
        return queryset


class UnitLevelFilter(LevelFilter):
    parameter_name = "unit_level"
    lookup = "unit__level"


class StructureFilter(admin.SimpleListFilter):
    title = _("structure")
    parameter_name = "structure"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Current (from 1 July 2025)")),
            ("former", _("Former (until 30 June 2025)")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "former":
            return queryset.former()
        return queryset


class ScopedQuerysetMixin:
    """Who may add, change or delete the model sees only the rows of the units they may edit,
    and may choose only those units; who may only view it sees every row.

    The model's queryset has `editable_by(user)`; `unit_path` leads from a row to its unit.
    """

    unit_path = "unit"

    def may_write(self, request):
        return any(
            request.user.has_perm(
                f"{self.opts.app_label}.{get_permission_codename(action, self.opts)}"
            )
            for action in ("add", "change", "delete")
        )

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if self.may_write(request):
            return queryset.editable_by(request.user)
        return queryset

    def unit_choices(self, request, units):
        """The units the user may choose for a row, in its select and its autocomplete."""
        return units.editable_by(request.user)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == self.unit_path.split("__")[0]:
            units = db_field.related_model._default_manager.all()
            kwargs["queryset"] = self.unit_choices(request, units)
            # No unit (e.g. a bridge at the Government Headquarters) is national content.
            if not request.user.has_perm(NATIONWIDE):
                kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ScopedAdminMixin(ScopedQuerysetMixin):
    """ScopedQuerysetMixin, and the same rule for each row's view, change and delete."""

    def in_scope(self, request, obj):
        unit = obj
        for name in self.unit_path.split("__"):
            unit = getattr(unit, name)
        if unit is None:  # e.g. the main bridge, at the Government Headquarters
            return request.user.has_perm(NATIONWIDE)
        return unit.is_editable_by(request.user)

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        if obj is None or not allowed or not self.may_write(request):
            return allowed
        return self.in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.in_scope(request, obj))


class HistoryAdmin(SimpleHistoryAdmin):
    """The history of each row with a field diff, and the restore of an earlier version."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # simple_history saves the restored version after checking only the view permission.
        if request.method == "POST":
            pk = unquote(object_id)
            version = get_object_or_404(
                self.model.history, **{self.opts.pk.attname: pk, "history_id": version_id}
            ).instance
            current = self.model._default_manager.filter(pk=pk).first()
            if not all(
                self.has_change_permission(request, obj)
                for obj in (version, current)
                if obj is not None
            ):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class LatestFormSet(BaseInlineFormSet):
    """Only the latest rows of a long inline; the whole list is one link away.

    An indicator has a figure per unit and period, thousands for commune indicators: all of them
    would make a page too heavy to render and a form too big to post.
    """

    limit = 10

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.queryset = self.queryset[: self.limit]


@admin.register(Document)
class DocumentAdmin(HistoryAdmin, TranslationAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["number", "title", "kind", "issuer", "issued_on", "effective_on"]
    list_filter = ["kind", "programs"]
    search_fields = ["number", *translated_search("title"), "issuer__vn_contains"]
    date_hierarchy = "issued_on"
    filter_horizontal = ["programs"]
    autocomplete_fields = ["superseded_by"]


class LeadAgencyForm(forms.ModelForm):
    def clean(self):
        # The formset compares the agencies with each other as they will be saved, not with the
        # stored ones this save may change.
        self.instance.checked_together = True
        return super().clean()


class LeadAgencyFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        agencies = [
            form.instance
            for form in self.forms
            if form.is_valid()
            and (form.instance.pk or form.has_changed())
            and not form.cleaned_data.get("DELETE")
        ]
        for index, agency in enumerate(agencies):
            for other in agencies[:index]:
                if agency.overlaps(other):
                    raise ValidationError(LeadAgency.overlap_message(other))


class LeadAgencyInline(TranslationTabularInline):
    model = LeadAgency
    form = LeadAgencyForm
    formset = LeadAgencyFormSet
    formfield_overrides = HTTPS_URLS
    extra = 0


@admin.register(Program)
class ProgramAdmin(TranslationAdmin):
    list_display = ["code", "short_name", "name", "period", "decided_by", "current_lead_agency"]
    search_fields = ["code", *translated_search("name", "short_name")]
    list_select_related = ["decided_by"]
    inlines = [LeadAgencyInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("lead_agencies")

    @admin.display(description=_("lead agency now"))
    def current_lead_agency(self, program):
        return program.lead_agency or ""

    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["decided_by"]
    filter_horizontal = ["succeeds"]

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, program):
        return program.period


@admin.register(AdministrativeUnit)
class AdministrativeUnitAdmin(TranslationAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "unit_level",
        "parent",
        "structure",
        "successor",
        "valid_from",
        "valid_until",
    ]
    list_filter = [LevelFilter, "kind", StructureFilter]
    search_fields = [*translated_search("name"), "=code"]
    list_select_related = ["parent", "successor"]
    autocomplete_fields = ["parent", "successor"]
    prepopulated_fields = {"slug": ["name"]}
    fields = [
        "code",
        "name",
        "slug",
        "kind",
        "unit_level",
        "parent",
        "successor",
        "succession",
        "valid_from",
        "valid_until",
    ]
    readonly_fields = ["unit_level"]

    @admin.display(description=_("level"), ordering="level")
    def unit_level(self, unit):
        return AdministrativeUnit.Level(unit.level).label if unit.level else None

    @admin.display(description=_("structure"), ordering="valid_until")
    def structure(self, unit):
        return _("former") if unit.is_former else _("current")

    def get_search_results(self, request, queryset, search_term):
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        # The autocomplete of a scoped row's units (a figure's, target's or bridge's unit, an
        # article's provinces) offers the units that row's admin lets the user choose. Django
        # has checked the autocomplete's parameters before it searches.
        if request.resolver_match.url_name == "autocomplete":
            source = apps.get_model(request.GET["app_label"], request.GET["model_name"])
            source_admin = self.admin_site.is_registered(source) and (
                self.admin_site.get_model_admin(source)
            )
            if isinstance(source_admin, ScopedQuerysetMixin) and (
                request.GET["field_name"] == source_admin.unit_path.split("__")[0]
            ):
                queryset = source_admin.unit_choices(request, queryset)
        return queryset, may_have_duplicates


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name__vn_contains"]
    prepopulated_fields = {"slug": ["name"]}


class FigureStatusMixin:
    """Offer only the statuses the user may set: approving and returning need the approval
    permission (IndicatorValue.statuses_for)."""

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            allowed = IndicatorValue.statuses_for(request.user)
            kwargs["choices"] = [choice for choice in db_field.choices if choice[0] in allowed]
        return super().formfield_for_choice_field(db_field, request, **kwargs)


class IndicatorValueInline(FigureStatusMixin, ScopedQuerysetMixin, admin.TabularInline):
    formfield_overrides = FIGURE_FIELDS
    model = IndicatorValue
    formset = LatestFormSet
    # A published figure is deleted from its own page, which asks for the reason.
    can_delete = False
    fields = IndicatorValue.columns(drop={"indicator", "source_title", "note"})
    autocomplete_fields = ["unit"]
    ordering = ["-period_end", "-pk"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("latest values")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "unit")


class TargetInline(ScopedQuerysetMixin, admin.TabularInline):
    formfield_overrides = LOCALIZED_NUMBERS
    model = Target
    formset = LatestFormSet
    fields = [
        "unit",
        "period_start",
        "period_end",
        "comparator",
        "value",
        "value_high",
        "document",
        "note",
    ]
    autocomplete_fields = ["unit", "document"]
    ordering = ["-period_end", "-pk"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("latest targets")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "unit", "document")


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = [
        "code",
        "name",
        "program",
        "measure",
        "levels",
        "higher_is_better",
        "additive",
        "order",
        "headline",
    ]
    list_filter = ["program", "measure", "at_national", "at_province", "at_commune", "additive"]
    search_fields = ["code", *translated_search("name")]
    list_select_related = ["program"]
    readonly_fields = ["all_values", "all_targets"]
    inlines = [IndicatorValueInline, TargetInline]

    @admin.display(description=_("levels"))
    def levels(self, indicator):
        return ", ".join(str(level.label) for level in indicator.levels)

    @admin.display(description=_("all values"))
    def all_values(self, indicator):
        if indicator.pk is None:
            return None
        count = indicator.values.count()
        return changelist_link(
            IndicatorValue,
            ngettext("%(count)d value", "%(count)d values", count) % {"count": count},
            indicator__id__exact=indicator.pk,
        )

    @admin.display(description=_("all targets"))
    def all_targets(self, indicator):
        if indicator.pk is None:
            return None
        count = indicator.targets.count()
        return changelist_link(
            Target,
            ngettext("%(count)d target", "%(count)d targets", count) % {"count": count},
            indicator__id__exact=indicator.pk,
        )


class DeletionReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for deleting"),
        max_length=100,
        widget=forms.TextInput(attrs={"size": 80}),
        help_text=_("Required for a published figure; kept in its history."),
    )


def delete_selected_drafts(modeladmin, request, queryset):
    """Django's bulk delete, refused for a selection holding published figures."""
    if queryset.published().exists():
        modeladmin.message_user(
            request,
            _(
                "Published figures need a reason: delete them one by one, from each figure's "
                "page. Nothing was deleted."
            ),
            messages.ERROR,
        )
        return None
    return delete_selected(modeladmin, request, queryset)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What to correct"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        help_text=_("Shown to the editor who submitted the figures; kept in their history."),
    )


class FigureSourceInline(admin.TabularInline):
    formfield_overrides = HTTPS_URLS
    model = FigureSource
    fields = ["publisher", "title", "url", "date"]
    extra = 0


@admin.register(IndicatorValue)
class IndicatorValueAdmin(
    FigureStatusMixin,
    ScopedAdminMixin,
    GridAdminMixin,
    SpreadsheetImportMixin,
    ImportExportMixin,
    HistoryAdmin,
    TranslationAdmin,
):
    formfield_overrides = FIGURE_FIELDS
    resource_classes = [IndicatorValueResource]
    import_formats = export_formats = FORMATS
    import_template_name = "admin/programs/indicatorvalue/import.html"
    import_export_change_list_template = "admin/programs/indicatorvalue/change_list.html"
    # The columns that tell figures apart at a glance; each opens with all of them.
    list_display = [
        *IndicatorValue.columns(
            period_start=["period"],
            denominator=["share"],
            drop={
                "period_end",
                "qualifier",
                "value_high",
                "numerator",
                "source_publisher",
                "source_title",
                "source_url",
                "note",
            },
        ),
        "updated_at",
    ]
    list_filter = ["status", "value_status", "indicator__program", UnitLevelFilter, "indicator"]
    search_fields = [
        "indicator__code",
        *translated_search("indicator__name", "unit__name"),
        "=unit__code",
        "source_publisher__vn_contains",
    ]
    list_select_related = ["indicator", "unit"]
    autocomplete_fields = ["indicator", "unit"]
    readonly_fields = ["share", "updated_at"]
    fieldsets = [
        (None, {"fields": ["indicator", "unit", "period_start", "period_end", "status"]}),
        (
            _("Figure"),
            {
                "fields": [
                    "value_status",
                    "qualifier",
                    "value",
                    "value_high",
                    "numerator",
                    "denominator",
                    "share",
                ]
            },
        ),
        (
            _("Source"),
            {"fields": ["source_publisher", "source_title", "source_url", "source_date", "note"]},
        ),
        (None, {"fields": ["review_comment", "updated_at"]}),
    ]
    inlines = [FigureSourceInline]
    history_list_display = ["status", "review_comment"]
    actions = ["submit", "approve", "return_for_correction"]

    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if not request.user.has_perm(IndicatorValue.APPROVE):
            return [*readonly, "review_comment"]
        return readonly

    def save_model(self, request, obj, form, change):
        obj.check_status_allowed(request.user)
        super().save_model(request, obj, form, change)

    def has_approve_permission(self, request):
        return request.user.has_perm(IndicatorValue.APPROVE)

    @admin.action(description=_("Submit the selected figures for approval"), permissions=["change"])
    def submit(self, request, queryset):
        Status = IndicatorValue.Status
        drafts = queryset.filter(status__in=[Status.DRAFT, Status.RETURNED])
        self.review(request, drafts, Status.SUBMITTED)

    @admin.action(
        description=_("Approve and publish the selected figures"), permissions=["approve"]
    )
    def approve(self, request, queryset):
        submitted = queryset.filter(status=IndicatorValue.Status.SUBMITTED)
        self.review(request, submitted, IndicatorValue.Status.PUBLISHED)

    @admin.action(
        description=_("Return the selected figures for correction"), permissions=["approve"]
    )
    def return_for_correction(self, request, queryset):
        """Asks for the comment on a page of its own, then returns the submitted figures."""
        form = ReturnForm(request.POST if "comment" in request.POST else None)
        submitted = queryset.filter(status=IndicatorValue.Status.SUBMITTED)
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            self.review(request, submitted, IndicatorValue.Status.RETURNED, comment)
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Return figures for correction"),
            "form": form,
            "figures": submitted.select_related("indicator", "unit"),
            "selected": request.POST.getlist(admin.helpers.ACTION_CHECKBOX_NAME),
        }
        return TemplateResponse(request, "admin/programs/indicatorvalue/return.html", context)

    def review(self, request, queryset, status, comment=""):
        """One step of the approval for each figure, saved one by one so that each version
        names who took it."""
        count = 0
        for figure in queryset.select_related("indicator", "unit"):
            figure.review(request.user, status, comment)
            count += 1
        message = ngettext(
            "%(count)d figure is now “%(status)s”.",
            "%(count)d figures are now “%(status)s”.",
            count,
        ) % {"count": count, "status": IndicatorValue.Status(status).label}
        self.message_user(request, message, messages.SUCCESS if count else messages.WARNING)

    @admin.display(description=_("period"), ordering="period_end")
    def period(self, value):
        return value.period_label

    @admin.display(description=_("share (%)"))
    def share(self, value):
        return value.share

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def get_urls(self):
        deleted = path(
            "deleted/",
            self.admin_site.admin_view(self.deleted_view),
            name="programs_indicatorvalue_deleted",
        )
        return [*self.get_import_urls(), *self.get_grid_urls(), deleted, *super().get_urls()]

    def get_actions(self, request):
        actions = super().get_actions(request)
        if "delete_selected" in actions:
            _function, name, description = actions["delete_selected"]
            actions["delete_selected"] = (delete_selected_drafts, name, description)
        return actions

    def delete_view(self, request, object_id, extra_context=None):
        figure = self.get_object(request, unquote(object_id))
        if figure is None or figure.status != IndicatorValue.Status.PUBLISHED:
            return super().delete_view(request, object_id, extra_context)
        form = DeletionReasonForm(request.POST if request.method == "POST" else None)
        if form.is_bound and form.is_valid():
            request.deletion_reason = form.cleaned_data["reason"]
        elif form.is_bound:
            ask_again(request)  # no reason given
        return super().delete_view(request, object_id, {**(extra_context or {}), "form": form})

    def delete_model(self, request, obj):
        obj.delete(reason=getattr(request, "deletion_reason", ""))

    def deleted_view(self, request):
        """The deleted figures, each with its history: who deleted it, when, why, and the
        versions it can be restored to."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        records = (
            IndicatorValue.history.filter(history_type="-")
            .exclude(id__in=IndicatorValue.objects.values("pk"))
            .select_related("indicator", "unit", "history_user")
            .order_by("-history_date")
        )
        if self.may_write(request):
            records = records.filter(unit__in=AdministrativeUnit.objects.editable_by(request.user))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Deleted indicator values"),
            "page_obj": Paginator(records, 100).get_page(request.GET.get("p")),
        }
        return TemplateResponse(request, "admin/programs/indicatorvalue/deleted.html", context)


@admin.register(Target)
class TargetAdmin(ScopedAdminMixin, HistoryAdmin):
    formfield_overrides = LOCALIZED_NUMBERS
    list_display = ["indicator", "unit", "period", "comparator", "value", "value_high", "document"]
    list_filter = ["indicator__program", UnitLevelFilter, "indicator"]
    search_fields = [
        "indicator__code",
        *translated_search("indicator__name", "unit__name"),
        "=unit__code",
        "document__number",
    ]
    list_select_related = ["indicator", "unit", "document"]
    autocomplete_fields = ["indicator", "unit", "document"]

    @admin.display(description=_("period"), ordering="period_end")
    def period(self, target):
        return target.period_label


class BridgeInline(ScopedQuerysetMixin, TranslationTabularInline):
    model = Bridge
    fields = ["name", "unit", "is_main", "location"]
    autocomplete_fields = ["unit"]
    extra = 0
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("conference", "unit")


class ConferenceSourceInline(admin.TabularInline):
    model = ConferenceSource
    formfield_overrides = HTTPS_URLS
    extra = 0


@admin.register(Conference)
class ConferenceAdmin(HistoryAdmin, TranslationAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["title", "date", "chair", "host"]
    list_filter = ["programs", "movements"]
    search_fields = [*translated_search("title", "host"), "chair__name__vn_contains"]
    date_hierarchy = "date"
    list_select_related = ["chair"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["chair", "co_chairs", "source_document"]
    filter_horizontal = ["programs", "movements"]
    inlines = [BridgeInline, ConferenceSourceInline]


class AttendanceInline(TranslationTabularInline):
    model = Attendance
    fields = ["person", "role", "position", "order"]
    autocomplete_fields = ["person"]
    extra = 0

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("bridge", "person")


@admin.register(Bridge)
class BridgeAdmin(ScopedAdminMixin, HistoryAdmin, TranslationAdmin):
    list_display = ["name", "conference", "unit", "is_main", "location"]
    list_filter = ["is_main", "conference"]
    search_fields = translated_search("name", "location", "conference__title", "unit__name")
    list_select_related = ["conference", "unit"]
    autocomplete_fields = ["conference", "unit"]
    inlines = [AttendanceInline]
    formfield_overrides = HTTPS_URLS


@admin.register(Attendance)
class AttendanceAdmin(ScopedAdminMixin, HistoryAdmin, TranslationAdmin):
    unit_path = "bridge__unit"
    list_display = ["person", "role", "position", "bridge", "conference"]
    list_filter = ["role", "bridge__conference"]
    search_fields = [
        "person__name__vn_contains",
        *translated_search("position", "bridge__name"),
    ]
    list_select_related = ["person", "bridge__conference"]
    autocomplete_fields = ["bridge", "person"]

    @admin.display(description=_("conference"), ordering="bridge__conference__date")
    def conference(self, attendance):
        return attendance.bridge.conference


class AwardInline(TranslationTabularInline):
    model = Award
    formset = LatestFormSet
    fields = ["recipient", "recipient_kind", "province", "award_type", "decision", "conference"]
    autocomplete_fields = ["province", "decision", "conference"]
    extra = 0
    show_change_link = True
    verbose_name_plural = _("latest awards")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("province", "decision", "conference")


@admin.register(EmulationMovement)
class EmulationMovementAdmin(TranslationAdmin):
    list_display = ["name", "program", "period", "launched_on", "launched_by", "awards"]
    list_filter = ["program"]
    search_fields = translated_search("name", "launched_by")
    list_select_related = ["program"]
    prepopulated_fields = {"slug": ["name"]}
    readonly_fields = ["awards"]
    inlines = [AwardInline]

    @admin.display(description=_("period"), ordering="start_year")
    def period(self, movement):
        if movement.start_year and movement.end_year:
            return f"{movement.start_year}–{movement.end_year}"
        return movement.start_year or movement.end_year

    @admin.display(description=_("all awards"))
    def awards(self, movement):
        if movement.pk is None:
            return None
        return changelist_link(Award, _("awards"), movement__id__exact=movement.pk)


@admin.register(Award)
class AwardAdmin(HistoryAdmin, TranslationAdmin):
    list_display = ["recipient", "recipient_kind", "award_type", "province", "decision", "movement"]
    list_filter = ["award_type", "recipient_kind", "movement"]
    search_fields = [
        *translated_search("recipient", "province__name"),
        "decision__number",
    ]
    list_select_related = ["decision", "movement", "province"]
    autocomplete_fields = ["decision", "movement", "province", "conference"]


class EditorProfileInline(admin.StackedInline):
    model = EditorProfile
    filter_horizontal = ["provinces"]
    can_delete = False
    verbose_name_plural = _("provinces edited")


admin.site.unregister(get_user_model())


@admin.register(get_user_model())
class EditorUserAdmin(UserAdmin):
    """Django's user admin, with the provinces a provincial editor works for."""

    inlines = [*UserAdmin.inlines, EditorProfileInline]
