"""Indicator values to and from spreadsheets (CSV and XLSX), with django-import-export.

The columns, in this order, are the file format provinces fill in (the admin offers an empty
template):

    indicator         the indicator's code
    unit_code         the unit's official code within the structure in force on period_end
                      ("VN" for the nation); may be empty when unit_name is given
    unit_name         the unit's name, ignoring diacritics, case and "Tỉnh"/"Thành phố"/"TP."
    period_start, period_end, source_date     dates: 31/12/2025, 2025-12-31 or date cells
    qualifier         about, nearly, more_than, at_least, at_most, or empty
    value, value_high, numerator, denominator numbers: 79.3, 79,3, 1.234,5 or number cells;
                      value_high is the upper end of a range ("5–10%": value 5, value_high 10)
    value_status      reported (when empty), estimate, projection, provisional or revised
    status            draft, submitted or published; a user who may not approve figures
                      (IndicatorValue.statuses_for) imports them submitted, for approval
    source_publisher, source_url, note

Numbers: a comma is always the decimal separator ("62,5" is 62.5, so "6,084" is 6.084); a dot
separates thousands when a comma or another dot follows it ("1.234,5", "1.234.567"), and is
otherwise a decimal point, as the export writes ("79.3"; "6.084" is 6.084): a count is best
written without separators. Dates are day first, never month first. Rows are numbered as Excel
numbers them, the header being row 1.

The columns value_high, value_status and qualifier may be left out. A row is identified by
indicator, unit and period: a known one is updated, or skipped when nothing changed, so an
exported file imports back unchanged. A file with any invalid row writes nothing. The keys of all
rows are read first and the figures already recorded under them in one query; the rows are then
checked in memory and written together, each with its history record. A written file is an
ImportBatch, which can be undone.

Written against django-import-export 4.4.3: the bulk writes read its `create_instances` and
`update_instances`, which it documents nowhere; check them when upgrading it.
"""

import datetime
import functools
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from import_export import exceptions, resources, widgets
from import_export.fields import Field
from import_export.formats import base_formats
from openpyxl.utils.datetime import from_excel
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from ntmportal.pagecache import invalidate, tags_of

from . import importing
from .importing import UnitMatcher, excel_row
from .models import AdministrativeUnit, ImportBatch, Indicator, IndicatorValue

# The file has no source_title: offices name the publisher and the address.
COLUMNS = IndicatorValue.columns(unit=["unit_code", "unit_name"], drop={"source_title"})
# Columns a file may leave out: files made before they existed import as they did.
OPTIONAL_COLUMNS = {"value_high", "value_status", "qualifier"}
FORMATS = [importing.CSV, base_formats.XLSX]
# What a row changes of a figure already recorded under its key.
KEY = ["indicator", "unit", "period_start", "period_end"]
UPDATED_FIELDS = IndicatorValue.columns(drop={*KEY, "source_title"})
# Rows per INSERT or UPDATE statement.
BATCH_SIZE = 1000
# Rows a check keeps, with their differences, for the editor to page through; the rest are
# counted.
PREVIEW_ROWS = 500
# Rows between two reports of a check's progress (ImportJob.rows_done).
PROGRESS_ROWS = 1000


class NumberWidget(widgets.DecimalWidget):
    """Numbers as offices write them, whatever the editor's language (the module's rule)."""

    def clean(self, value, row=None, **kwargs):
        if self.is_empty(value):
            return None
        if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
            return Decimal(str(value))
        number = parse_number(str(value))
        if number is None:
            raise ValueError(
                _("“%(value)s” is not a number: write digits, with a comma before decimals.")
                % {"value": value}
            )
        return number

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return None if kwargs.get("force_native_type") else ""
        if kwargs.get("force_native_type"):
            return value
        return format(value.normalize(), "f")


def parse_number(text):
    """The number in `text` ("62,5", "1.234,5", "1.234.567", "79.3"), or None."""
    text = "".join(text.split())  # spaces, and Excel's no-break spaces
    if "," in text or text.count(".") > 1:
        whole, _comma, decimals = text.partition(",")
        text = f"{whole.replace('.', '')}.{decimals}" if decimals else whole.replace(".", "")
    try:
        number = Decimal(text)
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"]


@functools.lru_cache(maxsize=4096)
def parse_date(text):
    """A day-first or ISO date. A file repeats a few dates many times: each is parsed once."""
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, date_format).date()
        except ValueError:
            continue
    raise ValueError(text)


