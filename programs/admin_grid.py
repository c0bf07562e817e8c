"""The admin's data-entry grid and completeness list, as DHIS2's data-entry screen.

The grid shows, for one unit and one or more periods, every indicator reported at the unit's
level with its figure, pre-filled where one exists; one submit saves them all, or nothing when a
cell is wrong. The completeness list counts, per province and year, the indicators with figures.
Both show only the units the editor may edit (AdministrativeUnitQuerySet.editable_by).
"""

import datetime

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ntmportal.formats.fields import NumberInput
from ntmportal.vietnamese import vietnamese_order

from .models import AdministrativeUnit, Indicator, IndicatorValue

GRID_FIELDS = [
    "value",
    "numerator",
    "denominator",
    "value_status",
    "source_publisher",
    "source_url",
    "source_date",
]
MAX_PERIODS = 6


def parse_periods(text):
    """Periods from "2024, 2025" (whole years) or "31/12/2025" (reference dates)."""
    periods, dates = [], forms.DateField()
    for token in text.replace(";", ",").split(","):
        token = token.strip()
        if not token:
            continue
        if token.isdigit() and len(token) == 4:
            year = int(token)
            periods.append((datetime.date(year, 1, 1), datetime.date(year, 12, 31)))
        else:
            day = dates.clean(token)
            periods.append((day, day))
    if not periods:
        raise forms.ValidationError(_("Give a year (2025) or a date (31/12/2025)."))
    if len(periods) > MAX_PERIODS:
        raise forms.ValidationError(
            _("At most %(count)s periods at a time.") % {"count": MAX_PERIODS}
        )
    return list(dict.fromkeys(periods))


