"""The columnar fast path of the validation engine: it validates a CSV/TSV
file against its Table Schema at the speed of pyarrow's CSV reader, and
gives the report's errors exactly as the frictionless engine would, or
gives up (then the frictionless engine,
:func:`ckanext.tmopendata.hvd.validation.validate_file`, reads the whole
file).

How it works, in one streaming pass over record batches (``BLOCK_SIZE``):

- every column is checked in vectorised form for what can be decided
  exactly that way (integers written ``-?[0-9]+``, numbers
  ``-?[0-9]+(.[0-9]+)?`` with bounds compared with a margin, dates
  ``YYYY-MM-DD``, ``enum``, ``minLength``/``maxLength``, ``pattern`` in RE2
  when RE2 accepting a text implies Python's ``re`` does, ``required``,
  missing values, blank rows); the cells it cannot clear are *suspects*;
- a suspect's distinct raw value is read by the schema's own frictionless
  cell reader (types, formats, ``missingValues``, every constraint but
  ``unique``) and by the suite's checks (CUI, personal data, mojibake, each
  behind an RE2 pre-filter); a column with few distinct values
  (:data:`EXACT_DISTINCT`) is read that way value by value (memoised);
- the rows holding a bad value are handed to frictionless' own ``Row``
  with their row number, so their errors (type, row, field, cell, note,
  message, and their order within the row) are frictionless' own;
- ``unique`` and ``primaryKey`` are decided on whole columns at the end
  (the read values, compared as frictionless compares them: integers,
  exact decimals, dates, text) with the previous occurrence of each
  duplicate, as frictionless' row stream reports it;
- the rows with errors are then replayed in row order exactly as
  frictionless' row stream and ``Resource.validate`` do (``unique``, then
  primary key, then the row's own errors; the suite's check apart), and the
  1,000-error cap (``max_errors``) stops at the same row with the same row
  count.

It gives up (answers ``None``) on what it does not support: Table Schema
v2, schema properties other than fields, ``primaryKey`` and
``missingValues`` (``foreignKeys``, ...), unknown constraints, a header that
is not exactly the field names, a dialect frictionless would sniff
differently, rows of the wrong width, empty lines, a key on a column type it
cannot compare. The differential test (``tests/hvd/test_fastpath.py``)
asserts identical verdicts and error lists between the two paths.

Memory: record batches are dropped after use; what is kept is the values of
the ``unique``/``primaryKey`` columns (as Arrow arrays) and the cells of the
rows with errors (at most about ``max_errors`` rows).
"""
from __future__ import annotations

import dataclasses
import datetime
import decimal
import os
import re
import shutil
import tempfile
from typing import Any, Optional

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from frictionless import Resource, errors as ferrors
from frictionless.table.row import Row, create_cell_handlers

from ckanext.tmopendata.hvd.checks import cui_is_valid, find_personal_data, tm_row_checks
from ckanext.tmopendata.lib.text import looks_like_mojibake

#: The ``validator`` of a report the fast path wrote.
VALIDATOR = f"tmopendata fast path (pyarrow {pa.__version__})"

#: A column with at most this many distinct values is read exactly by
#: frictionless' own cell reader, value by value.
EXACT_DISTINCT = 2000

#: Bytes per record batch read from the file.
BLOCK_SIZE = 1024 * 1024

#: Suspect rows kept at most (rows whose cells may hold an error); beyond
#: it the fast path gives up.
MAX_KEPT = 50_000

#: Keys of more rows than this are searched for duplicates in
#: ``PARTITIONS`` parts (a power of two).
PARTITION_ROWS = 2_000_000
PARTITIONS = 8

#: Integer keys (integers, datetimes, composite keys) of more rows than this
#: go to temporary files, in ``PARTITIONS`` parts, while the file is read.
SPILL_ROWS = 4_000_000

#: Raw values whose verdict is memoised per column, at most.
MAX_MEMO = 200_000

#: Constraints the fast path knows (any other: give up).
_CONSTRAINTS = {"required", "unique", "minimum", "maximum", "minLength", "maxLength", "pattern", "enum"}

#: Field properties that change how a cell is read (any of them: the column
#: is read value by value by frictionless' reader).
_READ_OPTIONS = {"bareNumber", "decimalChar", "groupChar", "trueValues", "falseValues", "floatNumber"}

_INTEGER = r"^-?[0-9]{1,18}$"
_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_DATETIME = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z?$"

