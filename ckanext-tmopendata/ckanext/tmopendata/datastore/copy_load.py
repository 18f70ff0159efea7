"""The fast load of a validated upload: PostgreSQL reads the file itself.

The very file that was validated (an upload in the portal's storage, or
the copy of a linked file its validation downloaded and kept:
:mod:`~ckanext.tmopendata.lib.validated_copies`) goes
through ``COPY ... FROM STDIN (FORMAT csv)`` into a temporary table of text
columns, unchanged but for its encoding (re-encoded to UTF-8 on the way, a
chunk at a time); then ONE ``INSERT ... SELECT`` writes the typed table,
each column cast by PostgreSQL from its text with the rules of its Table
Schema field (missing values, decimal and group characters, true/false
values, offsets of datetimes turned to UTC), and the full-text column. No
Python work per row or per cell, memory bounded by one chunk.

Only what PostgreSQL parses exactly as Table Schema does takes this path
(:func:`plan`); anything else (an XLSX file, a linked file downloaded
again — re-checked row by row while read —, a date with a custom format, ``bareNumber: false``,
geopoint, yearmonth, a header that is not the schema's field names...)
returns ``None`` and the file is read with frictionless
(:mod:`~ckanext.tmopendata.datastore.loader`). A value PostgreSQL refuses
here raises :class:`Refused`, and the caller loads through frictionless
instead, which names the row.
"""
from __future__ import annotations

import codecs
import csv
import io
import logging
from typing import Any, Optional

from ckanext.tmopendata.datastore import types

log = logging.getLogger(__name__)

CHUNK = 1 << 20
DEFAULT_TRUE = ["true", "True", "TRUE", "1"]
DEFAULT_FALSE = ["false", "False", "FALSE", "0"]
DELIMITERS = (",", ";", "\t", "|")
#: Table Schema types PostgreSQL parses like frictionless (default formats).
SIMPLE_CASTS = {"integer": "bigint", "year": "integer", "date": "date", "time": "time",
                "object": "json", "array": "json", "geojson": "json"}
TEXT_TYPES = ("string", "any", "duration")


class Refused(Exception):
    """PostgreSQL refused a value during the fast load (nothing changed)."""


def _literal(text: str) -> str:
    from ckanext.datastore.backend.postgres import literal_string

    return literal_string(text)


def _identifier(name: str) -> str:
    from ckanext.datastore.backend.postgres import identifier

    return identifier(name)


def _array(values: list[str]) -> str:
    return "ARRAY[" + ", ".join(_literal(v) for v in values) + "]::text[]"


def _missing(column: str, missing: list[str]) -> str:
    """The cell as text, NULL when it is one of the missing values (an
    unquoted empty cell is already NULL in COPY's CSV)."""
    values = [v for v in missing if isinstance(v, str)]
    if not values:
        return column
    if values == [""]:
        return f"NULLIF({column}, '')"
    return f"(CASE WHEN {column} = ANY({_array(values)}) THEN NULL ELSE {column} END)"


def _default_format(field: dict[str, Any]) -> bool:
    return (field.get("format") or "default") == "default"


def cast(field: dict[str, Any], column: str, missing: list[str]) -> Optional[str]:
    """The SQL expression giving the typed value of ``field`` from its text
    ``column``, or ``None`` when PostgreSQL would not read it exactly as
    frictionless does."""
    kind = field.get("type") or "string"
    value = _missing(column, field.get("missingValues", missing))
    if kind in TEXT_TYPES:
        return value
    if kind in ("integer", "number"):
        if field.get("bareNumber") is False:
            return None
        group, decimal = field.get("groupChar") or "", field.get("decimalChar") or "."
        if kind == "integer" and (decimal != "." or field.get("decimalChar")):
            return None
        if group:
            value = f"replace({value}, {_literal(group)}, '')"
        if decimal != ".":
            value = f"replace({value}, {_literal(decimal)}, '.')"
        return f"({value})::{'bigint' if kind == 'integer' else 'numeric'}"
    if kind == "boolean":
        trues = field.get("trueValues") or DEFAULT_TRUE
        falses = field.get("falseValues") or DEFAULT_FALSE
        return (f"(CASE WHEN {value} = ANY({_array(trues)}) THEN true "
                f"WHEN {value} = ANY({_array(falses)}) THEN false "
                f"WHEN {value} IS NULL THEN NULL ELSE ('invalid boolean ' || {value})::boolean END)")
    if kind == "datetime":
        if not _default_format(field):
            return None
        # read with the session's TimeZone UTC: no offset = as written,
        # an offset = turned to UTC (as the frictionless path loads it)
        return f"(({value})::timestamptz AT TIME ZONE 'UTC')"
    if kind in SIMPLE_CASTS:
        if kind in ("date", "time") and not _default_format(field):
            return None
        return f"({value})::{SIMPLE_CASTS[kind]}"
    return None  # geopoint, yearmonth, unknown types