class GridChoiceForm(forms.Form):
    unit = forms.ModelChoiceField(label=gettext_lazy("Unit"), queryset=None)
    periods = forms.CharField(
        label=gettext_lazy("Periods"),
        help_text=gettext_lazy("Years (2024, 2025) or reference dates (31/12/2025)."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # The nation and the provinces, current then former: communes are too many for a list.
        units = AdministrativeUnit.objects.editable_by(user).exclude(
            level=AdministrativeUnit.Level.COMMUNE
        )
        self.fields["unit"].queryset = units.order_by("valid_until", "level", "code")

    def clean_periods(self):
        return parse_periods(self.cleaned_data["periods"])


class CellForm(forms.ModelForm):
    """One figure of the grid: a unit's indicator in one period."""

    source_url = forms.URLField(label=gettext_lazy("source URL"), assume_scheme="https")

    class Meta:
        model = IndicatorValue
        fields = GRID_FIELDS
        localized_fields = ["value", "numerator", "denominator"]
        widgets = {
            "value": NumberInput,
            "numerator": NumberInput,
            "denominator": NumberInput,
            "source_publisher": forms.TextInput(attrs={"size": 16}),
            "source_url": forms.URLInput(attrs={"size": 16}),
        }

    @property
    def is_new(self):
        return self.instance.pk is None

    @property
    def is_used(self):
        """Whether the cell is saved: a recorded figure, or a new one with anything typed."""
        return not self.is_new or self.has_changed()


class Grid:
    """The cells of a unit's indicators in some periods, each a CellForm, saved by `user`."""

    def __init__(self, unit, periods, user, data=None):
        self.unit, self.periods, self.user = unit, periods, user
        self.indicators = [
            indicator
            for indicator in Indicator.objects.select_related("program")
            if indicator.applies_to(unit.level)
        ]
        recorded = IndicatorValue.objects.filter(
            unit=unit,
            indicator__in=self.indicators,
            period_end__in={end for _start, end in periods},
        )
        by_key = {(v.indicator_id, v.period_start, v.period_end): v for v in recorded}
        self.rows = []
        for indicator in self.indicators:
            for number, (start, end) in enumerate(periods):
                figure = by_key.get((indicator.pk, start, end)) or IndicatorValue(
                    indicator=indicator, unit=unit, period_start=start, period_end=end
                )
                figure.indicator, figure.unit = indicator, unit  # no query per cell
                prefix = f"i{indicator.pk}p{number}"
                self.rows.append(CellForm(data, instance=figure, prefix=prefix))

    def is_valid(self):
        checked = [form.is_valid() for form in self.rows if form.is_used]  # every cell's errors
        return all(checked)

    @transaction.atomic
    def save(self, submit=False):
        """Save the changed cells, each with its history; the count saved.

        Only approvers publish (IndicatorValue.statuses_for): a published or returned figure
        another editor changes is submitted again, as an import does. With `submit`, the grid's
        drafts and returned figures, changed or not, are submitted for approval too."""
        Status = IndicatorValue.Status
        allowed = IndicatorValue.statuses_for(self.user)
        saved = 0
        for form in self.rows:
            if not form.is_used:
                continue
            figure = form.instance
            changed = form.has_changed()
            if changed and figure.status not in allowed:
                figure.status = Status.SUBMITTED
            if submit and figure.status in {Status.DRAFT, Status.RETURNED}:
                figure.status, changed = Status.SUBMITTED, True
            if changed:
                figure._change_reason = _("Data-entry grid")
                form.save()
                saved += 1
        return saved


class GridAdminMixin:
    """For IndicatorValueAdmin: the grid and completeness views."""

    def get_grid_urls(self):
        view = self.admin_site.admin_view
        return [
            path("grid/", view(self.grid_view), name="programs_indicatorvalue_grid"),
            path(
                "completeness/",
                view(self.completeness_view),
                name="programs_indicatorvalue_completeness",
            ),
        ]

    def context(self, request, title, **context):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            **context,
        }

    def grid_view(self, request):
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        choice = GridChoiceForm(request.GET or None, user=request.user)
        grid = None
        if choice.is_valid():
            unit, periods = choice.cleaned_data["unit"], choice.cleaned_data["periods"]
            data = request.POST if request.method == "POST" else None
            grid = Grid(unit, periods, request.user, data)
            if request.method == "POST" and grid.is_valid():
                saved = grid.save(submit="_submit" in request.POST)
                message = (
                    _("%(count)s figures of %(unit)s saved and submitted for approval.")
                    if "_submit" in request.POST
                    else _("%(count)s figures saved for %(unit)s.")
                )
                self.message_user(
                    request, message % {"count": saved, "unit": unit}, messages.SUCCESS
                )
                return HttpResponseRedirect(request.get_full_path())
            if request.method == "POST":
                self.message_user(
                    request, _("Nothing was saved: correct the cells marked."), messages.ERROR
                )
        context = self.context(request, _("Data-entry grid"), choice=choice, grid=grid)
        return TemplateResponse(request, "admin/programs/indicatorvalue/grid.html", context)

    def completeness_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        years = [d.year for d in IndicatorValue.objects.dates("period_end", "year", "DESC")]
        year = request.GET.get("year", "")
        if not (year.isdigit() and 1900 <= int(year) <= 2100):
            year = years[0] if years else timezone.localdate().year
        year = int(year)
        indicators = Indicator.objects.filter(at_province=True).count()
        filled = Count(
            "indicator_values__indicator",
            filter=Q(
                indicator_values__period_end__year=year,
                indicator_values__indicator__at_province=True,
            ),
            distinct=True,
        )
        sorts = {
            "name": [vietnamese_order("name")],
            "-filled": ["-filled", vietnamese_order("name")],
            "filled": ["filled", vietnamese_order("name")],
            "code": ["code"],
        }
        sort = request.GET.get("o") if request.GET.get("o") in sorts else "-filled"
        provinces = (
            AdministrativeUnit.objects.provinces()
            .in_force_on(datetime.date(year, 12, 31))
            .editable_by(request.user)
            .annotate(filled=filled)
            .order_by(*sorts[sort])
        )
        rows = [
            (p, p.filled, round(p.filled * 100 / indicators) if indicators else None)
            for p in provinces
        ]
        context = self.context(
            request,
            _("Completeness of provincial figures"),
            rows=rows,
            year=year,
            years=years,
            sort=sort,
            indicators=indicators,
        )
        return TemplateResponse(request, "admin/programs/indicatorvalue/completeness.html", context)
