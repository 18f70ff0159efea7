"""Reading census import files: :func:`read_table` turns a CSV (UTF-8 with
or without BOM, Windows-1250, ISO-8859-2; comma, semicolon or tab
separated) or XLSX file into raw rows keyed by *canonical field names*
(``fields.ENTRY_FIELDS``), accepting the Romanian and English column
headers of the templates (and the canonical names themselves). A file that
cannot be read at all raises :class:`ImportFileError`. :func:`row_to_entry`
converts one raw row (or the entry form, as typed) to an entry dict and
lists the problems of each field, with the value rules of
:mod:`ckanext.tmopendata.census.values` (yes/no words, e-mail and web
addresses) that the actions' validators apply too.

Conventions of the raw rows returned by :func:`read_table`: every key is a
canonical field name and every value a string (XLSX numbers and dates are
turned into text, dates as ISO ``YYYY-MM-DD``); besides, ``"_row"`` holds the
row number in the file (an int; the header is row 1) and, when a row has more cells
than the header, ``"_extra"`` holds the surplus values (reported as an error
by :func:`row_to_entry`). Keys starting with ``_`` are never entry fields.
Columns that exports add and imports ignore (institution title, scores,
timestamps) are dropped.

Error messages are plain strings translated with ``toolkit._`` *when the
function is called* (the user's language inside a request, English
outside one); they are JSON-serialisable and can be stored as they are.
"""
from __future__ import annotations

import csv
import datetime
import io
import re
import zipfile
from typing import Any, Optional

import openpyxl

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.census.io.labels import (
    EXPORT_ONLY, HEADER_MAP, HEADERS, REQUIRED_COLUMNS, TYPES, VALUE_LABELS, VALUE_MAPS, kind,
)
from ckanext.tmopendata.census.values import is_email, is_url, norm, yes_no
from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib.spreadsheet import unescape_cell
from ckanext.tmopendata.lib.text import detect_encoding, looks_like_mojibake

#: Largest import file (bytes) and number of rows read.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000
#: XLSX: refuse workbooks expanding beyond this (zip bombs).
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 200

_DATE_RO_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")