#: A ``pattern`` is matched in RE2 only when it is made of these (then a
#: text RE2 accepts is one Python's ``re`` accepts; RE2 ``$`` is stricter).
_RE2_SAFE = re.compile(r"^(?:[^\\(]|\\[dws.\-+*?()\[\]{}|^$/\\]|\((?!\?)|\(\?:)*$")

#: A superset of what :func:`find_personal_data` finds (its patterns
#: without the look-arounds RE2 lacks, digits and spaces of every script).
_D = r"\p{Nd}"
_S = r"[\s\p{Z}\x1c-\x1f\x85]"
_PERSONAL_CANDIDATE = (
    rf"[1-9]{_D}{{12}}"
    r"|[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}"
    rf"|(?:\+40|0040|0){_S}?(?:7{_D}{{2}}|[23]{_D}{{1,2}})[\s.\-]?{_D}{{3}}[\s.\-]?{_D}{{3}}"
)
_PERSONAL_TYPES = ("string", "any", "integer", "number")


def _mojibake_candidate() -> str:
    """RE2 for text :func:`looks_like_mojibake` may repair: UTF-8 read with
    a single-byte code page shows a lead byte (0xC2-0xF4) followed by a
    continuation byte (0x80-0xBF), each one character of that code page."""
    lead, follow = set(), set()
    for codepage in ("cp1252", "cp1250", "latin-1"):
        for byte in range(0x80, 0xF5):
            char = bytes([byte]).decode(codepage, errors="ignore")
            if char:
                (lead if byte >= 0xC2 else follow if byte <= 0xBF else set()).add(char)

    def klass(chars: set) -> str:
        return "[" + "".join(f"\\x{{{ord(c):04X}}}" for c in sorted(chars)) + "]"

    return klass(lead) + klass(follow)


_MOJIBAKE_CANDIDATE = _mojibake_candidate()
_SHORTEST_PERSONAL = 9


class _GiveUp(Exception):
    """The fast path cannot validate this file: frictionless does."""


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


def validate(path: str, fmt: str, schema: Any, encoding: Optional[str],
             max_errors: int = 1000) -> Optional[Result]:
    """Validate the file at ``path`` (``csv`` or ``tsv``) against the
    frictionless ``schema`` (a built :class:`frictionless.Schema`, v1);
    ``None`` when the fast path does not support the file or schema (the
    frictionless engine decides)."""
    if fmt not in ("csv", "tsv") or schema is None:
        return None
    validator = None
    try:
        validator = _Validator(path, fmt, schema, encoding, max_errors)
        return validator.run()
    except (_GiveUp, pa.ArrowException, ValueError, UnicodeError, decimal.DecimalException, OverflowError):
        return None
    finally:
        if validator is not None:
            validator.close()


def prove_valid(path: str, fmt: str, schema: Any, encoding: Optional[str]) -> Optional[int]:
    """The number of data rows when the fast path finds the file valid, else
    ``None`` (invalid, or not supported)."""
    result = validate(path, fmt, schema, encoding)
    return result.rows if result is not None and result.valid else None


class _Column:
    def __init__(self, field: Any, index: int) -> None:
        self.field = field
        self.index = index
        self.name = field.name
        self.type = field.type
        constraints = dict(field.constraints or {})
        unknown = set(constraints) - _CONSTRAINTS
        if unknown:
            raise _GiveUp(f"constraints {unknown}")
        self.constraints = constraints
        descriptor = field.to_descriptor()
        self.read_options = {k for k in _READ_OPTIONS if k in descriptor}
        self.format = descriptor.get("format", "default")
        custom = field.custom or {}
        self.cui = custom.get("x_tm_check") == "cui"
        self.contact = bool(custom.get("x_tm_contact"))
        self.textual = self.type in ("string", "any")
        self.personal = self.type in _PERSONAL_TYPES
        self.required = bool(constraints.get("required"))
        self.keep = bool(constraints.get("unique"))
        self.key = False  # part of the primary key
        self.reader = field.create_cell_reader()
        self.distinct: Optional[set] = set()  # while few: every raw value seen
        self.bad: dict[str, bool] = {}  # raw value -> does it give an error
        self.values = _Keys()  # read values, for unique / primary key
        self.exact_values: dict[str, Any] = {}  # raw -> comparable read value
        self.codebook: Optional[pa.Array] = None  # values of a composite key column seen
        pattern = constraints.get("pattern")
        self.re2 = None
        if pattern is not None and self.textual and _RE2_SAFE.match(pattern) and "[:" not in pattern \
                and not ("[^" in pattern and re.search(r"\\[dws]", pattern)):
            self.re2 = f"^(?:^{pattern}$)"

    def is_bad(self, raw: str) -> bool:
        """Whether frictionless' reader or the CUI check finds an error in
        the cell ``raw`` (memoised)."""
        verdict = self.bad.get(raw)
        if verdict is None:
            value, notes = self.reader(raw)
            verdict = bool(notes) or (self.cui and value not in (None, "") and not cui_is_valid(str(value)))
            if len(self.bad) >= MAX_MEMO:
                self.bad.clear()
            self.bad[raw] = verdict
        return verdict


