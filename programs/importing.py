"""Finding the administrative unit a spreadsheet row means.

Codes were reused in the 2025 reorganisation (52 was Bình Định, is now Gia Lai), so a unit is
looked up within the structure in force on the row's reference date: by its code, or by its
name ignoring diacritics, case and a leading "Tỉnh", "Thành phố" or "TP.".
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from ntmportal.vietnamese import fold

from .models import AdministrativeUnit

NAME_PREFIXES = ("tinh ", "thanh pho ", "tp.", "tp ")


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
        code, name = str(code or "").strip(), str(name or "").strip()
        on = {"date": date.strftime("%d/%m/%Y")}
        if code:
            unit = by_code.get(code)
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
