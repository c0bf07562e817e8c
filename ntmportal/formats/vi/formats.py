"""Vietnamese formats, where Django's own fall short.

Shown: 22/6/2025 in lists and tables, "22 tháng 6 năm 2025" in running text; 6.084 and 62,5.
Typed: day first, always ("05/06/2025" is 5 June), or ISO (2025-06-05); never month first.
Numbers typed in a localized field (ntmportal/formats/fields.py) take a decimal comma and dots
between thousands: "62,5" is 62.5 and "6.084" is 6084, so "6,084" is 6.084. Django reads a single
dot not followed by exactly three digits as a decimal point ("62.5" stays 62.5).
"""

DATE_FORMAT = r"j \t\há\n\g n \nă\m Y"
SHORT_DATE_FORMAT = "j/n/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = r"H:i, j \t\há\n\g n \nă\m Y"
SHORT_DATETIME_FORMAT = "H:i j/n/Y"
YEAR_MONTH_FORMAT = r"\t\há\n\g n \nă\m Y"
MONTH_DAY_FORMAT = r"j \t\há\n\g n"
FIRST_DAY_OF_WEEK = 1  # Monday

# The first of each list is how a form shows the date back, and the admin's calendar writes it.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d/%m/%y", "%d-%m-%Y", "%d.%m.%Y"]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%H:%M:%S.%f", "%Hh%M", "%Hg%M"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M:%S.%f",
    "%Y-%m-%dT%H:%M",
    "%Y-%m-%dT%H:%M:%S",
    "%d/%m/%Y",
    "%Y-%m-%d",
]

DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