def _header(path: str, encoding: str) -> Optional[str]:
    try:
        with open(path, "rb") as f:
            head = f.read(1 << 16)
    except OSError:
        return None
    text = head.decode(encoding, errors="replace")
    return text.lstrip("\ufeff").splitlines()[0] if text.strip() else None


def plan(path: str, fmt: str, schema: Optional[dict[str, Any]], encoding: Optional[str]) -> Optional[dict[str, Any]]:
    """How PostgreSQL can load the file, or ``None`` (load it through
    frictionless): ``{"delimiter", "encoding", "names", "casts"}``."""
    if not schema or fmt not in ("csv", "tsv"):
        return None
    fields = schema.get("fields") or []
    names = [f.get("name") for f in fields]
    if not names or not all(isinstance(n, str) and n for n in names):
        return None
    encoding = encoding or "utf-8"
    try:
        codec = codecs.lookup(encoding).name
    except LookupError:
        return None
    header = _header(path, codec)
    if header is None:
        return None
    delimiter = None
    for candidate in ("\t",) if fmt == "tsv" else DELIMITERS:
        try:
            parsed = next(csv.reader([header], delimiter=candidate))
        except (csv.Error, StopIteration):
            continue
        if parsed == names:
            delimiter = candidate
            break
    if delimiter is None:
        return None
    missing = schema.get("missingValues", [""])
    casts = []
    for index, field in enumerate(fields):
        expression = cast(field, f"c{index}", missing)
        if expression is None:
            return None
        casts.append(expression)
    return {"delimiter": delimiter, "encoding": codec, "names": names, "casts": casts, "fields": fields}


class Utf8Stream(io.RawIOBase):
    """The file as UTF-8 bytes, a chunk at a time (a UTF-8 file as it is,
    its byte-order mark left out)."""

    def __init__(self, path: str, encoding: str) -> None:
        self._file = open(path, "rb")
        self._utf8 = encoding in ("utf-8", "utf-8-sig", "ascii")
        self._decoder = None if self._utf8 else codecs.getincrementaldecoder(encoding)(errors="strict")
        self._first = True
        self._done = False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self._done:
            return b""
        chunk = self._file.read(CHUNK if size is None or size < 0 else max(size, 1 << 16))
        final = not chunk
        if self._utf8:
            data = chunk
        else:
            data = self._decoder.decode(chunk, final=final).encode("utf-8")
        if self._first and data:
            self._first = False
            if data.startswith(codecs.BOM_UTF8):
                data = data[len(codecs.BOM_UTF8):]
        if final:
            self._done = True
        return data

    def close(self) -> None:
        self._file.close()
        super().close()


def copy_into(cur: Any, staging: str, path: str, found: dict[str, Any]) -> int:
    """Fill the (already created) typed table ``staging`` from the file:
    COPY into a temporary text table, then one INSERT ... SELECT with the
    casts and the full text. Returns the number of rows."""
    names, casts = found["names"], found["casts"]
    raw = "tmopendata_copy_raw"
    columns = ", ".join(f"c{i} text" for i in range(len(names)))
    cur.execute(f"DROP TABLE IF EXISTS pg_temp.{raw}")
    cur.execute(f"CREATE TEMPORARY TABLE {raw} (_n bigserial, {columns}) ON COMMIT DROP")
    stream = Utf8Stream(path, found["encoding"])
    try:
        cur.copy_expert(
            f"COPY pg_temp.{raw} ({', '.join(f'c{i}' for i in range(len(names)))}) FROM STDIN "
            f"WITH (FORMAT csv, HEADER true, DELIMITER {_literal(found['delimiter'])}, ENCODING 'UTF8')",
            stream)
    finally:
        stream.close()
    text = " || ' ' || ".join(f"coalesce(c{i}, '')" for i in range(len(names)))
    cur.execute("SET LOCAL TimeZone = 'UTC'")
    cur.execute(
        f"INSERT INTO {_identifier(staging)} (_id, _full_text, {', '.join(_identifier(n) for n in names)}) "
        f"SELECT _n, to_tsvector({text}), {', '.join(casts)} FROM pg_temp.{raw}"
    )
    rows = cur.rowcount
    cur.execute(f"SELECT setval(pg_get_serial_sequence({_literal(_identifier(staging))}, '_id'), "
                f"GREATEST((SELECT max(_id) FROM {_identifier(staging)}), 1))")
    cur.execute(f"DROP TABLE pg_temp.{raw}")
    return rows


def pg_types(found: dict[str, Any]) -> list[str]:
    return [types.pg_type(f) for f in found["fields"]]
