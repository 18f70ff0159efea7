"""Cells as typed values, in vectorised form (Arrow arrays of raw texts):
the canonical spellings the fast path reads itself (integers, numbers,
dates, datetimes), real dates and datetimes as Python reads them, exact
decimals as canonical text, datetimes as comparable numbers, and the union
of two optional masks. Used by the column checks
(:mod:`.columns`) and by the keys (:mod:`.keys`)."""
from __future__ import annotations

import datetime
import decimal
from typing import Optional

import pyarrow as pa
import pyarrow.compute as pc

#: Integers the fast path reads itself (64 bits at most).
INTEGER = r"^-?[0-9]{1,18}$"
#: Numbers the fast path reads itself.
NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z?$"


def either(a: Optional[pa.Array], b: Optional[pa.Array]) -> Optional[pa.Array]:
    """The union of two masks, either of which may be ``None`` (none)."""
    if a is None:
        return b
    if b is None:
        return a
    return pc.or_(a, b)


def dates(cells: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Which cells are real dates written ``YYYY-MM-DD`` (as Python's
    ``strptime`` reads them), and their values (date32)."""
    canonical = pc.and_(pc.match_substring_regex(cells, _DATE), pc.invert(pc.starts_with(cells, "0000")))
    texts = pc.if_else(canonical, cells, "2000-01-01")
    parsed = pc.strptime(texts, format="%Y-%m-%d", unit="s", error_is_null=True)
    return pc.and_(canonical, _as_written(texts, parsed, time=False)), pc.cast(parsed, pa.date32())


def _as_written(texts: pa.Array, parsed: pa.Array, time: bool) -> pa.Array:
    """Arrow's ``strptime`` rolls ``02-30`` over to ``03-02`` where
    Python's refuses it: the parsed day, month (and hour, minute, second)
    must be the ones written."""
    same = pc.is_valid(parsed)
    parts = [(5, pc.month), (8, pc.day)] + ([(11, pc.hour), (14, pc.minute), (17, pc.second)] if time else [])
    for start, part in parts:
        written = pc.cast(pc.utf8_slice_codeunits(texts, start, start + 2), pa.int64())
        same = pc.and_(same, pc.fill_null(pc.equal(part(parsed), written), False))
    return same


def datetimes(cells: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Which cells are real datetimes written ``YYYY-MM-DDTHH:MM:SS`` with
    or without ``Z`` (as frictionless' ``isoparse`` reads them), and their
    values as numbers that compare as Python's datetimes do (see
    :func:`datetime_number`)."""
    canonical = pc.and_(pc.match_substring_regex(cells, _DATETIME), pc.invert(pc.starts_with(cells, "0000")))
    texts = pc.if_else(canonical, cells, "2000-01-01T00:00:00")
    body = pc.utf8_slice_codeunits(texts, 0, 19)
    parsed = pc.strptime(body, format="%Y-%m-%dT%H:%M:%S", unit="s", error_is_null=True)
    micros = pc.multiply(pc.cast(parsed, pa.int64()), 1_000_000)
    values = pc.add(pc.multiply(micros, 2), pc.cast(pc.ends_with(texts, "Z"), pa.int64()))
    return pc.and_(canonical, _as_written(texts, parsed, time=True)), values


_EPOCH = datetime.datetime(1970, 1, 1)
_EPOCH_UTC = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
_MICROSECOND = datetime.timedelta(microseconds=1)


def datetime_number(value: datetime.datetime) -> int:
    """A datetime as a number: microseconds since the epoch, times two,
    plus one when it has a time zone (an aware datetime never equals a
    naive one; aware ones are equal when they are the same instant)."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        return (value - _EPOCH_UTC) // _MICROSECOND * 2 + 1
    return (value.replace(tzinfo=None) - _EPOCH) // _MICROSECOND * 2


def canonical_decimal(texts: pa.Array) -> pa.Array:
    """``-?[0-9]+(.[0-9]+)?`` texts as the canonical text of their decimal
    value (equal texts: equal values): no trailing zeros of the fraction,
    no leading zeros, no negative zero."""
    texts = pc.replace_substring_regex(texts, r"(\.[0-9]*?)0+$", r"\1")
    texts = pc.replace_substring_regex(texts, r"\.$", "")
    texts = pc.replace_substring_regex(texts, r"^(-?)0+([0-9])", r"\1\2")
    return pc.if_else(pc.equal(texts, "-0"), "0", texts)


def decimal_text(value: decimal.Decimal) -> str:
    """A decimal as :func:`canonical_decimal` writes it."""
    text = format(value, "f")
    return canonical_decimal(pa.array([text], pa.string()))[0].as_py()
