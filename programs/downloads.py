"""The site's CSV downloads of figures, one beside every chart and table: the figure's columns
(IndicatorValue.COLUMNS) as a reader needs them, under headers in the page's language.

UTF-8 with a byte-order mark, so that Excel reads Vietnamese right; numbers with a decimal point
and ISO dates, so that any program reads them; the kind of figure, the qualifier and the note in
the page's language. The API's CSV (`/api/v1/`) keeps codes, for programs."""

import csv
import datetime
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from .models import IndicatorValue

# Only published figures reach the site: their publication status says nothing.
COLUMNS = IndicatorValue.columns(
    indicator=["indicator", "indicator_name", "measure"],
    unit=["unit", "unit_code"],
    drop={"status"},
)
# The headers that are not a field's own name.
HEADERS = {
    "indicator": _("indicator code"),
    "indicator_name": _("indicator"),
    "measure": _("unit of measure"),
    "unit": _("place"),
    "unit_code": _("unit code"),
}
# The cells that are not a field's value, from the figure and its indicator.
CELLS = {
    "indicator": lambda value, indicator: indicator.code,
    "indicator_name": lambda value, indicator: indicator.name,
    "measure": lambda value, indicator: indicator.get_measure_display(),
    "unit": lambda value, indicator: str(value.unit),
    "unit_code": lambda value, indicator: value.unit.code,
    "qualifier": lambda value, indicator: value.get_qualifier_display(),
    "value_status": lambda value, indicator: value.get_value_status_display(),
}


def headers():
    """The header row, in the active language."""
    return [
        capfirst(str(HEADERS.get(name) or IndicatorValue._meta.get_field(name).verbose_name))
        for name in COLUMNS
    ]


def cell(value):
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def row(value, indicator):
    return [
        cell(CELLS[name](value, indicator) if name in CELLS else getattr(value, name))
        for name in COLUMNS
    ]


def csv_response(indicator, values, filename):
    """Exactly the rows of a chart's table, each a figure of `indicator`."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow(headers())
    for value in values:
        writer.writerow(row(value, indicator))
    return response
