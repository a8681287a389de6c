"""Parse the few date shapes news articles use into ISO YYYY-MM-DD, with the standard library.

Only dates with a year are parsed: guessing the year of "July 4" would put a wrong date
on an article, and no date is better than a wrong one.
"""

import re
from datetime import date, datetime

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sep", "sept"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = r"(?P<month>[A-Za-z]{3,9})\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>\d{4})"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
_TIME = r"(?:,?\s*(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?(?:\s*[AaPp]\.?[Mm]\.?)?(?:\s*[A-Z]{2,4})?)?"

_SHAPES = (
    re.compile(rf"{_YEAR}-(?P<month_number>\d{{1,2}})-{_DAY}"),  # 2025-07-04
    re.compile(rf"{_WEEKDAY}{_MONTH}\s+{_DAY},?\s+{_YEAR}{_TIME}"),  # Friday, July 4, 2025
    re.compile(rf"{_WEEKDAY}{_DAY}\s+{_MONTH},?\s+{_YEAR}{_TIME}"),  # 4 July 2025
)


def parse_date(text: str) -> str | None:
    """ISO date if the whole of `text` is one date (e.g. "July 4, 2025"), else None."""
    text = text.strip()
    for shape in _SHAPES:
        found = shape.fullmatch(text)
        if found is None:
            continue
        parts = found.groupdict()
        month = (
            int(parts["month_number"])
            if parts.get("month_number")
            else _MONTHS.get(parts["month"].lower())
        )
        if month is None:
            return None
        try:
            return date(int(parts["year"]), month, int(parts["day"])).isoformat()
        except ValueError:  # 31 February and the like
            return None
    return None


def parse_field_date(value: str) -> str | None:
    """A `date` field from JSONL/CSV/HTML metadata: an ISO timestamp or a written date."""
    value = value.strip()
    try:
        # "2025-07-04T10:00:00Z": fromisoformat accepts "Z" since Python 3.11.
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        return parse_date(value)
