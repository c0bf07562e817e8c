"""Reading spreadsheets as Vietnamese offices save them, and finding the unit a row means.

A CSV file is UTF-8 (with or without BOM), UTF-16 or Windows-1258, separated by commas,
semicolons (Excel's choice where the decimal separator is a comma) or tabs: both are detected.
The upload waits for the editor's confirmation in the cache (Redis in production), which every
host reads, and is deleted on confirmation or after an hour.

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
from import_export.tmp_storages import CacheStorage

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
        if in_stream is None:
            raise FileError(_("The uploaded file has expired: upload it again."))
        text = decode(in_stream) if isinstance(in_stream, bytes) else in_stream
        try:
            return tablib.Dataset().load(text, format="csv", delimiter=separator(text))
        except Exception as error:  # tablib raises what csv raises: the editor needs words
            raise FileError(
                _("The file cannot be read as CSV. %(how)s") % {"how": SAVE_AS_UTF8}
            ) from error


class UploadStorage(CacheStorage):
    """The upload between preview and confirmation, in the shared cache for an hour."""

    CACHE_LIFETIME = 3600
    CACHE_PREFIX = "import-upload-"


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


def summary(result, shown):
    """What the preview says of a whole file: rows by kind, invalid rows per column, and the
    first `shown` rows of each list (the rest are only counted)."""
    errors_per_column = defaultdict(int)
    for row in result.invalid_rows:
        for column in row.error_dict:
            errors_per_column[column] += 1
    return {
        "totals": [
            (_("New"), result.totals["new"]),
            (_("Updated"), result.totals["update"]),
            (_("Unchanged"), result.totals["skip"]),
            (_("With errors"), len(result.invalid_rows) + len(result.error_rows)),
        ],
        "errors_per_column": sorted(errors_per_column.items()),
        "invalid_rows": result.invalid_rows[:shown],
        "valid_rows": result.valid_rows()[:shown],
        "shown": shown,
    }