def _or(a: Optional[pa.Array], b: Optional[pa.Array]) -> Optional[pa.Array]:
    if a is None:
        return b
    if b is None:
        return a
    return pc.or_(a, b)


class _Validator:
    def __init__(self, path: str, fmt: str, schema: Any, encoding: Optional[str], max_errors: int) -> None:
        self.path, self.fmt, self.schema = path, fmt, schema
        self.max_errors = max_errors
        self.encoding = encoding or "utf-8"
        if getattr(schema, "_datapackage_version", None) == "v2":
            raise _GiveUp("Table Schema v2")
        descriptor = schema.to_descriptor()
        if set(descriptor) - {"fields", "primaryKey", "missingValues", "name", "title", "description",
                              "title_en", "description_en", "version", "$schema"} - {
                                  k for k in descriptor if k.startswith("x_")}:
            raise _GiveUp("schema properties")  # foreignKeys, uniqueKeys, ...
        self.missing = [str(m) for m in (descriptor.get("missingValues") or [""])]
        self.missing_set = pa.array(self.missing, pa.string())
        self.columns = [_Column(f, i) for i, f in enumerate(schema.fields)]
        if len({c.name for c in self.columns}) != len(self.columns):
            raise _GiveUp("duplicate field names")
        self.primary_key = list(descriptor.get("primaryKey") or [])
        if isinstance(self.primary_key, str):
            self.primary_key = [self.primary_key]
        for name in self.primary_key:
            column = next((c for c in self.columns if c.name == name), None)
            if column is None:
                raise _GiveUp("primary key field")
            column.keep = column.keep or len(self.primary_key) == 1
            column.key = True
        # a composite key: one int64 per row, each column's value as its
        # code in a dictionary of the values seen (memory: 8 bytes a row)
        self.pack_bits = 63 // len(self.primary_key) if len(self.primary_key) > 1 else 0
        self.packed = _Keys()
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

    # --- reading ---------------------------------------------------------------

    def _reader(self) -> pacsv.CSVStreamingReader:
        names = [c.name for c in self.columns]
        encoding = "utf8" if self.encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") \
            else self.encoding
        read = pacsv.ReadOptions(block_size=BLOCK_SIZE, encoding=encoding, use_threads=False)
        parse = pacsv.ParseOptions(
            delimiter="\t" if self.fmt == "tsv" else ",",
            quote_char='"', double_quote=True, escape_char=False,
            newlines_in_values=True, ignore_empty_lines=False,
        )
        convert = pacsv.ConvertOptions(
            column_types={n: pa.string() for n in names}, strings_can_be_null=False,
            quoted_strings_can_be_null=False, check_utf8=True,
        )
        reader = pacsv.open_csv(self.path, read_options=read, parse_options=parse, convert_options=convert)
        header = reader.schema.names
        if self.encoding.lower().replace("_", "-") == "utf-8-sig" and header and header[0].startswith("\ufeff"):
            raise _GiveUp("BOM in the header")
        if header != names:
            raise _GiveUp("labels")
        return reader

    def _header_line_is_plain(self) -> None:
        """The delimiter frictionless would sniff is the one read here: the
        header line holds exactly the field names joined by it."""
        with open(self.path, "rb") as f:
            first = f.readline(1024 * 1024)
        text = first.decode(self.encoding if self.encoding.lower() != "utf-8-sig" else "utf-8-sig")
        text = text.rstrip("\r\n")
        delimiter = "\t" if self.fmt == "tsv" else ","
        if text != delimiter.join(c.name for c in self.columns):
            raise _GiveUp("header line")
        if self.fmt == "csv" and any(ch in text for ch in (";", "\t", "|", ":")):
            raise _GiveUp("another delimiter may be sniffed")

    def _sniffed_delimiter(self) -> None:
        """The dialect frictionless detects (delimiter, quoting, header row)
        is the one read here."""
        if self.fmt == "tsv":
            return
        resource = Resource(path=self.path, format="csv", encoding=self.encoding, schema=self.schema)
        with resource:
            dialect = resource.dialect
            control = dialect.get_control("csv")
        if control.delimiter != "," or dialect.header_rows != [1] \
                or dialect.comment_char or control.quote_char != '"' \
                or not control.double_quote or control.escape_char or control.skip_initial_space:
            raise _GiveUp("dialect")

    def run(self) -> Result:
        self._header_line_is_plain()
        self._sniffed_delimiter()
        base = 0
        for batch in self._reader():
            if batch.num_rows == 0:
                continue
            self._batch(batch, base)
            base += batch.num_rows
            if self.stop is not None:
                break
        self.rows = base
        return self._report()

    # --- per batch ---------------------------------------------------------------

    def _batch(self, batch: pa.RecordBatch, base: int) -> None:
        suspect = all_missing = suite = packed = None
        for column in self.columns:
            # every check is made once per distinct value of the batch
            # (``cells``), then spread over the rows (``codes``)
            encoded = pc.dictionary_encode(batch.column(column.index))
            cells, codes = encoded.dictionary, encoded.indices

            def rows(mask: Optional[pa.Array], codes: pa.Array = codes) -> Optional[pa.Array]:
                return None if mask is None else pc.take(mask, codes)

            is_missing = pc.is_in(cells, value_set=self.missing_set)
            blank = rows(pc.or_(is_missing, pc.equal(cells, "")))
            all_missing = blank if all_missing is None else pc.and_(all_missing, blank)
            if column.required or column.key:
                suspect = _or(suspect, rows(is_missing))
            suite = _or(suite, rows(self._suite_suspects(column, cells, is_missing)))
            wrong = rows(self._value_suspects(column, cells, is_missing))
            suspect = _or(suspect, wrong)
            if column.cui:  # a wrong CUI is the suite's error
                suite = _or(suite, wrong)
            if column.keep or (column.key and self.pack_bits):
                comparable = self._comparable(column, cells, is_missing)
                if column.keep:
                    column.values.append(pc.take(comparable, codes), base)
                if column.key and self.pack_bits:
                    part = pc.take(self._codes(column, comparable), codes)
                    packed = part if packed is None else \
                        pc.bit_wise_or(pc.shift_left(packed, self.pack_bits), part)
        if packed is not None:  # all null (0): no key, skipped
            self.packed.append(pc.if_else(pc.equal(packed, 0), pa.scalar(None, pa.int64()), packed), base)
        suspect = _or(_or(suspect, all_missing), suite)
        if suspect is None or not pc.any(suspect).as_py():
            return
        indices = pc.indices_nonzero(suspect)
        rows = batch.take(indices)
        columns = [rows.column(i).to_pylist() for i in range(rows.num_columns)]
        flags = pc.take(suite, indices).to_pylist() if suite is not None else [False] * len(indices)
        for position, cells, flagged in zip(indices.to_pylist(), zip(*columns), flags):
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
            suite = sum(1 for _ in self.checker._row_errors(row))
        key_blank = bool(self.primary_key) and all(
            cells[c.index] in self.missing for c in self.columns if c.key)
        if not (found or suite or key_blank):
            return
        self.kept[row_number] = cells
        if len(self.kept) > MAX_KEPT:
            raise _GiveUp("too many suspect rows")
        self.counted += found
        self.suite_counted += suite
        if self.counted >= self.max_errors:
            self.stop = row_number

    def _refine(self, column: _Column, cells: pa.Array, candidates: Optional[pa.Array],
                bad) -> Optional[pa.Array]:
        """The cells among ``candidates`` (all when ``None``) whose raw value
        ``bad(raw)`` says is wrong."""
        pool = cells if candidates is None else pc.filter(cells, candidates)
        if not len(pool):
            return None
        wrong = [raw for raw in pc.unique(pool).to_pylist() if bad(raw)]
        if not wrong:
            return None
        return pc.is_in(cells, value_set=pa.array(wrong, pa.string()))

    def _suite_suspects(self, column: _Column, cells: pa.Array, is_missing: pa.Array) -> Optional[pa.Array]:
        suspect = None
        if column.personal:
            # long enough for a phone number or a CNP, or an e-mail
            long = pc.or_(pc.greater_equal(pc.binary_length(cells), _SHORTEST_PERSONAL),
                          pc.match_substring(cells, "@"))
            if pc.any(long).as_py():
                candidates = pc.and_(long, pc.match_substring_regex(cells, _PERSONAL_CANDIDATE))
                if pc.any(candidates).as_py():
                    def personal(text: str) -> bool:
                        if len(text) < _SHORTEST_PERSONAL and "@" not in text:
                            return False
                        return any(kind == "cnp" or not column.contact for kind, _ in find_personal_data(text))
                    suspect = self._refine(column, cells, candidates, personal)
        if column.textual:
            foreign = pc.and_(pc.invert(pc.string_is_ascii(cells)), pc.invert(is_missing))
            if pc.any(foreign).as_py():
                candidates = pc.and_(foreign, pc.match_substring_regex(cells, _MOJIBAKE_CANDIDATE))
                if pc.any(candidates).as_py():
                    suspect = _or(suspect, self._refine(
                        column, cells, candidates, lambda text: looks_like_mojibake(text) is not None))
        return suspect

    def _value_suspects(self, column: _Column, cells: pa.Array, is_missing: pa.Array) -> Optional[pa.Array]:
        """The cells frictionless' reader (or the CUI check) finds wrong."""
        present = pc.invert(is_missing)
        if column.distinct is not None:
            distinct = pc.unique(cells)
            if len(distinct) <= EXACT_DISTINCT:
                column.distinct.update(distinct.to_pylist())
            if len(distinct) > EXACT_DISTINCT or len(column.distinct) > EXACT_DISTINCT:
                column.distinct = None
            else:
                return self._refine(column, cells, present, column.is_bad)
        candidates = self._candidates(column, cells)
        if candidates is None:
            return None
        return self._refine(column, cells, pc.and_(candidates, present), column.is_bad)

    def _candidates(self, column: _Column, cells: pa.Array) -> Optional[pa.Array]:
        """The cells that vectorised checks cannot clear (every cell when
        the column has no vectorised form)."""
        constraints = column.constraints
        if column.read_options:
            return pc.is_valid(cells)
        if column.type in ("string", "any"):
            if column.type == "string" and column.format != "default":
                return pc.is_valid(cells)
            if "minimum" in constraints or "maximum" in constraints or column.cui:
                return pc.is_valid(cells)
            candidates = None
            if "enum" in constraints:
                allowed = pa.array([str(v) for v in constraints["enum"]], pa.string())
                candidates = _or(candidates, pc.invert(pc.is_in(cells, value_set=allowed)))
            if "pattern" in constraints:
                if column.re2 is None:
                    return pc.is_valid(cells)
                candidates = _or(candidates, pc.invert(pc.match_substring_regex(cells, column.re2)))
            if "minLength" in constraints or "maxLength" in constraints:
                lengths = pc.utf8_length(cells)
                if "minLength" in constraints:
                    candidates = _or(candidates, pc.less(lengths, int(constraints["minLength"])))
                if "maxLength" in constraints:
                    candidates = _or(candidates, pc.greater(lengths, int(constraints["maxLength"])))
            return candidates
        if "enum" in constraints or "pattern" in constraints or "minLength" in constraints \
                or "maxLength" in constraints or column.cui or column.format != "default":
            return pc.is_valid(cells)
        if column.type == "integer":
            canonical = pc.match_substring_regex(cells, _INTEGER)
            values = pc.cast(pc.if_else(canonical, cells, "0"), pa.int64())
            return _or(pc.invert(canonical), self._out_of_bounds(values, constraints, exact=True))
        if column.type == "number":
            canonical = pc.match_substring_regex(cells, _NUMBER)
            values = pc.cast(pc.if_else(canonical, cells, "0"), pa.float64())
            return _or(pc.invert(canonical), self._out_of_bounds(values, constraints, exact=False))
        if column.type == "date":
            if "minimum" in constraints or "maximum" in constraints:
                return pc.is_valid(cells)
            canonical, _values = _dates(cells)
            return pc.invert(canonical)
        if column.type == "datetime":
            if "minimum" in constraints or "maximum" in constraints:
                return pc.is_valid(cells)
            canonical, _values = _datetimes(cells)
            return pc.invert(canonical)
        return pc.is_valid(cells)

    @staticmethod
    def _out_of_bounds(values: pa.Array, constraints: dict[str, Any], exact: bool) -> Optional[pa.Array]:
        """Values beyond a bound (floats: or within a margin of it, where
        the exact reading decides)."""
        out = None
        for name, ok in (("minimum", pc.greater_equal), ("maximum", pc.less_equal)):
            if name not in constraints:
                continue
            bound = constraints[name]
            if exact:
                if not isinstance(bound, int) or isinstance(bound, bool):
                    raise _GiveUp("bound")
                out = _or(out, pc.invert(ok(values, pa.scalar(bound, pa.int64()))))
                continue
            fbound = float(bound)
            margin = 1e-9 * max(1.0, abs(fbound))
            near = pc.less_equal(pc.abs(pc.subtract(values, pa.scalar(fbound))), pa.scalar(margin))
            out = _or(out, pc.or_(near, pc.invert(ok(values, pa.scalar(fbound)))))
        return out

    # --- unique and primary key ---------------------------------------------------

    def _comparable(self, column: _Column, cells: pa.Array, is_missing: pa.Array) -> pa.Array:
        """The cells as values that compare as frictionless' read values do
        (null: missing or not of the type): integers, exact decimals (as
        canonical text), dates, text."""
        kind = column.type
        if kind in ("string", "any") and (kind == "any" or column.format == "default"):
            return pc.if_else(is_missing, pa.scalar(None, pa.string()), cells)
        if column.read_options:
            raise _GiveUp(f"key on a column with {column.read_options}")
        if kind == "integer":
            canonical = pc.match_substring_regex(cells, _INTEGER)
            values = pc.cast(pc.if_else(canonical, cells, "0"), pa.int64())
            target = pa.int64()
        elif kind == "number":
            canonical = pc.match_substring_regex(cells, _NUMBER)
            values = _canonical_decimal(pc.if_else(canonical, cells, "0"))
            target = pa.string()
        elif kind == "date" and column.format == "default":
            canonical, values = _dates(cells)
            target = pa.date32()
        elif kind == "datetime" and column.format == "default":
            canonical, values = _datetimes(cells)
            target = pa.int64()
        else:
            raise _GiveUp(f"key on a {kind} column")
        other = pc.and_(pc.invert(canonical), pc.invert(is_missing))
        if pc.any(other).as_py():
            fills = [self._exact_value(column, raw) for raw in pc.filter(cells, other).to_pylist()]
            values = pc.replace_with_mask(values, other, pa.array(fills, target))
        return pc.if_else(is_missing, pa.scalar(None, target), values)

    def _codes(self, column: _Column, values: pa.Array) -> pa.Array:
        """The code of each value in the column's dictionary of the values
        seen (new ones are added), 0 for null."""
        book = column.codebook
        index = pc.index_in(values, value_set=book) if book is not None else pa.nulls(len(values), pa.int32())
        new = pc.and_(pc.is_null(index), pc.is_valid(values))
        if pc.any(new).as_py():
            added = pc.unique(pc.filter(values, new))
            book = added if book is None else pa.concat_arrays([book, added])
            if len(book) >= (1 << self.pack_bits) - 1:
                raise _GiveUp("too many values in a key column")
            column.codebook = book
            index = pc.index_in(values, value_set=book)
        return pc.fill_null(pc.add(pc.cast(index, pa.int64()), 1), 0)

    @staticmethod
    def _exact_value(column: _Column, raw: str) -> Any:
        value = column.exact_values.get(raw, column)
        if value is not column:
            return value
        value, notes = column.reader(raw)
        if notes and "type" in notes:
            value = None
        if value is not None and column.type == "number":
            if not value.is_finite():
                raise _GiveUp("NaN or infinity in a key")
            value = _decimal_text(value)
        if value is not None and column.type == "datetime":
            value = _datetime_number(value)
        if value is not None and column.type == "integer" and not -2**63 <= value < 2**63:
            raise _GiveUp("integer beyond 64 bits in a key")
        if len(column.exact_values) < MAX_MEMO:
            column.exact_values[raw] = value
        return value

    def _duplicates(self) -> tuple[dict[str, dict[int, int]], dict[int, int]]:
        """Per unique field, and for the primary key: row number -> row
        number of the previous occurrence of the same value."""
        unique: dict[str, dict[int, int]] = {}
        for column in self.columns:
            if column.constraints.get("unique") and column.values:
                unique[column.name] = column.values.previous()
        primary: dict[int, int] = {}
        if len(self.primary_key) == 1 and self.primary_key[0] in unique:
            # a one-column key that is also unique: the same duplicates
            return unique, unique[self.primary_key[0]]
        if len(self.primary_key) == 1:
            column = next(c for c in self.columns if c.key)
            if column.values:
                primary = column.values.previous()
        elif self.packed:
            primary = self.packed.previous()
        return unique, primary

    def close(self) -> None:
        """Remove the temporary files of the keys."""
        for keys in [self.packed, *(c.values for c in self.columns)]:
            keys.close()

    # --- the report ---------------------------------------------------------------

    def _report(self) -> Result:
        unique, primary = self._duplicates()
        needed = set(self.kept)
        for matches in [primary, *unique.values()]:
            needed.update(matches)
        if self.stop is not None:
            needed = {n for n in needed if n <= self.stop}
        missing = needed - set(self.kept)
        if missing:
            self._fetch(missing)
        errors: list = []
        suite_errors: list = []
        checker = tm_row_checks(collected=suite_errors, max_collected=self.max_errors)
        checker.connect(Resource(schema=self.schema))
        checker.validate_start()
        unique_fields = [c.name for c in self.columns if c.constraints.get("unique")]
        rows = self.rows
        for row_number in sorted(needed):
            row = Row(list(self.kept[row_number]), handlers=self.handlers, row_number=row_number)
            # as frictionless' row stream: unique, then primary key, then the row's errors
            for name in unique_fields:
                if row[name] is not None:
                    match = unique[name].get(row_number)
                    if match:
                        note = f"the same as in the row at position {match}"
                        row.errors.append(ferrors.UniqueError.from_row(row, note=note, field_name=name))
            if self.primary_key:
                cells = tuple(row[label] for label in self.primary_key)
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
            if self.max_errors and len(errors) >= self.max_errors:
                errors = errors[:self.max_errors]
                rows = row_number - 1
                break
        return Result(rows=rows, errors=errors, suite_errors=suite_errors)

    def _fetch(self, numbers: set[int]) -> None:
        """Read again the cells of the rows ``numbers`` (duplicates that are
        not suspects)."""
        wanted = sorted(n - 2 for n in numbers)
        base = 0
        for batch in self._reader():
            end = base + batch.num_rows
            inside = [i - base for i in wanted if base <= i < end]
            if inside:
                rows = batch.take(pa.array(inside, pa.int64()))
                columns = [rows.column(i).to_pylist() for i in range(rows.num_columns)]
                for position, cells in zip(inside, zip(*columns)):
                    self.kept[base + position + 2] = list(cells)
            base = end
            if base > wanted[-1]:
                break


