"""next_update_due for every frequency of the vocabulary, month ends, leap
years; overdue with the grace period (pure functions, dates frozen)."""
from __future__ import annotations

import datetime

import pytest
from freezegun import freeze_time

from ckanext.tmopendata.lib.vocab import FREQUENCIES, FREQUENCY_PREFIX
from ckanext.tmopendata.progress import frequency as f

D = datetime.date


@pytest.mark.parametrize("code, last, due", [
    ("CONT", D(2026, 3, 10), D(2026, 3, 11)),
    ("DAILY", D(2026, 12, 31), D(2027, 1, 1)),
    ("WEEKLY", D(2026, 2, 25), D(2026, 3, 4)),
    ("MONTHLY", D(2026, 3, 15), D(2026, 4, 15)),
    ("MONTHLY", D(2026, 1, 31), D(2026, 2, 28)),
    ("MONTHLY", D(2028, 1, 31), D(2028, 2, 29)),      # leap year
    ("MONTHLY", D(2026, 3, 31), D(2026, 4, 30)),
    ("MONTHLY", D(2026, 12, 15), D(2027, 1, 15)),
    ("QUARTERLY", D(2026, 11, 30), D(2027, 2, 28)),
    ("QUARTERLY", D(2027, 11, 30), D(2028, 2, 29)),
    ("BIANNUAL", D(2026, 8, 31), D(2027, 2, 28)),
    ("BIANNUAL", D(2026, 1, 1), D(2026, 7, 1)),
    ("ANNUAL", D(2028, 2, 29), D(2029, 2, 28)),
    ("ANNUAL", D(2026, 6, 30), D(2027, 6, 30)),
    ("BIENNIAL", D(2026, 5, 5), D(2028, 5, 5)),
    ("BIENNIAL", D(2028, 2, 29), D(2030, 2, 28)),
])
def test_next_update_due(code, last, due):
    assert f.next_update_due(code, last) == due
    # Same with the EU vocabulary URI (what the HVD form stores) and a datetime.
    moment = datetime.datetime.combine(last, datetime.time(23, 59))
    assert f.next_update_due(FREQUENCY_PREFIX + code, moment) == due


@pytest.mark.parametrize("code", ["IRREG", "UNKNOWN", "NEVER"])
def test_unscheduled_frequencies_have_no_due_date(code):
    assert f.next_update_due(code, D(2020, 1, 1)) is None
    assert not f.is_scheduled(code)
    assert not f.is_overdue(None, D(2030, 1, 1), 0)


def test_every_vocabulary_code_is_handled():
    for code, _en, _ro in FREQUENCIES:
        due = f.next_update_due(code, D(2026, 1, 31))
        if code in f.UNSCHEDULED:
            assert due is None
        else:
            assert due is not None and due > D(2026, 1, 31), code
    assert set(f.CODES) == set(f.DAY_STEPS) | set(f.MONTH_STEPS) | set(f.UNSCHEDULED)


def test_no_frequency_or_no_date():
    assert f.next_update_due(None, D(2026, 1, 1)) is None
    assert f.next_update_due("", D(2026, 1, 1)) is None
    assert f.next_update_due("MONTHLY", None) is None
    assert f.frequency_code(" monthly ") == "MONTHLY"


@pytest.mark.parametrize("bad", ["HOURLY", "montly", FREQUENCY_PREFIX + "X", "http://x/MONTHLY"])
def test_unknown_frequency_is_refused(bad):
    with pytest.raises(ValueError, match="Unknown update frequency"):
        f.next_update_due(bad, D(2026, 1, 1))


@freeze_time("2026-03-08")
def test_overdue_after_grace_days():
    today = datetime.date.today()
    due = f.next_update_due("WEEKLY", D(2026, 2, 22))       # due 1 March
    assert due == D(2026, 3, 1)
    assert f.is_overdue(due, today, 0)
    assert f.is_overdue(due, today, 6)
    assert not f.is_overdue(due, today, 7)                 # 8 March is the last day of grace
    assert not f.is_overdue(f.next_update_due("MONTHLY", D(2026, 2, 28)), today, 0)


@freeze_time("2028-03-01")
def test_overdue_across_leap_day():
    due = f.next_update_due("MONTHLY", D(2028, 1, 31))     # 29 February 2028
    assert f.is_overdue(due, datetime.date.today(), 0)
    assert not f.is_overdue(due, datetime.date.today(), 1)
