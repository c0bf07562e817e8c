"""Indicator values to and from spreadsheets (CSV and XLSX), with django-import-export.

The columns, in this order, are the file format provinces fill in (the admin offers an empty
template):

    indicator         the indicator's code
    unit_code         the unit's official code within the structure in force on period_end
                      ("VN" for the nation); may be empty when unit_name is given
    unit_name         the unit's name, ignoring diacritics, case and "Tỉnh"/"Thành phố"/"TP."
    period_start, period_end, source_date     dates written YYYY-MM-DD
    value, numerator, denominator             plain numbers, a full stop before decimals: 79.3
    status            draft or published
    source_publisher, source_url, note

A row is identified by indicator, unit and period: a known one is updated, or skipped when
nothing changed, so an exported file imports back unchanged. A file with any invalid row writes
nothing.
"""

import datetime
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from import_export import exceptions, resources, widgets
from import_export.fields import Field
from import_export.formats import base_formats

from .importing import UnitMatcher
from .models import AdministrativeUnit, Indicator, IndicatorValue

COLUMNS = [
    "indicator",
    "unit_code",
    "unit_name",
    "period_start",
    "period_end",
    "value",
    "numerator",
    "denominator",
    "status",
    "source_publisher",
    "source_url",
    "source_date",
    "note",
]
FORMATS = [base_formats.CSV, base_formats.XLSX]


class NumberWidget(widgets.DecimalWidget):
    """Plain numbers only: a locale's separators would turn 6.084 into 6084 or 6.084."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return Decimal(str(value))
        try:
            number = Decimal(str(value).strip())
        except InvalidOperation:
            number = None
        if number is None or not number.is_finite():
            raise ValueError(
                _("“%(value)s” is not a number: write digits, with a full stop before decimals.")
                % {"value": value}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        if kwargs.get("force_native_type"):
            return value
        return format(value.normalize(), "f")


class DateWidget(widgets.DateWidget):
    """ISO dates (YYYY-MM-DD) in text, or a spreadsheet's own date cells."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        try:
            return super().clean(value.strip() if isinstance(value, str) else value)
        except ValueError:
            raise ValueError(
                _("“%(value)s” is not a date: write it as YYYY-MM-DD.") % {"value": value}
            ) from None


class IndicatorWidget(widgets.ForeignKeyWidget):
    """An indicator by its code, all indicators read in one query per import."""

    def __init__(self):
        super().__init__(Indicator, field="code")
        self.by_code = None

    def clean(self, value, row=None, **kwargs):
        if self.by_code is None:
            self.by_code = Indicator.objects.in_bulk(field_name="code")
        code = str(value or "").strip()
        if code not in self.by_code:
            raise ValueError(_("Unknown indicator “%(code)s”.") % {"code": code})
        return self.by_code[code]


class UnitWidget(widgets.Widget):
    """The unit of the row's unit_code, or unit_name, in force on the row's period_end."""

    def __init__(self):
        super().__init__()
        self.matcher = UnitMatcher()
        self.dates = DateWidget()

    def clean(self, value, row=None, **kwargs):
        date = self.dates.clean(row.get("period_end"))
        if date is None:
            raise ValueError(_("The unit is looked up on period_end, which is empty."))
        return self.matcher.match(value, row.get("unit_name"), date)

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""


class IndicatorValueResource(resources.ModelResource):
    indicator = Field(attribute="indicator", column_name="indicator", widget=IndicatorWidget())
    unit_code = Field(attribute="unit", column_name="unit_code", widget=UnitWidget())
    unit_name = Field(column_name="unit_name")
    period_start = Field(attribute="period_start", column_name="period_start", widget=DateWidget())
    period_end = Field(attribute="period_end", column_name="period_end", widget=DateWidget())
    value = Field(attribute="value", column_name="value", widget=NumberWidget())
    numerator = Field(attribute="numerator", column_name="numerator", widget=NumberWidget())
    denominator = Field(attribute="denominator", column_name="denominator", widget=NumberWidget())
    source_date = Field(attribute="source_date", column_name="source_date", widget=DateWidget())
    note = Field(attribute="note", column_name="note", widget=widgets.CharWidget())

    # Cleaned first, so that their errors are reported as the row's, not as a crash.
    key_columns = ["indicator", "period_start", "period_end", "unit_code"]

    class Meta:
        model = IndicatorValue
        fields = COLUMNS
        import_order = COLUMNS
        export_order = COLUMNS
        import_id_fields = ["indicator", "unit_code", "period_start", "period_end"]
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def get_queryset(self):
        return super().get_queryset().select_related("indicator", "unit")

    def dehydrate_unit_name(self, value):
        return value.unit.name_vi

    def check_unit_allowed(self, unit, user):
        """Whether `user` may import figures of `unit`: scripts import without a user; in the
        admin a user who may add and change indicator values imports those of the units they
        may edit (AdministrativeUnitQuerySet.editable_by)."""
        if user is None:
            return True
        if not user.has_perms(["programs.add_indicatorvalue", "programs.change_indicatorvalue"]):
            return False
        if self.editable_unit_ids is None:
            units = AdministrativeUnit.objects.editable_by(user)
            self.editable_unit_ids = set(units.values_list("pk", flat=True))
        return unit.pk in self.editable_unit_ids

    def import_data(self, dataset, **kwargs):
        # One invalid row and nothing is written, on the admin's confirm step as well.
        kwargs.setdefault("rollback_on_validation_errors", True)
        return super().import_data(dataset, **kwargs)

    def before_import(self, dataset, **kwargs):
        self.first_rows = {}
        self.editable_unit_ids = None
        headers = dataset.headers or []
        missing = [column for column in COLUMNS if column not in headers]
        unknown = [header for header in headers if header not in COLUMNS]
        if missing or unknown:
            # Reading the rows would only repeat the error once per row.
            del dataset[:]
            raise exceptions.FieldError(
                _(
                    "Wrong columns: missing %(missing)s; unknown %(unknown)s. "
                    "Expected: %(expected)s."
                )
                % {
                    "missing": ", ".join(missing) or "—",
                    "unknown": ", ".join(map(str, unknown)) or "—",
                    "expected": ", ".join(COLUMNS),
                }
            )

    def before_import_row(self, row, row_number=None, user=None, **kwargs):
        """Resolve the indicator, period and unit, reporting any problem as the row's error, and
        refuse a unit outside the user's scope and a second row for the same figure."""
        key, errors = {}, {}
        for column in self.key_columns:
            if column == "unit_code" and errors.keys() & {"period_start", "period_end"}:
                break
            try:
                key[column] = self.fields[column].clean(row)
            except ValueError as error:
                errors[column] = str(error)
        if not errors and not self.check_unit_allowed(key["unit_code"], user):
            errors["unit_code"] = _("You may not import figures of %(unit)s.") % {
                "unit": key["unit_code"]
            }
        if errors:
            raise ValidationError(errors)
        first = self.first_rows.setdefault(tuple(key.values()), row_number)
        if first != row_number:
            raise ValidationError(
                _("Row %(row)s already gives this indicator, unit and period.") % {"row": first}
            )
