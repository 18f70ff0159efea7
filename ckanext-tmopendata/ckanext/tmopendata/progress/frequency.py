"""When a dataset's next update is due, from its update frequency (EU
frequency vocabulary) and the last time its data changed. Pure functions:
no CKAN, no database.

Calendar steps (MONTHLY, QUARTERLY, ...) add calendar months and clamp to the
end of the target month (31 January + 1 month = 28 or 29 February; 29
February + 1 year = 28 February). Frequencies without a schedule (IRREG,
UNKNOWN, NEVER) have no due date and are never overdue.
"""
from __future__ import annotations

import calendar
import datetime
from typing import Optional, Union

from ckanext.tmopendata.lib.vocab import FREQUENCIES, FREQUENCY_PREFIX

DateLike = Union[datetime.date, datetime.datetime]

#: Day steps of the frequencies measured in days.
DAY_STEPS = {"CONT": 1, "DAILY": 1, "WEEKLY": 7}
#: Month steps of the calendar frequencies.
MONTH_STEPS = {"MONTHLY": 1, "QUARTERLY": 3, "BIANNUAL": 6, "ANNUAL": 12, "BIENNIAL": 24}
#: Frequencies without a schedule: listed, never overdue.
UNSCHEDULED = ("IRREG", "UNKNOWN", "NEVER")
#: Every code of the vocabulary the portal uses.
CODES = tuple(code for code, _en, _ro in FREQUENCIES)


def frequency_code(value: Optional[str]) -> Optional[str]:
    """The code of a frequency given as a code or as its EU vocabulary URI
    (``http://publications.europa.eu/resource/authority/frequency/MONTHLY``);
    ``None`` when empty. Unknown codes raise ``ValueError``."""
    if not value or not str(value).strip():
        return None
    code = str(value).strip()
    if code.startswith(FREQUENCY_PREFIX):
        code = code[len(FREQUENCY_PREFIX):]
    code = code.upper()
    if code not in CODES:
        raise ValueError(f"Unknown update frequency: {value}")
    return code


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` plus ``months`` calendar months, clamped to the month's end."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return datetime.date(year, month + 1, min(day.day, last))


def _as_date(value: DateLike) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    return value


def next_update_due(frequency: Optional[str], last_change: Optional[DateLike]) -> Optional[datetime.date]:
    """Date by which the next update is due, or ``None`` for frequencies
    without a schedule (IRREG, UNKNOWN, NEVER) or no frequency at all.

    ``last_change`` ``None`` (nothing known) also gives ``None``; callers
    pass the dataset's creation date when no data change is recorded."""
    code = frequency_code(frequency)
    if code is None or code in UNSCHEDULED or last_change is None:
        return None
    day = _as_date(last_change)
    if code in DAY_STEPS:
        return day + datetime.timedelta(days=DAY_STEPS[code])
    return add_months(day, MONTH_STEPS[code])


def is_scheduled(frequency: Optional[str]) -> bool:
    """True when the frequency has a schedule (can become overdue)."""
    code = frequency_code(frequency)
    return code is not None and code not in UNSCHEDULED


def is_overdue(due: Optional[datetime.date], today: datetime.date, grace_days: int) -> bool:
    """Overdue when today is later than the due date plus the grace days."""
    if due is None:
        return False
    return today > due + datetime.timedelta(days=grace_days)
