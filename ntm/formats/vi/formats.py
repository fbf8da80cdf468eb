"""Vietnamese formats that fix Django's stock ``vi`` locale.

Django's own module leaves NUMBER_GROUPING unset (1234567 prints without grouping) and falls
back to month-first date input ("08/04/2024" would be 4 August). Government usage is
day-first, "." between thousands and "," before decimals.
"""

DATE_FORMAT = "d/m/Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "H:i d/m/Y"
YEAR_MONTH_FORMAT = "\\t\\h\\á\\n\\g n/Y"
MONTH_DAY_FORMAT = "d/m"
SHORT_DATE_FORMAT = "d/m/Y"
SHORT_DATETIME_FORMAT = "H:i d/m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday

DATE_INPUT_FORMATS = [
    "%d/%m/%Y",  # 08/04/2024
    "%d-%m-%Y",  # 08-04-2024
    "%d.%m.%Y",  # 08.04.2024
    "%d/%m/%y",  # 08/04/24
    "%Y-%m-%d",  # 2024-04-08 (HTML date inputs send ISO)
]
TIME_INPUT_FORMATS = ["%H:%M", "%H:%M:%S", "%Hg%M", "%Hh%M"]
DATETIME_INPUT_FORMATS = [
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y %H:%M:%S",
    "%d-%m-%Y %H:%M",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d",
]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
