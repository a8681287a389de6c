"""Dates, weekdays and clock times in claims, and where two claims give them differently.

"Sept. 15" is "September 15"; "on Sunday" is read from the article's date; "3 p.m. local time"
and "1200 GMT" are compared only when their zones can be matched; "around 4 a.m." and "by 6
p.m." leave room. Part of the conflict hints (hints.py), kept apart for their size.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from datetime import timedelta
from functools import lru_cache

from claimdesk.domain.calendar import MONTHS, WEEKDAYS
from claimdesk.matching.records import ConflictHint

_MONTHS = list(MONTHS)
# "Sept. 15" is "September 15": the four-letter abbreviation first, then three letters.
_MONTH_RE = "sept\\.?|" + "|".join(m[:3] + r"(?:" + m[3:] + r")?\.?" for m in _MONTHS)
_DATE_MD = re.compile(rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(\d{{4}}))?", re.I)
_DATE_DM = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH_RE})(?:,?\s+(\d{{4}}))?", re.I
)
_DATE_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_WEEKDAY_NAMES = "|".join(WEEKDAYS)
_WEEKDAY_RE = re.compile(rf"\b(?:(?P<which>next|last|this)\s+)?(?P<day>{_WEEKDAY_NAMES})\b", re.I)
# A weekday in a name is no date: "the Sunday Times", "Black Friday", "Super Tuesday".
_NAMED_DAY_BEFORE = re.compile(
    r"\b(?:black|good|cyber|super|ash|holy|easter|palm|maundy|bloody|giving|mail\s+on)\s+$", re.I
)
_NAMED_DAY_AFTER = re.compile(
    r"^\s+(?:Times|Telegraph|Express|Mirror|Post|Herald|Tribune|Independent|Mail|Star|World|"
    r"Sport|Night\s+Football)\b"
)
_TIME_RE = re.compile(
    # "7.45pm" is how British papers write 7:45 p.m.
    r"\b(?P<h12>\d{1,2})(?:[:.](?P<m12>\d{2}))?\s*(?P<meridiem>a\.?m\.?|p\.?m\.?)(?![a-z])"
    # "finished in 2:05:30" is a race time, not a clock time.
    r"|(?<![:\d])\b(?P<h24>\d{1,2}):(?P<m24>\d{2})\b(?!:\d)"
    r"|\b(?:at|by|until|till|before|after|from|past|around|about)\s+"
    r"(?P<word>midnight|noon|midday)\b"
    # Wire copy gives the universal time in four digits: "3 p.m. local time (1200 GMT)".
    r"|\b(?P<hwire>[01]\d|2[0-3])(?P<mwire>[0-5]\d)(?=\s+(?:GMT|UTC)\b)",
    re.I,
)
_CLOCK_WORDS = {"midnight": (0, 0), "noon": (12, 0), "midday": (12, 0)}
# The zone written after a time: abbreviations in capitals only ("ET", not "et"), names in any
# case. A zone without a fixed offset ("local time", "Eastern time") is a label of its own.
_ZONE_RE = re.compile(
    # AP puts the day first: "at 3 a.m. Sunday local time".
    rf"(?:\s+(?i:on\s+)?(?i:{_WEEKDAY_NAMES}),?)?"
    r"\s*\(?\s*(?:(?i:(?P<named>local|eastern|central|mountain|pacific)(?:\s+time)?)"
    r"|(?P<abbreviated>GMT|UTC|BST|CET|CEST|EET|EEST|MSK|JST|KST|HKT|AEST|AEDT|EST|EDT|CST|CDT"
    r"|MST|MDT|PST|PDT|ET|CT|MT|PT))\b"
)
_ZONE_NAMES = {"eastern": "et", "central": "ct", "mountain": "mt", "pacific": "pt"}
_ZONE_OFFSETS = {  # hours ahead of GMT
    "gmt": 0, "utc": 0, "bst": 1, "cet": 1, "cest": 2, "eet": 2, "eest": 3, "msk": 3,
    "jst": 9, "kst": 9, "hkt": 8, "aest": 10, "aedt": 11, "est": -5, "edt": -4,
    "cst": -6, "cdt": -5, "mst": -7, "mdt": -6, "pst": -8, "pdt": -7,
}  # fmt: skip
# Words before a time that make it approximate or a bound, as minutes (before, after) it:
# "around 4 a.m." agrees with "4:10 a.m.", "shortly after 9 p.m." with "9:07 p.m.".
_TIME_HEDGES = [
    (re.compile(r"\b(?:shortly|just|soon|right|minutes|some\s*time)\s+after\s+$"), (0, 59)),
    (re.compile(r"\b(?:shortly|just|minutes)\s+before\s+$"), (59, 0)),
    (re.compile(r"\b(?:around|about|approximately|roughly|circa)\s+$"), (30, 30)),
    # Bounds: "after 9 p.m." is any time later that evening ("from 9 p.m." is a start: exact).
    (re.compile(r"\b(?:after|past)\s+$"), (0, 12 * 60)),
    (re.compile(r"\b(?:before|by|until|till)\s+$"), (12 * 60, 0)),
]
# The start of a range ending at the time: "from 2 to 4 p.m.", "between 7 and 10 a.m.", "2-4pm".
_RANGE_START = re.compile(
    r"(?:\b(?:from|between)\s+(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s+(?:to|and|until|till)"
    r"|\b(?P<h_dash>\d{1,2})(?:[:.](?P<m_dash>\d{2}))?\s*[-–])\s*$",
    re.I,
)


@dataclass(frozen=True)
class _Clock:
    shown: str  # "15:15", as written (in its own zone)
    zone: str  # "" (none written), "local", "gmt", "edt", "et", ...
    low: int  # minutes after midnight it may be, at the earliest and at the latest
    high: int


def _month_number(name: str) -> int:
    return _MONTHS.index(next(m for m in _MONTHS if name.lower().startswith(m[:3]))) + 1


# Between the two ends of a span of days: "Nov. 20-25", "20 to 25 November", "Monday to Friday".
_RANGE_WORD = re.compile(r"\s*(?:[-–]|to|through|thru|until|till)\s*", re.I)
_DAY_AFTER = re.compile(rf"{_RANGE_WORD.pattern}(\d{{1,2}})\b(?![:.,]?\d)", re.I)
_DAY_BEFORE = re.compile(rf"\b(\d{{1,2}}){_RANGE_WORD.pattern}$", re.I)


def _span(month: int, first: int, last: re.Match | None) -> list[str]:
    """'MM-DD' of a day, or of every day of a span in one month ("Nov. 20-25")."""
    end = int(last.group(1)) if last else first
    if not first < end <= 31:
        end = first
    return [f"{month:02d}-{d:02d}" for d in range(first, end + 1)]


@lru_cache(maxsize=16384)
def _dates(text: str) -> set[str]:
    """Absolute dates as 'MM-DD' (or 'YYYY-MM-DD'); relative ones ("today") are not compared."""
    dates = set()
    for m in _DATE_MD.finditer(text):
        last = None if m.group(3) else _DAY_AFTER.match(text, m.end())
        dates.update(_span(_month_number(m.group(1)), int(m.group(2)), last))
    for m in _DATE_DM.finditer(text):
        first = _DAY_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        day = int(m.group(1))
        if first and int(first.group(1)) < day:
            dates.update(_span(_month_number(m.group(2)), int(first.group(1)), m))
        else:
            dates.add(f"{_month_number(m.group(2)):02d}-{day:02d}")
    for m in _DATE_ISO.finditer(text):
        dates.add(f"{m.group(2)}-{m.group(3)}")
    return dates


def _weekday_matches(text: str) -> list[re.Match]:
    return [
        m
        for m in _WEEKDAY_RE.finditer(text)
        if not _NAMED_DAY_BEFORE.search(text[max(0, m.start() - 12) : m.start()])
        and not _NAMED_DAY_AFTER.match(text[m.end() : m.end() + 20])
    ]


def _weekdays(text: str) -> set[str]:
    return {m["day"].capitalize() for m in _weekday_matches(text)}


def _day_dates(text: str, published: str | None) -> set[str]:
    """Weekdays as 'MM-DD', read as the nearest such day to the publication date.

    News says "on Sunday" for the last few days and "starting Wednesday" for the next few;
    the nearest day (at most three days away) is right for both. "next Sunday" and "last
    Sunday" say which way to look.
    """
    if not published:
        return set()
    try:
        day = Date.fromisoformat(published[:10])
    except ValueError:
        return set()
    found = set()
    matches = _weekday_matches(text)
    span_ends = set()
    for n, m in enumerate(matches):
        if n in span_ends:
            continue  # read from the start of its span
        target = WEEKDAYS.index(m["day"].lower())
        ahead = (target - day.weekday()) % 7
        shift = ahead if ahead <= 3 else ahead - 7
        which = (m["which"] or "").lower()
        if which == "next":
            shift = ahead or 7
        elif which == "last":
            shift = ahead - 7
        # "from Monday to Friday", "Monday-Friday": every day up to the end of the span.
        end = matches[n + 1] if n + 1 < len(matches) else None
        days = 1
        if end and _RANGE_WORD.fullmatch(text[m.end() : end.start()]):
            days += (WEEKDAYS.index(end["day"].lower()) - target) % 7
            span_ends.add(n + 1)
        for extra in range(days):
            found.add((day + timedelta(days=shift + extra)).strftime("%m-%d"))
    return found


@lru_cache(maxsize=16384)
def _times(text: str) -> tuple[_Clock, ...]:
    times = []
    for m in _TIME_RE.finditer(text):
        start = m.start()
        if m["word"]:  # "at midnight", "by noon": a clock time, not "midnight prayers"
            hour, minute = _CLOCK_WORDS[m["word"].lower()]
            start = m.start("word")
        elif m["hwire"]:
            hour, minute = int(m["hwire"]), int(m["mwire"])
        elif m["h24"]:
            hour, minute = int(m["h24"]), int(m["m24"])
        else:
            hour, minute = int(m["h12"]), int(m["m12"] or 0)
            if m["meridiem"].lower().startswith("p") and hour < 12:
                hour += 12
            elif m["meridiem"].lower().startswith("a") and hour == 12:
                hour = 0  # 12 a.m. is midnight
        if hour > 23 or minute > 59:
            continue
        zone = _ZONE_RE.match(text, m.end())
        label = ""
        if zone:
            label = (zone["named"] or zone["abbreviated"]).lower()
            label = _ZONE_NAMES.get(label, label)
        before = text[max(0, start - 30) : start].lower()
        early, late = next((span for rx, span in _TIME_HEDGES if rx.search(before)), (0, 0))
        at = hour * 60 + minute
        start_of = _RANGE_START.search(before) if m["meridiem"] else None
        if start_of:
            # The start is the same meridiem as the end, or the one before if that is later
            # ("from 10 to 2 p.m." starts at 10 a.m., "from 11 to 2 a.m." at 11 p.m.).
            first = int(start_of["h"] or start_of["h_dash"]) % 12 + hour // 12 * 12
            first = first * 60 + int(start_of["m"] or start_of["m_dash"] or 0)
            early = at - (first if first <= at else first - 12 * 60)
        times.append(_Clock(f"{hour:02d}:{minute:02d}", label, at - early, at + late))
    return tuple(times)


def _in_one_zone(a: _Clock, b: _Clock) -> int | None:
    """Minutes to add to b to read it in a's zone; None when the zones cannot be matched
    ("3:15 p.m. local time" and "12:15 GMT" may well be one moment). A time with no zone is
    read in the other's."""
    if not a.zone or not b.zone or a.zone == b.zone:
        return 0
    if a.zone in _ZONE_OFFSETS and b.zone in _ZONE_OFFSETS:
        return (_ZONE_OFFSETS[a.zone] - _ZONE_OFFSETS[b.zone]) * 60
    return None


