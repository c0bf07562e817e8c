"""Vietnamese formats where Django's own fall short: grouped thousands (6.084) and dates written
as "22 tháng 6 năm 2025"."""

DATE_FORMAT = r"j \t\há\n\g n \nă\m Y"
SHORT_DATE_FORMAT = "d/m/Y"
NUMBER_GROUPING = 3
