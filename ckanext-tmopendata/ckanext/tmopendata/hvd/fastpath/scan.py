"""The pass over the file: :class:`Scan` ties the steps together. It takes
the schema apart (what the fast path supports, its :class:`~.columns.Column`
objects, the primary key), reads the file in one streaming pass over
record batches (:mod:`.reading`), runs the column checks of each batch
(:mod:`.columns`), keeps the values of the keys (:mod:`.keys`), counts the
errors of the suspect rows and keeps those that give one (stopping once
the error cap is reached), then has the report written (:mod:`.errors`).

Memory: record batches are dropped after use; what is kept is the values
of the ``unique``/``primaryKey`` columns (as Arrow arrays, or spilled to
temporary files) and the cells of the rows with errors (at most about
``max_errors`` rows; ``Tuning.max_kept`` suspect rows)."""
from __future__ import annotations

from typing import Any, Optional

import pyarrow as pa
import pyarrow.compute as pc
from frictionless import Resource
from frictionless.table.row import Row, create_cell_handlers

from ckanext.tmopendata.hvd.checks import tm_row_checks
from ckanext.tmopendata.hvd.fastpath.bounds import GiveUp, Tuning
from ckanext.tmopendata.hvd.fastpath.columns import Column, suite_suspects, value_suspects
from ckanext.tmopendata.hvd.fastpath.duplicates import Keys
from ckanext.tmopendata.hvd.fastpath.errors import Result, replay
from ckanext.tmopendata.hvd.fastpath.keys import codes, comparable, duplicates
from ckanext.tmopendata.hvd.fastpath.reading import check_dialect, check_header_line, open_batches, read_rows
from ckanext.tmopendata.hvd.fastpath.values import either

#: Schema properties the fast path supports (and any ``x_``): any other
#: (``foreignKeys``, ``uniqueKeys``...): give up.
_SCHEMA_PROPERTIES = {"fields", "primaryKey", "missingValues", "name", "title", "description",
                      "title_en", "description_en", "version", "$schema"}