def _dates(cells: pa.Array) -> tuple[pa.Array, pa.Array]:
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


def _datetimes(cells: pa.Array) -> tuple[pa.Array, pa.Array]:
    """Which cells are real datetimes written ``YYYY-MM-DDTHH:MM:SS`` with
    or without ``Z`` (as frictionless' ``isoparse`` reads them), and their
    values as numbers that compare as Python's datetimes do (see
    :func:`_datetime_number`)."""
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


def _datetime_number(value: datetime.datetime) -> int:
    """A datetime as a number: microseconds since the epoch, times two,
    plus one when it has a time zone (an aware datetime never equals a
    naive one; aware ones are equal when they are the same instant)."""
    if value.tzinfo is not None and value.utcoffset() is not None:
        return (value - _EPOCH_UTC) // _MICROSECOND * 2 + 1
    return (value.replace(tzinfo=None) - _EPOCH) // _MICROSECOND * 2


class _Keys:
    """The read values of a unique column or of a primary key, row by row:
    in memory, or (integers of more than :data:`SPILL_ROWS` rows) in
    :data:`PARTITIONS` temporary files by their low bits, so that memory
    stays flat while the file is read and the search for duplicates holds
    one part at a time."""

    def __init__(self) -> None:
        self.chunks: list[pa.Array] = []
        self.type: Optional[pa.DataType] = None
        self.rows = 0
        self.folder: Optional[str] = None
        self.sinks: list = []
        self.writers: list = []

    def __bool__(self) -> bool:
        return self.rows > 0

    def append(self, values: pa.Array, base: int) -> None:
        """The values of the rows ``base``, ``base + 1``... (0-based)."""
        self.type = values.type
        self.rows += len(values)
        if self.folder is not None:
            self._write(values, base)
            return
        self.chunks.append(values)
        if self.rows > SPILL_ROWS and pa.types.is_integer(values.type):
            self.folder = tempfile.mkdtemp(prefix="tmopendata-keys-")
            schema = pa.schema([("value", pa.int64()), ("position", pa.int64())])
            for part in range(PARTITIONS):
                self.sinks.append(pa.OSFile(os.path.join(self.folder, f"{part}.arrow"), "wb"))
                self.writers.append(pa.ipc.new_stream(self.sinks[-1], schema))
            start = 0
            for chunk in self.chunks:
                self._write(chunk, start)
                start += len(chunk)
            self.chunks = []

    def _write(self, values: pa.Array, base: int) -> None:
        values = pc.cast(values, pa.int64())
        low = pc.bit_wise_and(values, PARTITIONS - 1)
        for part, writer in enumerate(self.writers):
            chosen = pc.indices_nonzero(pc.fill_null(pc.equal(low, part), False))
            if len(chosen):
                positions = pc.add(pc.cast(chosen, pa.int64()), base)
                writer.write_batch(pa.record_batch([pc.take(values, chosen), positions],
                                                   names=["value", "position"]))

    def previous(self) -> dict[int, int]:
        """Row number -> row number of the previous occurrence of the value."""
        if self.folder is None:
            return _previous(pa.chunked_array(self.chunks, self.type)) if self.chunks else {}
        for writer, sink in zip(self.writers, self.sinks):
            writer.close()
            sink.close()
        self.writers = self.sinks = []
        found: dict[int, int] = {}
        for part in range(PARTITIONS):
            with pa.OSFile(os.path.join(self.folder, f"{part}.arrow")) as source:
                table = pa.ipc.open_stream(source).read_all()
            found.update(_previous_in(table.column("value"), table.column("position").combine_chunks()))
            del table
        self.close()
        return found

    def close(self) -> None:
        for writer, sink in zip(self.writers, self.sinks):
            writer.close()
            sink.close()
        self.writers = self.sinks = []
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