class ImportFileError(Exception):
    """The file cannot be read at all (format, encoding, empty, columns).
    ``str(error)`` is the message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def read_table(data: bytes, filename: str) -> tuple[list[dict[str, str]], str]:
    """Read an import file (CSV or XLSX, told apart by content first, then by
    the file name's extension).

    :returns: ``(rows, encoding)``: raw rows keyed by canonical field names
        (see the module docstring for ``_row``/``_extra``), fully blank rows
        left out; ``encoding`` is the detected text encoding of a CSV
        (``utf-8``, ``utf-8-sig``, ``windows-1250``, ``iso-8859-2``) or
        ``"xlsx"`` for a workbook.
    :raises ImportFileError: empty or binary file, old .xls or other format,
        undecodable text, unknown, duplicate or missing required columns
        (the message lists them and the accepted headers), too many rows.
    """
    if not data or not data.strip(b" \t\r\n\xef\xbb\xbf,;|\""):
        raise ImportFileError(tk._("The file is empty: there is no header row and no data."))
    if len(data) > MAX_BYTES:
        raise ImportFileError(
            tk._("The file is too large ({size} bytes; at most {max} are accepted).").format(
                size=len(data), max=MAX_BYTES
            )
        )
    name = (filename or "").lower()
    if data.startswith(b"PK\x03\x04"):
        table, encoding = _xlsx_cells(data), "xlsx"
    elif data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(
            tk._("This is an old Excel 97-2003 (.xls) workbook: save it as .xlsx or as CSV and import it again.")
        )
    elif name.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(tk._("The file is not an Excel workbook (XLSX files are ZIP archives)."))
    elif data.startswith(b"%PDF") or b"\x00" in data[:65536]:
        raise ImportFileError(
            tk._("The file contains binary data: it is not a CSV file. Import a CSV or XLSX file made from the template.")
        )
    else:
        table, encoding = _csv_cells(data)
    return _rows(table), encoding


def _csv_cells(data: bytes) -> tuple[list[list[str]], str]:
    encoding = detect_encoding(data[:256 * 1024])
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as e:
        raise ImportFileError(
            tk._("The file cannot be decoded as {encoding} (byte {position}): save it as CSV UTF-8.").format(
                encoding=encoding, position=e.start
            )
        ) from e
    if text.startswith("\ufeff"):
        text = text[1:]
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = max((",", ";", "\t", "|"), key=lambda d: _count_outside_quotes(first, d))
    csv.field_size_limit(1024 * 1024)
    try:
        table = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as e:
        raise ImportFileError(tk._("The CSV file is malformed: {error}").format(error=str(e))) from e
    return table, encoding


def _count_outside_quotes(line: str, delimiter: str) -> int:
    count, quoted = 0, False
    for c in line:
        if c == '"':
            quoted = not quoted
        elif c == delimiter and not quoted:
            count += 1
    return count


def _xlsx_cells(data: bytes) -> list[list[str]]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except zipfile.BadZipFile as e:
        raise ImportFileError(tk._("The file is not a valid XLSX workbook (damaged ZIP archive).")) from e
    if "xl/workbook.xml" not in archive.namelist():
        raise ImportFileError(tk._("The ZIP archive is not an Excel workbook (no xl/workbook.xml)."))
    total = sum(i.file_size for i in infos)
    packed = max(sum(i.compress_size for i in infos), 1)
    if total > MAX_XLSX_UNCOMPRESSED or total / packed > MAX_XLSX_RATIO:
        raise ImportFileError(tk._("The workbook expands to too much data; it was not opened."))
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as e:  # openpyxl raises many kinds on broken files
        raise ImportFileError(tk._("The XLSX workbook cannot be read: {error}").format(error=str(e))) from e
    try:
        sheet = book.worksheets[0]
        table = []
        # read-only workbooks parse the sheet's XML while it is read
        for row in sheet.iter_rows(values_only=True):
            table.append([_cell_text(v) for v in row])
            if len(table) > MAX_ROWS + 1:
                break
    except Exception as e:  # XML parse errors and the like, of a damaged sheet
        raise ImportFileError(tk._("The XLSX workbook cannot be read: {error}").format(error=str(e)[:300])) from e
    finally:
        book.close()
    return table


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _rows(table: list[list[str]]) -> list[dict[str, str]]:
    start = next((i for i, r in enumerate(table) if any(c.strip() for c in r)), None)
    if start is None:
        raise ImportFileError(tk._("The file is empty: there is no header row and no data."))
    header = [h.strip() for h in table[start]]
    body = table[start + 1:]
    # Empty header cells are allowed only over empty columns (Excel's trailing columns).
    columns: list[Optional[str]] = []
    unknown, nameless, seen, duplicates = [], [], {}, []
    for index, text in enumerate(header):
        if not text:
            if any(index < len(r) and r[index].strip() for r in body):
                nameless.append(index + 1)
            columns.append(None)
            continue
        name = HEADER_MAP.get(norm(text))
        if name is None:
            unknown.append(text)
        elif name in seen:
            duplicates.append(text)
        else:
            seen[name] = text
        columns.append(name)
    problems = []
    if unknown:
        problems.append(tk._("Unknown columns: {columns}.").format(columns=", ".join(f'"{c}"' for c in unknown)))
    if duplicates:
        problems.append(tk._("Columns given twice: {columns}.").format(columns=", ".join(f'"{c}"' for c in duplicates)))
    if nameless:
        problems.append(
            tk._("Columns without a header but with values: {columns}.").format(
                columns=", ".join(str(n) for n in nameless)
            )
        )
    missing = [HEADERS[c][0] + " / " + HEADERS[c][1] for c in REQUIRED_COLUMNS if c not in seen]
    if missing:
        problems.append(tk._("Missing required columns: {columns}.").format(columns=", ".join(missing)))
    if problems:
        accepted = "; ".join(
            f"{ro} / {en}" for name, (ro, en) in HEADERS.items() if name not in EXPORT_ONLY
        )
        raise ImportFileError(
            " ".join(problems) + " " + tk._("Accepted columns (Romanian / English): {columns}.").format(
                columns=accepted
            )
        )
    rows = []
    for offset, cells in enumerate(body):
        if not any(c.strip() for c in cells):
            continue
        row: dict[str, Any] = {"_row": start + offset + 2}
        for index, value in enumerate(cells):
            if index < len(columns):
                name = columns[index]
                if name is not None and name not in EXPORT_ONLY:
                    # the quote our CSV exports put before = + - @ (lib.spreadsheet)
                    row[name] = unescape_cell(value.strip())
            elif value.strip():
                row.setdefault("_extra", []).append(value.strip())
        if "_extra" in row:
            row["_extra"] = "; ".join(row["_extra"])
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise ImportFileError(
                tk._("The file has more than {max} rows: split it into smaller files.").format(max=MAX_ROWS)
            )
    return rows


def row_to_entry(row: dict[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Convert a raw row (from :func:`read_table`) to an entry dict.

    Empty cells are left out of the entry (so the action's defaults apply).
    Types follow ``fields.ENTRY_FIELDS``: ``bool`` from the yes/no words of
    ``values.py`` (da/nu, yes/no, true/false, 1/0...); ``list`` split on ``;`` (or new lines); ``int``
    non-negative whole numbers; ``date`` ISO ``YYYY-MM-DD`` (``DD.MM.YYYY``
    is accepted and converted); coded values (storage, restriction, effort,
    status, update frequency, priority theme, HVD category) accept the code,
    the Romanian or the English label (and frequency/HVD URIs) and become
    the code. Checks: title present, e-mail and URL shapes, a restriction
    other than ``none`` needs its reason, garbled diacritics (mojibake),
    cells beyond the last column.

    :returns: ``(entry, errors)``; ``errors`` maps field names (or
        ``"_extra"``) to lists of messages, empty when the row is valid.
    """
    entry: dict[str, Any] = {}
    errors: dict[str, list[str]] = {}

    def err(field: str, message: str) -> None:
        errors.setdefault(field, []).append(message)

    for field, value in row.items():
        if field.startswith("_") or field not in TYPES:
            continue
        value = (value or "").strip() if isinstance(value, str) else value
        if value in ("", None):
            continue
        ftype = TYPES[field]
        repaired = looks_like_mojibake(value) if isinstance(value, str) else None
        if repaired:
            err(field, tk._('Garbled characters: "{value}" looks like "{repaired}" saved with the wrong encoding; save the file as CSV UTF-8.').format(
                value=value[:60], repaired=repaired[:60]))
            continue
        if ftype == "bool":
            answer = yes_no(value)
            if answer is not None:
                entry[field] = answer
            else:
                err(field, tk._('"{value}" is not yes/no: write da or nu (yes or no).').format(value=value))
        elif ftype == "int":
            text = value.replace(" ", "").replace(".", "") if re.fullmatch(r"\d{1,3}([ .]\d{3})+", value) else value
            if text.isdigit():
                entry[field] = int(text)
            else:
                err(field, tk._('"{value}" is not a whole number (0 or more).').format(value=value))
        elif ftype == "date":
            parsed = _parse_date(value)
            if parsed is None:
                err(field, tk._('"{value}" is not a date: write it as YYYY-MM-DD (e.g. 2026-06-30).').format(value=value))
            else:
                entry[field] = parsed
        elif ftype == "list":
            items = [v.strip() for v in re.split(r"[;\n]", value) if v.strip()]
            entry[field] = items
        elif field == "hvd_category" or ftype.startswith("enum:"):
            value_kind = kind(field)
            code = VALUE_MAPS[value_kind].get(norm(value))
            if code is None and value_kind == "HVD" and value.startswith(vocab.HVD_CONCEPT_PREFIX):
                code = value  # a more detailed concept of the EU vocabulary
            if code is None:
                allowed = ", ".join(f"{ro} / {en}" for ro, en in VALUE_LABELS[value_kind].values())
                err(field, tk._('Unknown value "{value}"; allowed: {allowed}.').format(value=value, allowed=allowed))
            else:
                entry[field] = code
        elif ftype == "uri":
            if is_url(value):
                entry[field] = value
            else:
                err(field, tk._('"{value}" is not a web address (it must start with http:// or https://).').format(value=value))
        else:
            if field == "owner_email" and not is_email(value):
                err(field, tk._('"{value}" is not an e-mail address.').format(value=value))
                continue
            entry[field] = value
    if not entry.get("title") and "title" not in errors:
        err("title", tk._("The title is required."))
    restriction = entry.get("access_restriction")
    if restriction and restriction != "none" and not entry.get("restriction_reason") \
            and "restriction_reason" not in errors:
        err("restriction_reason", tk._("A restricted data asset needs the legal reason of the restriction."))
    if row.get("_extra"):
        err("_extra", tk._("The row has more cells than the header has columns: {values}").format(values=row["_extra"][:100]))
    return entry, errors


def _parse_date(value: str) -> Optional[str]:
    m = _DATE_RO_RE.match(value)
    text = f"{m.group(3)}-{int(m.group(2)):02d}-{int(m.group(1)):02d}" if m else value[:10] if re.match(
        r"^\d{4}-\d{2}-\d{2}(T.*)?$", value) else None
    if text is None:
        return None
    try:
        return datetime.date.fromisoformat(text).isoformat()
    except ValueError:
        return None
