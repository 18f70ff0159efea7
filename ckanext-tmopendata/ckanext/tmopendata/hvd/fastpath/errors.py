"""The report's errors: the rows that give an error are replayed through
frictionless' own ``Row`` with their row number, in row order, exactly as
frictionless' row stream and ``Resource.validate`` do (``unique``, then
primary key, then the row's own errors: type, row, field, cell, note,
message and their order within the row are frictionless' own; the suite's
check apart), and the error cap (``max_errors``) stops at the same row
with the same row count. The outcome is a :class:`Result`."""
from __future__ import annotations

import dataclasses
from typing import Any

from frictionless import Resource, errors as ferrors
from frictionless.table.row import Row

from ckanext.tmopendata.hvd.checks import tm_row_checks


@dataclasses.dataclass
class Result:
    """What frictionless' ``Resource.validate`` with the suite's check would
    give: the data rows read, its errors (capped) and the suite's errors."""

    rows: int
    errors: list
    suite_errors: list

    @property
    def valid(self) -> bool:
        return not self.errors and not self.suite_errors


def replay(schema: Any, handlers: Any, kept: dict[int, list[str]], numbers: set[int],
           unique_fields: list[str], unique: dict[str, dict[int, int]],
           primary_key: list[str], primary: dict[int, int], rows: int, max_errors: int) -> Result:
    """The :class:`Result` of a file of ``rows`` data rows whose rows
    ``numbers`` (their cells in ``kept``) are all that can give an error;
    ``unique`` (per field in ``unique_fields``) and ``primary``: row number
    -> row number of the previous occurrence of the same value; ``handlers``:
    frictionless' cell handlers of the ``schema``'s fields."""
    errors: list = []
    suite_errors: list = []
    checker = tm_row_checks(collected=suite_errors, max_collected=max_errors)
    checker.connect(Resource(schema=schema))
    checker.validate_start()
    for row_number in sorted(numbers):
        row = Row(list(kept[row_number]), handlers=handlers, row_number=row_number)
        # as frictionless' row stream: unique, then primary key, then the row's errors
        for name in unique_fields:
            if row[name] is not None:
                match = unique[name].get(row_number)
                if match:
                    note = f"the same as in the row at position {match}"
                    row.errors.append(ferrors.UniqueError.from_row(row, note=note, field_name=name))
        if primary_key:
            cells = tuple(row[label] for label in primary_key)
            if set(cells) == {None}:
                note = 'cells composing the primary keys are all "None"'
                row.errors.append(ferrors.PrimaryKeyError.from_row(row, note=note))
            else:
                match = primary.get(row_number)
                if match:
                    note = f"the same as in the row at position {match}"
                    row.errors.append(ferrors.PrimaryKeyError.from_row(row, note=note))
        errors.extend(row.errors)
        checker.validate_row(row)
        if max_errors and len(errors) >= max_errors:
            errors = errors[:max_errors]
            rows = row_number - 1
            break
    return Result(rows=rows, errors=errors, suite_errors=suite_errors)