class DateWidget(widgets.DateWidget):
    """Dates day first (31/12/2025) or ISO (2025-12-31) in text, a spreadsheet's own date
    cells, or the day numbers Excel shows when a date cell lost its format (45838 is
    30/06/2025); the export writes ISO dates."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, int | float) and not isinstance(value, bool) and 1 <= value < 2958466:
            return from_excel(value).date()
        if isinstance(value, str):
            value = value.strip()
        if not value or isinstance(value, datetime.date):
            return value or None
        try:
            return parse_date(value)
        except (TypeError, ValueError):
            raise ValueError(
                _("“%(value)s” is not a date: write it day first, as 31/12/2025.")
                % {"value": value}
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


class NoDiff:
    """No differences to show: only the preview shows them, row by row."""

    def __init__(self, resource, instance, new):
        pass

    def compare_with(self, resource, instance):
        pass

    def as_html(self):
        return []


class IndicatorValueResource(resources.ModelResource):
    indicator = Field(attribute="indicator", column_name="indicator", widget=IndicatorWidget())
    unit_code = Field(attribute="unit", column_name="unit_code", widget=UnitWidget())
    unit_name = Field(column_name="unit_name")
    period_start = Field(attribute="period_start", column_name="period_start", widget=DateWidget())
    period_end = Field(attribute="period_end", column_name="period_end", widget=DateWidget())
    value = Field(attribute="value", column_name="value", widget=NumberWidget())
    value_high = Field(attribute="value_high", column_name="value_high", widget=NumberWidget())
    value_status = Field(
        attribute="value_status",
        column_name="value_status",
        default=IndicatorValue.ValueStatus.REPORTED,
    )
    numerator = Field(attribute="numerator", column_name="numerator", widget=NumberWidget())
    denominator = Field(attribute="denominator", column_name="denominator", widget=NumberWidget())
    source_date = Field(attribute="source_date", column_name="source_date", widget=DateWidget())
    note = Field(attribute="note", column_name="note", widget=widgets.CharWidget())

    # Cleaned first, so that their errors are reported as the row's, not as a crash.
    key_columns = ["indicator", "period_start", "period_end", "unit_code"]
    dry_run = False
    progress = None

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
        # The rows are written together once all are read and valid (bulk_create, bulk_update).
        use_bulk = True
        batch_size = None

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

    def import_data(self, dataset, check=False, progress=None, **kwargs):
        """A check reads and validates every row like a dry run and writes nothing, but outside
        a transaction, so that `progress(rows read)` can be seen by others while it runs."""
        self.dry_run = check or kwargs.get("dry_run", False)
        self.progress = progress
        if check:
            kwargs |= {"dry_run": False, "use_transactions": False}
        # One invalid row and nothing is written.
        return super().import_data(dataset, **kwargs | {"rollback_on_validation_errors": True})

    def after_import(self, dataset, result, dry_run=False, file_name=None, **kwargs):
        """A written file is recorded as a batch, which can be undone."""
        if self.dry_run or result.has_errors() or result.has_validation_errors():
            return
        user = self.user if getattr(self.user, "is_authenticated", False) else None
        result.batch = ImportBatch.objects.create(
            user=user,
            file_name=file_name or "",
            created_count=result.totals["new"],
            updated_count=result.totals["update"],
            unchanged_count=result.totals["skip"],
            created_ids=self.created_ids,
            replaced_history_ids=self.replaced_history_ids,
        )

    def get_diff_class(self):
        """The preview's first rows are shown with their differences; the others counted."""
        self.diffs_left -= 1
        return super().get_diff_class() if self.dry_run and self.diffs_left >= 0 else NoDiff

    def before_import(self, dataset, user=None, **kwargs):
        self.user = user
        self.diffs_left = PREVIEW_ROWS
        self.created_ids, self.replaced_history_ids = [], []
        self.editable_unit_ids = None
        headers = dataset.headers or []
        missing = [c for c in COLUMNS if c not in headers and c not in OPTIONAL_COLUMNS]
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
        self.row_keys = self.read_keys(dataset, user)
        self.recorded = self.recorded_values(self.row_keys.values())

    def read_keys(self, dataset, user):
        """By row number, each row's key (indicator, unit, period start and end), or the
        ValidationError of a row whose key is wrong, out of the user's scope or repeated."""
        keys, first_rows = {}, {}
        for number, values in enumerate(dataset, 1):
            try:
                key = self.read_key(dict(zip(dataset.headers, values, strict=True)), user)
                first = first_rows.setdefault(key, number)
                if first != number:
                    raise ValidationError(
                        _("Row %(row)s already gives this indicator, unit and period.")
                        % {"row": excel_row(first)}
                    )
                keys[number] = key
            except ValidationError as error:
                keys[number] = error
        return keys

    def read_key(self, row, user):
        cleaned, errors = {}, {}
        for column in self.key_columns:
            if column == "unit_code" and errors.keys() & {"period_start", "period_end"}:
                break
            try:
                cleaned[column] = self.fields[column].clean(row)
            except ValueError as error:
                errors[column] = str(error)
        if not errors and not self.check_unit_allowed(cleaned["unit_code"], user):
            errors["unit_code"] = _("You may not import figures of %(unit)s.") % {
                "unit": cleaned["unit_code"]
            }
        if errors:
            raise ValidationError(errors)
        return (
            cleaned["indicator"],
            cleaned["unit_code"],
            cleaned["period_start"],
            cleaned["period_end"],
        )

    def recorded_values(self, keys):
        """The figures already recorded under these keys, read in one query."""
        keys = [key for key in keys if isinstance(key, tuple)]
        indicators = {key[0].pk: key[0] for key in keys}
        units = {key[1].pk: key[1] for key in keys}
        values = IndicatorValue.objects.filter(
            indicator__in=list(indicators),
            unit__in=list(units),
            period_end__in={key[3] for key in keys},
        ).order_by()
        recorded = {}
        for value in values:
            value.indicator, value.unit = indicators[value.indicator_id], units[value.unit_id]
            recorded[value.indicator, value.unit, value.period_start, value.period_end] = value
        return recorded

    def before_import_row(self, row, row_number=None, **kwargs):
        if self.progress and row_number % PROGRESS_ROWS == 0:
            self.progress(row_number)
        key = self.row_keys[row_number]
        if isinstance(key, ValidationError):
            raise key
        self.row_key = key

    def get_instance(self, instance_loader, row):
        return self.recorded.get(self.row_key)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """full_clean() without its queries per row: the indicator and unit are rows just read,
        and the one unique rule, a figure per indicator, unit and period, is the row's key,
        checked against the file and the recorded figures in before_import().

        Only approvers publish: another editor's new and changed figures arrive submitted, and
        unchanged ones, skipped before this, keep their status."""
        if self.user is not None and instance.status not in IndicatorValue.statuses_for(self.user):
            instance.status = IndicatorValue.Status.SUBMITTED
        errors = dict(import_validation_errors or {})
        try:
            instance.full_clean(exclude=[*errors, "indicator", "unit"], validate_unique=False)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        created = self.create_instances
        self.write(bulk_create_with_history, created, raise_errors, result)
        self.created_ids.extend(value.pk for value in self.written)

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        now = timezone.now()
        for value in self.update_instances:
            value.updated_at = now  # auto_now is applied by save(), not by bulk_update()
        fields = [*UPDATED_FIELDS, "updated_at"]
        # The versions the batch replaces, for its undo (ImportBatch).
        self.replaced_history_ids.extend(
            IndicatorValue.history.filter(id__in=[value.pk for value in self.update_instances])
            .values("id")
            .annotate(last=Max("history_id"))
            .values_list("last", flat=True)
            .order_by()
        )
        self.write(
            functools.partial(bulk_update_with_history, fields=fields),
            self.update_instances,
            raise_errors,
            result,
        )

    def write(self, bulk_write, values, raise_errors, result):
        """Write the figures with their history, unless a row is invalid: then nothing is. A
        preview writes nothing: every rule was checked in memory, the key against the file and
        the recorded figures (before_import), and writing would double its time."""
        try:
            if values and not self.dry_run and not result.has_validation_errors():
                bulk_write(
                    values,
                    IndicatorValue,
                    batch_size=BATCH_SIZE,
                    default_user=self.user,
                    default_change_reason=_("Spreadsheet import"),
                )
                # Bulk writes send no post_save signal to the page cache.
                invalidate(*set().union(*map(tags_of, values)))
        except Exception as error:  # reported as the file's error, and rolled back
            self.handle_import_error(result, error, raise_errors)
        finally:
            self.written = list(values)
            values.clear()
