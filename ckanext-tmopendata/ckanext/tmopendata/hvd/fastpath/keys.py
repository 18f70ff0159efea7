"""``unique`` and ``primaryKey``: what the keys compare, and their
duplicates.

The cells of a ``unique`` or key column become values that compare as
frictionless' read values do (integers, exact decimals as canonical text,
dates, datetimes as numbers, text; null when missing or not of the type:
:func:`comparable`); a composite key packs each row's codes of its
columns' values into one int64 (:func:`codes`). The values are kept in
:class:`~.duplicates.Keys` while the file is read and searched for
duplicates on whole columns at the end (:func:`duplicates`), each with the
previous occurrence of its value, as frictionless' row stream reports it.
"""
from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from ckanext.tmopendata.hvd.fastpath.bounds import GiveUp
from ckanext.tmopendata.hvd.fastpath.columns import Column
from ckanext.tmopendata.hvd.fastpath.duplicates import Keys
from ckanext.tmopendata.hvd.fastpath.values import (
    INTEGER, NUMBER, canonical_decimal, dates, datetime_number, datetimes, decimal_text,
)


def comparable(column: Column, cells: pa.Array, is_missing: pa.Array) -> pa.Array:
    """The cells as values that compare as frictionless' read values do
    (null: missing or not of the type): integers, exact decimals (as
    canonical text), dates, text."""
    kind = column.type
    if kind in ("string", "any") and (kind == "any" or column.format == "default"):
        return pc.if_else(is_missing, pa.scalar(None, pa.string()), cells)
    if column.read_options:
        raise GiveUp(f"key on a column with {column.read_options}")
    if kind == "integer":
        canonical = pc.match_substring_regex(cells, INTEGER)
        values = pc.cast(pc.if_else(canonical, cells, "0"), pa.int64())
        target = pa.int64()
    elif kind == "number":
        canonical = pc.match_substring_regex(cells, NUMBER)
        values = canonical_decimal(pc.if_else(canonical, cells, "0"))
        target = pa.string()
    elif kind == "date" and column.format == "default":
        canonical, values = dates(cells)
        target = pa.date32()
    elif kind == "datetime" and column.format == "default":
        canonical, values = datetimes(cells)
        target = pa.int64()
    else:
        raise GiveUp(f"key on a {kind} column")
    other = pc.and_(pc.invert(canonical), pc.invert(is_missing))
    if pc.any(other).as_py():
        fills = [_exact_value(column, raw) for raw in pc.filter(cells, other).to_pylist()]
        values = pc.replace_with_mask(values, other, pa.array(fills, target))
    return pc.if_else(is_missing, pa.scalar(None, target), values)


def codes(column: Column, values: pa.Array, pack_bits: int) -> pa.Array:
    """The code of each value in the column's dictionary of the values
    seen (new ones are added), 0 for null; at most ``pack_bits`` bits."""
    book = column.codebook
    index = pc.index_in(values, value_set=book) if book is not None else pa.nulls(len(values), pa.int32())
    new = pc.and_(pc.is_null(index), pc.is_valid(values))
    if pc.any(new).as_py():
        added = pc.unique(pc.filter(values, new))
        book = added if book is None else pa.concat_arrays([book, added])
        if len(book) >= (1 << pack_bits) - 1:
            raise GiveUp("too many values in a key column")
        column.codebook = book
        index = pc.index_in(values, value_set=book)
    return pc.fill_null(pc.add(pc.cast(index, pa.int64()), 1), 0)


def _exact_value(column: Column, raw: str) -> Any:
    """A raw cell the vectorised forms do not read, read by frictionless'
    reader as a comparable value (memoised)."""
    value = column.exact_values.get(raw, column)
    if value is not column:
        return value
    value, notes = column.reader(raw)
    if notes and "type" in notes:
        value = None
    if value is not None and column.type == "number":
        if not value.is_finite():
            raise GiveUp("NaN or infinity in a key")
        value = decimal_text(value)
    if value is not None and column.type == "datetime":
        value = datetime_number(value)
    if value is not None and column.type == "integer" and not -2**63 <= value < 2**63:
        raise GiveUp("integer beyond 64 bits in a key")
    if len(column.exact_values) < column.tuning.max_memo:
        column.exact_values[raw] = value
    return value


def duplicates(columns: list[Column], primary_key: list[str],
               packed: Keys) -> tuple[dict[str, dict[int, int]], dict[int, int]]:
    """Per unique field, and for the primary key: row number -> row
    number of the previous occurrence of the same value (``packed``: the
    values of a composite key)."""
    unique: dict[str, dict[int, int]] = {}
    for column in columns:
        if column.constraints.get("unique") and column.values:
            unique[column.name] = column.values.previous()
    primary: dict[int, int] = {}
    if len(primary_key) == 1 and primary_key[0] in unique:
        # a one-column key that is also unique: the same duplicates
        return unique, unique[primary_key[0]]
    if len(primary_key) == 1:
        column = next(c for c in columns if c.key)
        if column.values:
            primary = column.values.previous()
    elif packed:
        primary = packed.previous()
    return unique, primary