def _clocks_agree(a: _Clock, b: _Clock, shift: int) -> bool:
    low, high = b.low + shift, b.high + shift
    # Around midnight, "11:50 p.m." and "shortly after midnight" are minutes apart.
    return any(a.low <= high + day and low + day <= a.high for day in (-1440, 0, 1440))


# Claims give a time or two; every time of one is compared with every time of the other.
_MAX_CLOCK_PAIRS = 20 * 20


def _time_hints(a: tuple[_Clock, ...], b: tuple[_Clock, ...]) -> list[ConflictHint]:
    """Times that cannot be one moment: some pair in comparable zones, and none that agrees."""
    if len(a) * len(b) > _MAX_CLOCK_PAIRS:
        return []  # a timetable, not a claim: silence beats a guess
    pairs = [(x, y, _in_one_zone(x, y)) for x in a for y in b]
    pairs = [(x, y, shift) for x, y, shift in pairs if shift is not None]
    if not pairs or any(_clocks_agree(x, y, shift) for x, y, shift in pairs):
        return []
    va = ", ".join(sorted({x.shown for x in a}))
    vb = ", ".join(sorted({y.shown for y in b}))
    shown_a = ", ".join(sorted({f"{x.shown} {x.zone.upper()}".strip() for x in a}))
    shown_b = ", ".join(sorted({f"{y.shown} {y.zone.upper()}".strip() for y in b}))
    return [ConflictHint("time", va, vb, f"time: {shown_a} vs {shown_b}")]


