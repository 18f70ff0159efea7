"""The columnar fast path of the validation engine: it *proves* a CSV/TSV
file valid against its Table Schema at the speed of pyarrow's CSV reader,
or gives up.

It never writes an error report. When it finds a problem, or meets a
construct it does not support, it answers ``None`` and the frictionless
engine (:func:`ckanext.tmopendata.hvd.validation.validate_file`) validates
the file: the errors of a report are always the engine's, so both paths give
the same verdict and the same errors by construction. The differential test
(``tests/hvd/test_fastpath.py``) checks that the fast path never calls valid
a file the engine rejects.

How a file is proven valid, column by column (every cell read as text):

- a column with few distinct values (:data:`EXACT_DISTINCT`) is checked by
  reading each distinct value with the schema's own frictionless field
  (types, formats, ``missingValues`` and every constraint but ``unique``):
  frictionless' exact rules;
- a column with many distinct values is checked in vectorised form, only
  for what can be checked exactly that way: integers written
  ``-?[0-9]+``, numbers ``-?[0-9]+(.[0-9]+)?`` (bounds with a margin: a
  value too near a bound gives up), dates ``YYYY-MM-DD`` (checked by a
  cast), strings with ``pattern`` (Python's ``re``, as frictionless, on the
  distinct values), ``enum``, ``minLength``/``maxLength``; anything else
  gives up;
- ``required``, ``unique`` (on the read values) and ``primaryKey`` on whole
  columns; blank rows and rows of the wrong width give up;
- the suite's own checks: candidate cells for personal data (a superset of
  the CNP, e-mail and phone patterns, in RE2), CUI columns and non-ASCII
  text cells are checked with the suite's own functions; any finding gives
  up.

Files are read in record batches (``block_size``), so memory stays flat
whatever the file size, except for what ``unique``/``primaryKey`` must keep
(the values of those columns).
"""
from __future__ import annotations

import decimal
import re
from typing import Any, Optional

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
from frictionless import Resource

from ckanext.tmopendata.hvd.checks import cui_is_valid, find_personal_data
from ckanext.tmopendata.lib.text import looks_like_mojibake

#: The ``validator`` of a report the fast path proved valid.
VALIDATOR = f"tmopendata fast path (pyarrow {pa.__version__})"

#: A column with at most this many distinct values is read exactly by
#: frictionless' own field, value by value.
EXACT_DISTINCT = 2000

#: Bytes per record batch read from the file.
BLOCK_SIZE = 8 * 1024 * 1024

#: Constraints the fast path knows (any other: give up).
_CONSTRAINTS = {"required", "unique", "minimum", "maximum", "minLength", "maxLength", "pattern", "enum"}

#: Field properties that change how a cell is read (any of them with a
#: non-default value: the column is checked exactly or the path gives up).
_READ_OPTIONS = {"bareNumber", "decimalChar", "groupChar", "trueValues", "falseValues", "floatNumber"}

_INTEGER = r"^-?[0-9]+$"
_NUMBER = r"^-?[0-9]+(\.[0-9]+)?$"
_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"

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
    """The fast path cannot prove the file valid."""


def prove_valid(path: str, fmt: str, schema: Any, encoding: Optional[str]) -> Optional[int]:
    """The number of data rows when the file at ``path`` (``csv`` or
    ``tsv``) is valid against the frictionless ``schema`` (a built
    :class:`frictionless.Schema`, v1), else ``None`` (invalid, or not
    provable here: the frictionless engine decides)."""
    if fmt not in ("csv", "tsv") or schema is None:
        return None
    try:
        return _Prover(path, fmt, schema, encoding).run()
    except (_GiveUp, pa.ArrowException, ValueError, UnicodeError, decimal.DecimalException, OverflowError):
        return None


class _Column:
    def __init__(self, field: Any, missing: list[str]) -> None:
        self.field = field
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
        self.missing = missing
        custom = field.custom or {}
        self.cui = custom.get("x_tm_check") == "cui"
        self.contact = bool(custom.get("x_tm_contact"))
        self.textual = self.type in ("string", "any")
        self.personal = self.type in _PERSONAL_TYPES
        self.keep = bool(constraints.get("unique"))
        self.key = False  # part of the primary key
        self.distinct: Optional[set] = set()
        self.values: list[pa.Array] = []  # read values, for unique / primary key
        self.checked: set = set()  # distinct raw values already proven