def _canonical_decimal(texts: pa.Array) -> pa.Array:
    """``-?[0-9]+(.[0-9]+)?`` texts as the canonical text of their decimal
    value (equal texts: equal values): no trailing zeros of the fraction,
    no leading zeros, no negative zero."""
    texts = pc.replace_substring_regex(texts, r"(\.[0-9]*?)0+$", r"\1")
    texts = pc.replace_substring_regex(texts, r"\.$", "")
    texts = pc.replace_substring_regex(texts, r"^(-?)0+([0-9])", r"\1\2")
    return pc.if_else(pc.equal(texts, "-0"), "0", texts)


def _decimal_text(value: decimal.Decimal) -> str:
    text = format(value, "f")
    return _canonical_decimal(pa.array([text], pa.string()))[0].as_py()


def _previous(values: pa.ChunkedArray) -> dict[int, int]:
    """Row number -> row number of the previous row with the same value
    (null: skipped), as frictionless' memory of read values keeps the last
    row of each value. A stable sort puts equal values side by side in row
    order; integers of many rows are searched in parts (by their low bits)
    to bound the memory the sort takes."""
    n = len(values)
    if n < 2:
        return {}
    if n > PARTITION_ROWS and pa.types.is_integer(values.type):
        found: dict[int, int] = {}
        for part in range(PARTITIONS):
            mask = pc.fill_null(pc.equal(pc.bit_wise_and(values, PARTITIONS - 1), part), False)
            found.update(_previous_in(pc.filter(values, mask), pc.indices_nonzero(mask)))
        return found
    valid = pc.is_valid(values)
    return _previous_in(pc.filter(values, valid), pc.indices_nonzero(valid))


def _previous_in(values: Any, positions: pa.Array) -> dict[int, int]:
    """:func:`_previous` on non-null ``values`` found at row ``positions``
    (0-based) of the file."""
    if len(values) < 2:
        return {}
    if isinstance(values, pa.ChunkedArray):
        values = values.combine_chunks()
    order = pc.sort_indices(values)
    ordered = pc.take(values, order)
    same = pc.indices_nonzero(pc.fill_null(pc.equal(ordered.slice(1), ordered.slice(0, len(ordered) - 1)), False))
    if not len(same):
        return {}
    later = pc.take(positions, pc.take(order, pc.add(same, 1))).to_pylist()
    earlier = pc.take(positions, pc.take(order, same)).to_pylist()
    return {row + 2: previous + 2 for row, previous in zip(later, earlier)}