def _readable_date(value: str) -> str:
    """'11-28' -> 'Nov 28' (what the hint shows; the value stays sortable)."""
    parts = value.split("-")
    if len(parts) >= 2 and parts[-2].isdigit() and 1 <= int(parts[-2]) <= 12:
        return f"{_MONTHS[int(parts[-2]) - 1][:3].capitalize()} {int(parts[-1])}"
    return value


def _set_hint(kind, a: set[str], b: set[str], what: str) -> list[ConflictHint]:
    if a and b and not (a & b):
        va, vb = ", ".join(sorted(a)), ", ".join(sorted(b))
        show = _readable_date if what == "date:" else str
        shown_a = ", ".join(show(v) for v in sorted(a))
        shown_b = ", ".join(show(v) for v in sorted(b))
        return [ConflictHint(kind, va, vb, f"{what} {shown_a} vs {shown_b}")]
    return []


def date_and_time_hints(
    text_a: str, text_b: str, published_a: str | None, published_b: str | None
) -> list[ConflictHint]:
    """Dates, weekdays (read from the articles' dates) and clock times that cannot agree."""
    hints: list[ConflictHint] = []
    dates_a, dates_b = _dates(text_a), _dates(text_b)
    if dates_a and dates_b:
        hints += _set_hint("date", dates_a, dates_b, "date:")
    else:
        day_a, day_b = _day_dates(text_a, published_a), _day_dates(text_b, published_b)
        # A weekday against a written date ("starting Wednesday" / "from 28 November"). Two
        # weekdays are not compared: claims name the day of different events too often.
        if (dates_a and day_b) or (day_a and dates_b):
            hints += _set_hint("date", dates_a | day_a, dates_b | day_b, "date:")
        elif not (dates_a or dates_b) and (published_a is None or published_b is None):
            # Two different days of the week for one event ("on Sunday" vs "on Monday").
            hints += _set_hint("date", _weekdays(text_a), _weekdays(text_b), "weekday:")
    return hints + _time_hints(_times(text_a), _times(text_b))