class _Prover:
    def __init__(self, path: str, fmt: str, schema: Any, encoding: Optional[str]) -> None:
        self.path, self.fmt, self.schema = path, fmt, schema
        self.encoding = encoding or "utf-8"
        if getattr(schema, "_datapackage_version", None) == "v2":
            raise _GiveUp("Table Schema v2")
        descriptor = schema.to_descriptor()
        if set(descriptor) - {"fields", "primaryKey", "missingValues", "name", "title", "description",
                              "title_en", "description_en", "version", "$schema"} - {
                                  k for k in descriptor if k.startswith("x_")}:
            raise _GiveUp("schema properties")  # foreignKeys, uniqueKeys, ...
        self.missing = [str(m) for m in (descriptor.get("missingValues") or [""])]
        self.columns = [_Column(f, self.missing) for f in schema.fields]
        self.primary_key = list(descriptor.get("primaryKey") or [])
        if isinstance(self.primary_key, str):
            self.primary_key = [self.primary_key]
        for name in self.primary_key:
            column = next((c for c in self.columns if c.name == name), None)
            if column is None:
                raise _GiveUp("primary key field")
            column.keep = column.key = True

    # --- reading ---------------------------------------------------------------

    def _reader(self) -> pacsv.CSVStreamingReader:
        names = [c.name for c in self.columns]
        encoding = "utf8" if self.encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") \
            else self.encoding
        read = pacsv.ReadOptions(block_size=BLOCK_SIZE, encoding=encoding, use_threads=True)
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
        """The delimiter frictionless detects is the one read here."""
        if self.fmt == "tsv":
            return
        resource = Resource(path=self.path, format="csv", encoding=self.encoding)
        resource.infer()
        control = resource.dialect.get_control("csv")
        if control.delimiter != "," or resource.dialect.header_rows != [1] \
                or resource.dialect.comment_char or control.quote_char != '"' \
                or not control.double_quote or control.escape_char or control.skip_initial_space:
            raise _GiveUp("dialect")

    def run(self) -> int:
        self._header_line_is_plain()
        self._sniffed_delimiter()
        reader = self._reader()
        rows = 0
        for batch in reader:
            if batch.num_rows == 0:
                continue
            rows += batch.num_rows
            self._batch(batch)
        self._whole_columns()
        return rows

    # --- per batch ---------------------------------------------------------------

    def _batch(self, batch: pa.RecordBatch) -> None:
        missing_set = pa.array(self.missing, pa.string())
        all_missing = None
        for index, column in enumerate(self.columns):
            cells = batch.column(index)
            is_missing = pc.is_in(cells, value_set=missing_set)
            blank = pc.or_(is_missing, pc.equal(cells, ""))
            all_missing = blank if all_missing is None else pc.and_(all_missing, blank)
            if (column.constraints.get("required") or column.key) and pc.any(is_missing).as_py():
                raise _GiveUp("required")
            present = pc.filter(cells, pc.invert(is_missing))
            self._suite_checks(column, present)
            values = self._read(column, present)
            if column.keep:
                column.values.append(values)
        if all_missing is not None and pc.any(all_missing).as_py():
            raise _GiveUp("blank row")

    def _suite_checks(self, column: _Column, present: pa.Array) -> None:
        if column.personal:
            candidates = pc.filter(present, pc.match_substring_regex(present, _PERSONAL_CANDIDATE))
            for text in pc.unique(candidates).to_pylist():
                if len(text) < _SHORTEST_PERSONAL and "@" not in text:
                    continue
                found = find_personal_data(text)
                if any(kind == "cnp" or not column.contact for kind, _masked in found):
                    raise _GiveUp("personal data")
        if column.textual:
            candidates = pc.filter(present, pc.match_substring_regex(present, _MOJIBAKE_CANDIDATE))
            for text in pc.unique(candidates).to_pylist():
                if looks_like_mojibake(text) is not None:
                    raise _GiveUp("mojibake")

    def _read(self, column: _Column, present: pa.Array) -> pa.Array:
        """Check the present cells of one column; return their read values
        (for unique / primary key)."""
        distinct = pc.unique(present)
        if column.distinct is not None:
            column.distinct.update(distinct.to_pylist())
            if len(column.distinct) > EXACT_DISTINCT:
                column.distinct = None
        if column.distinct is not None or len(distinct) <= EXACT_DISTINCT // 4:
            return self._read_exact(column, present, distinct)
        return self._read_vectorised(column, present, distinct)

    def _read_exact(self, column: _Column, present: pa.Array, distinct: pa.Array) -> pa.Array:
        field = column.field
        for raw in distinct.to_pylist():
            if raw in column.checked:
                continue
            value, notes = field.read_cell(raw)
            if notes:
                raise _GiveUp(f"cell of {column.name}")
            if column.cui and value not in (None, "") and not cui_is_valid(str(value)):
                raise _GiveUp("CUI")
            column.checked.add(raw)
        return self._comparable(column, present) if column.keep else present

    def _read_vectorised(self, column: _Column, present: pa.Array, distinct: pa.Array) -> pa.Array:
        constraints = column.constraints
        if column.read_options:
            raise _GiveUp("read options")
        if column.type in ("string", "any"):
            if column.type == "string" and column.format != "default":
                raise _GiveUp("string format")
            if "minimum" in constraints or "maximum" in constraints:
                raise _GiveUp("bounds on text")
            if "enum" in constraints:
                allowed = pa.array([str(v) for v in constraints["enum"]], pa.string())
                if not pc.all(pc.is_in(distinct, value_set=allowed)).as_py():
                    raise _GiveUp("enum")
            if "pattern" in constraints:
                pattern = re.compile(f"^{constraints['pattern']}$")  # as frictionless does
                if not all(pattern.match(v) for v in distinct.to_pylist()):
                    raise _GiveUp("pattern")
            if "minLength" in constraints or "maxLength" in constraints:
                lengths = pc.min_max(pc.utf8_length(distinct)).as_py()
                if lengths["min"] is not None:
                    if "minLength" in constraints and lengths["min"] < int(constraints["minLength"]):
                        raise _GiveUp("minLength")
                    if "maxLength" in constraints and lengths["max"] > int(constraints["maxLength"]):
                        raise _GiveUp("maxLength")
            if column.cui:
                if not all(cui_is_valid(v) for v in distinct.to_pylist()):
                    raise _GiveUp("CUI")
            return present
        if column.cui or "enum" in constraints or "pattern" in constraints \
                or "minLength" in constraints or "maxLength" in constraints:
            raise _GiveUp("constraint on a typed column")
        if column.format != "default":
            raise _GiveUp("format")
        values = self._comparable(column, present)
        if column.type in ("integer", "number"):
            self._bounds(values, present, constraints)
        elif "minimum" in constraints or "maximum" in constraints:
            raise _GiveUp("bounds on dates")
        return values

    @staticmethod
    def _comparable(column: _Column, present: pa.Array) -> pa.Array:
        """The cells as values that compare as frictionless' read values do
        (for unique and primary key): integers, floats, dates; text as is."""
        kind = column.type
        if kind == "integer":
            if not pc.all(pc.match_substring_regex(present, _INTEGER)).as_py() and len(present):
                raise _GiveUp("integer form")
            return pc.cast(present, pa.int64())
        if kind == "number":
            if not pc.all(pc.match_substring_regex(present, _NUMBER)).as_py() and len(present):
                raise _GiveUp("number form")
            return pc.cast(present, pa.float64())
        if kind == "date":
            if column.format != "default":
                if column.keep:
                    raise _GiveUp("key on a formatted date")
                return present
            if not pc.all(pc.match_substring_regex(present, _DATE)).as_py() and len(present):
                raise _GiveUp("date form")
            return pc.cast(present, pa.date32())
        if kind in ("string", "any"):
            return present
        if column.keep:
            raise _GiveUp(f"key on a {kind} column")
        return present

    @staticmethod
    def _bounds(values: pa.Array, raw: pa.Array, constraints: dict[str, Any]) -> None:
        """``minimum``/``maximum`` on read values; floats within a margin of
        a bound are compared again as exact decimals from their text (as
        frictionless reads them)."""
        if not len(values):
            return
        for name, ok in (("minimum", pc.greater_equal), ("maximum", pc.less_equal)):
            if name not in constraints:
                continue
            bound = constraints[name]
            if pa.types.is_integer(values.type):
                if not pc.all(ok(values, pa.scalar(bound))).as_py():
                    raise _GiveUp(name)
                continue
            fbound = float(bound)
            margin = 1e-9 * max(1.0, abs(fbound))
            near = pc.less_equal(pc.abs(pc.subtract(values, pa.scalar(fbound))), pa.scalar(margin))
            clear = pc.or_(near, ok(values, pa.scalar(fbound)))
            if not pc.all(clear).as_py():
                raise _GiveUp(name)
            exact = decimal.Decimal(str(bound))
            for text in pc.unique(pc.filter(raw, near)).to_pylist():
                value = decimal.Decimal(text)
                if (value < exact) if name == "minimum" else (value > exact):
                    raise _GiveUp(name)

    # --- whole columns ---------------------------------------------------------------

    def _whole_columns(self) -> None:
        by_name = {c.name: c for c in self.columns}
        for column in self.columns:
            if column.constraints.get("unique"):
                values = pa.chunked_array(column.values, column.values[0].type) if column.values else None
                if values is not None and pc.count_distinct(values).as_py() != len(values):
                    raise _GiveUp("unique")
        if self.primary_key:
            arrays = []
            for name in self.primary_key:
                column = by_name[name]
                if not column.values:
                    return
                arrays.append(pa.chunked_array(column.values, column.values[0].type))
            lengths = {len(a) for a in arrays}
            if len(lengths) != 1:
                raise _GiveUp("missing primary key cells")
            table = pa.table(arrays, names=[f"k{i}" for i in range(len(arrays))])
            distinct = table.group_by(table.column_names).aggregate([])
            if distinct.num_rows != table.num_rows:
                raise _GiveUp("primary key")
