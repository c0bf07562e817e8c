"""Reading spreadsheets as Vietnamese offices save them, and finding the unit a row means.

A CSV file is UTF-8 (with or without BOM), UTF-16 or Windows-1258, separated by commas,
semicolons (Excel's choice where the decimal separator is a comma) or tabs: both are detected.
The upload waits for the editor's confirmation in its ImportJob, in the database, which every
host and the worker read.

Codes were reused in the 2025 reorganisation (52 was Bình Định, is now Gia Lai), so a unit is
looked up within the structure in force on the row's reference date: by its code, or by its
name ignoring diacritics, case and a leading "Tỉnh", "Thành phố" or "TP.". A code Excel stored
as a number lost its leading zeros: 1 is read as province 01, 4 as commune 00004.
"""

import codecs
import unicodedata
from collections import defaultdict

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats import base_formats

from ntmportal.vietnamese import fold

from .models import AdministrativeUnit

NAME_PREFIXES = ("tinh ", "thanh pho ", "tp.", "tp ")
# The width of official codes, by level: 01 for a province, 00004 for a commune.
CODE_WIDTHS = {AdministrativeUnit.Level.PROVINCE: 2, AdministrativeUnit.Level.COMMUNE: 5}
SEPARATORS = [",", ";", "\t"]
SAVE_AS_UTF8 = gettext_lazy(
    "In Excel choose File › Save As, then “CSV UTF-8 (Comma delimited) (*.csv)”, and upload "
    "that file; or upload the workbook itself (.xlsx)."
)


class FileError(ValueError):
    """A file that cannot be read, with a message for the editor."""


def decode(data):
    """The text of a CSV file in the encodings Excel and Vietnamese offices save."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        # Excel's "CSV (Comma delimited)" on Vietnamese Windows: tones as combining marks.
        return unicodedata.normalize("NFC", data.decode("cp1258"))
    except UnicodeDecodeError:
        message = _("The file's encoding is unknown. %(how)s") % {"how": SAVE_AS_UTF8}
        raise FileError(message) from None


def separator(text):
    """The separator of the header row, which holds only column names."""
    header = text.lstrip().partition("\n")[0]
    return max(SEPARATORS, key=header.count)


class CSV(base_formats.CSV):
    """CSV of any of these encodings and separators: read as bytes, decoded here."""

    def is_binary(self):
        return True

    def get_read_mode(self):
        return "rb"

    def create_dataset(self, in_stream):
        text = decode(in_stream) if isinstance(in_stream, bytes) else in_stream
        try:
            return tablib.Dataset().load(text, format="csv", delimiter=separator(text))
        except Exception as error:  # tablib raises what csv raises: the editor needs words
            raise FileError(
                _("The file cannot be read as CSV. %(how)s") % {"how": SAVE_AS_UTF8}
            ) from error


def name_key(name):
    """ "Tỉnh Sóc Trăng", "soc trang" and "TP. Sóc Trăng" all give "soc trang"."""
    key = " ".join(fold(name).split())
    for prefix in NAME_PREFIXES:
        if key.startswith(prefix):
            return key.removeprefix(prefix).strip()
    return key


class UnitMatcher:
    """Matches codes and names against each structure, loading it once (one query per date)."""

    def __init__(self):
        self.structures = {}

    def structure(self, date):
        if date not in self.structures:
            by_code, by_name = {}, defaultdict(list)
            for unit in AdministrativeUnit.objects.in_force_on(date):
                by_code[unit.code] = unit
                for name in {unit.name_vi, unit.name_en} - {None, ""}:
                    by_name[name_key(name)].append(unit)
            self.structures[date] = by_code, by_name
        return self.structures[date]

    def match(self, code, name, date):
        """The unit in force on `date` with this code, or else this name; ValueError if none."""
        by_code, by_name = self.structure(date)
        if isinstance(code, float) and code.is_integer():
            code = int(code)  # a code cell Excel stored as a number
        code, name = str(code or "").strip(), str(name or "").strip()
        on = {"date": date.strftime("%d/%m/%Y")}
        if code:
            unit = by_code.get(code) or self.padded(code, by_code, on)
            if unit is None:
                raise ValueError(
                    _("Unknown unit code “%(code)s” on %(date)s.") % {"code": code, **on}
                )
            if name and name_key(name) not in {
                name_key(n) for n in (unit.name_vi, unit.name_en) if n
            }:
                raise ValueError(
                    _("Code %(code)s is %(unit)s on %(date)s, not “%(name)s”.")
                    % {"code": code, "unit": unit.name_vi, "name": name, **on}
                )
            return unit
        if not name:
            raise ValueError(_("Give the unit's code or name."))
        units = set(by_name.get(name_key(name), []))
        if not units:
            raise ValueError(_("Unknown unit “%(name)s” on %(date)s.") % {"name": name, **on})
        if len(units) > 1:
            raise ValueError(
                _("Several units are called “%(name)s” on %(date)s: give the code.")
                % {"name": name, **on}
            )
        return units.pop()

    @staticmethod
    def padded(code, by_code, on):
        """The unit of a code that lost its leading zeros, if one level's width finds one."""
        if not code.isdigit():
            return None
        units = {by_code.get(code.zfill(width)) for width in CODE_WIDTHS.values()} - {None}
        if len(units) > 1:
            raise ValueError(
                _(
                    "Code %(code)s may be %(units)s on %(date)s: format the code column as "
                    "text and write the code in full."
                )
                % {"code": code, "units": _(" or ").join(sorted(u.code for u in units)), **on}
            )
        return units.pop() if units else None


def excel_row(number):
    """The row number Excel shows for a data row: the header is row 1."""
    return number + 1


def summary(result, shown):
    """What a check says of a whole file, as the JSON an ImportJob keeps: rows by kind, invalid
    rows per column, the file's own errors, and the first `shown` error messages and rows with
    their differences (the rest are only counted). Rows are numbered as Excel numbers them."""
    errors_per_column, messages = defaultdict(int), []
    for row in result.invalid_rows:
        for column, column_messages in row.error_dict.items():
            errors_per_column[column] += 1
            messages += [
                {"row": excel_row(row.number), "column": column, "message": str(message)}
                for message in column_messages
            ]
    file_errors = [str(error.error) for error in result.base_errors]
    for number, errors in result.row_errors():
        file_errors += [f"{_('Row')} {excel_row(number)}: {error.error}" for error in errors]
    rows = [
        {
            "row": excel_row(number),
            "type": row.import_type,
            "diff": [str(cell) for cell in row.diff],
        }
        for number, row in enumerate(result.rows, 1)
        if row.import_type in ("new", "update", "skip") and row.diff
    ]
    return {
        "totals": {
            "new": result.totals["new"],
            "update": result.totals["update"],
            "skip": result.totals["skip"],
            "invalid": len(result.invalid_rows) + len(result.error_rows),
        },
        "errors_per_column": sorted(errors_per_column.items()),
        "file_errors": file_errors,
        "errors": messages[:shown],
        "headers": [str(header) for header in result.diff_headers],
        "rows": rows[:shown],
    }