class Scan:
    """One validation of one file by the fast path; :meth:`close` removes
    its temporary files."""

    def __init__(self, path: str, fmt: str, schema: Any, encoding: Optional[str], max_errors: int,
                 tuning: Tuning) -> None:
        self.path, self.fmt, self.schema = path, fmt, schema
        self.max_errors = max_errors
        self.tuning = tuning
        self.encoding = encoding or "utf-8"
        if getattr(schema, "_datapackage_version", None) == "v2":
            raise GiveUp("Table Schema v2")
        descriptor = schema.to_descriptor()
        if set(descriptor) - _SCHEMA_PROPERTIES - {k for k in descriptor if k.startswith("x_")}:
            raise GiveUp("schema properties")  # foreignKeys, uniqueKeys, ...
        self.missing = [str(m) for m in (descriptor.get("missingValues") or [""])]
        self.missing_set = pa.array(self.missing, pa.string())
        self.columns = [Column(f, i, tuning) for i, f in enumerate(schema.fields)]
        self.names = [c.name for c in self.columns]
        if len(set(self.names)) != len(self.columns):
            raise GiveUp("duplicate field names")
        self.primary_key = list(descriptor.get("primaryKey") or [])
        if isinstance(self.primary_key, str):
            self.primary_key = [self.primary_key]
        for name in self.primary_key:
            column = next((c for c in self.columns if c.name == name), None)
            if column is None:
                raise GiveUp("primary key field")
            column.keep = column.keep or len(self.primary_key) == 1
            column.key = True
        # a composite key: one int64 per row, each column's value as its
        # code in a dictionary of the values seen (memory: 8 bytes a row)
        self.pack_bits = 63 // len(self.primary_key) if len(self.primary_key) > 1 else 0
        self.packed = Keys(tuning)
        self.handlers = create_cell_handlers(list(schema.fields))
        self.readers = [handler.reader for handler in self.handlers.values()]
        self.kept: dict[int, list[str]] = {}  # row number -> cells of a suspect row
        self.counted = 0  # frictionless errors of the kept rows (unique/primary key apart)
        self.suite_counted = 0
        self.stop: Optional[int] = None  # last row that can matter (the cap is reached by then)
        self.rows = 0
        self.checker = tm_row_checks()
        self.checker.connect(Resource(schema=schema))
        self.checker.validate_start()

    def run(self) -> Result:
        """Read the file and write its report."""
        check_header_line(self.path, self.fmt, self.encoding, self.names)
        check_dialect(self.path, self.fmt, self.encoding, self.schema)
        base = 0
        for batch in open_batches(self.path, self.fmt, self.encoding, self.names, self.tuning.block_size):
            if batch.num_rows == 0:
                continue
            self._batch(batch, base)
            base += batch.num_rows
            if self.stop is not None:
                break
        self.rows = base
        return self._report()

    def close(self) -> None:
        """Remove the temporary files of the keys."""
        for keys in [self.packed, *(c.values for c in self.columns)]:
            keys.close()

    def _batch(self, batch: pa.RecordBatch, base: int) -> None:
        suspect = all_missing = suite = packed = None
        for column in self.columns:
            # every check is made once per distinct value of the batch
            # (``cells``), then spread over the rows (``codes``)
            encoded = pc.dictionary_encode(batch.column(column.index))
            cells, indices = encoded.dictionary, encoded.indices

            def rows(mask: Optional[pa.Array], indices: pa.Array = indices) -> Optional[pa.Array]:
                return None if mask is None else pc.take(mask, indices)

            is_missing = pc.is_in(cells, value_set=self.missing_set)
            blank = rows(pc.or_(is_missing, pc.equal(cells, "")))
            all_missing = blank if all_missing is None else pc.and_(all_missing, blank)
            if column.required or column.key:
                suspect = either(suspect, rows(is_missing))
            suite = either(suite, rows(suite_suspects(column, cells, is_missing)))
            wrong = rows(value_suspects(column, cells, is_missing))
            suspect = either(suspect, wrong)
            if column.cui:  # a wrong CUI is the suite's error
                suite = either(suite, wrong)
            if column.keep or (column.key and self.pack_bits):
                values = comparable(column, cells, is_missing)
                if column.keep:
                    column.values.append(pc.take(values, indices), base)
                if column.key and self.pack_bits:
                    part = pc.take(codes(column, values, self.pack_bits), indices)
                    packed = part if packed is None else \
                        pc.bit_wise_or(pc.shift_left(packed, self.pack_bits), part)
        if packed is not None:  # all null (0): no key, skipped
            self.packed.append(pc.if_else(pc.equal(packed, 0), pa.scalar(None, pa.int64()), packed), base)
        suspect = either(either(suspect, all_missing), suite)
        if suspect is None or not pc.any(suspect).as_py():
            return
        positions = pc.indices_nonzero(suspect)
        rows = batch.take(positions)
        columns = [rows.column(i).to_pylist() for i in range(rows.num_columns)]
        flags = pc.take(suite, positions).to_pylist() if suite is not None else [False] * len(positions)
        for position, cells, flagged in zip(positions.to_pylist(), zip(*columns), flags):
            self._suspect(base + position + 2, list(cells), flagged)
            if self.stop is not None:
                return

    def _suspect(self, row_number: int, cells: list[str], flagged: bool) -> None:
        """Count the errors of a suspect row (without unique / primary key)
        and keep it when it may give an error. ``flagged``: the suite's
        checks may find something in it."""
        found = blanks = 0
        for reader, cell in zip(self.readers, cells):
            value, notes = reader(cell)
            if notes:
                found += len(notes)
            if value is None and not (notes and "type" in notes):
                blanks += 1
        if blanks == len(cells):
            found = 1  # a blank row: one error, in place of the others
        suite = 0
        if flagged and self.suite_counted < self.max_errors:
            row = Row(list(cells), handlers=self.handlers, row_number=row_number)
            suite = sum(1 for _ in self.checker.row_errors(row))
        key_blank = bool(self.primary_key) and all(
            cells[c.index] in self.missing for c in self.columns if c.key)
        if not (found or suite or key_blank):
            return
        self.kept[row_number] = cells
        if len(self.kept) > self.tuning.max_kept:
            raise GiveUp("too many suspect rows")
        self.counted += found
        self.suite_counted += suite
        if self.counted >= self.max_errors:
            self.stop = row_number

    def _report(self) -> Result:
        unique, primary = duplicates(self.columns, self.primary_key, self.packed)
        needed = set(self.kept)
        for matches in [primary, *unique.values()]:
            needed.update(matches)
        if self.stop is not None:
            needed = {n for n in needed if n <= self.stop}
        missing = needed - set(self.kept)
        if missing:
            # duplicates that are not suspects: their cells read again
            self.kept.update(read_rows(self.path, self.fmt, self.encoding, self.names,
                                       self.tuning.block_size, missing))
        unique_fields = [c.name for c in self.columns if c.constraints.get("unique")]
        return replay(self.schema, self.handlers, self.kept, needed, unique_fields, unique,
                      self.primary_key, primary, self.rows, self.max_errors)
