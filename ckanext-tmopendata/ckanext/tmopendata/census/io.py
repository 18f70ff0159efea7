"""Census files: reading import spreadsheets, writing exports.

Pure functions (no database, no request needed): census-core's import,
export and publish actions call them, and so do the CLI and the tests.

Reading
    :func:`read_table` turns a CSV (UTF-8 with or without BOM, Windows-1250,
    ISO-8859-2; comma, semicolon or tab separated) or XLSX file into raw rows
    keyed by *canonical field names* (``fields.ENTRY_FIELDS``), accepting the
    Romanian and English column headers of the templates (and the canonical
    names themselves). A file that cannot be read at all raises
    :class:`ImportFileError`. :func:`row_to_entry` converts one raw row to an
    entry dict and lists the problems of each field.

Writing
    :func:`write_csv`, :func:`write_xlsx` (headers in Romanian or English,
    values as labels, for people), :func:`write_datapackage` (a Frictionless
    Data Package: ``datapackage.json`` + ``entries.csv`` with canonical names
    and codes, schema ``census/inventory-schema.json``),
    :func:`public_inventory_csv` (only ``fields.PUBLIC_FIELDS`` + institution
    title, schema ``census/public-inventory-schema.json``) and
    :func:`template` (empty import templates).

Messages
    Error messages are plain strings translated with ``toolkit._`` *when the
    function is called*: inside a request they come in the user's language
    (Romanian or English), outside one (CLI, tests) in English. They are
    JSON-serialisable and can be stored as they are.

Conventions of the raw rows returned by :func:`read_table`: every key is a
canonical field name and every value a string (XLSX numbers and dates are
turned into text, dates as ISO ``YYYY-MM-DD``); besides, ``"_row"`` holds the
row number in the file (an int; the header is row 1) and, when a row has more cells
than the header, ``"_extra"`` holds the surplus values (reported as an error
by :func:`row_to_entry`). Keys starting with ``_`` are never entry fields.
Columns that exports add and imports ignore (institution title, scores,
timestamps) are dropped.
"""
from __future__ import annotations

import csv
import datetime
import io
import json
import re
import unicodedata
import zipfile
from typing import Any, Iterable, Optional

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.census import fields
from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib.text import detect_encoding, looks_like_mojibake
from ckanext.tmopendata.lib.spreadsheet import csv_row, unescape_cell, xlsx_text_only

__all__ = [
    "ImportFileError", "read_table", "row_to_entry", "write_csv", "write_xlsx",
    "write_datapackage", "template", "public_inventory_csv", "HEADERS",
    "inventory_schema", "public_inventory_schema", "label",
]

#: Largest import file (bytes) and number of rows read.
MAX_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20000
#: XLSX: refuse workbooks expanding beyond this (zip bombs).
MAX_XLSX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_XLSX_RATIO = 200

#: Column headers: canonical field name -> (Romanian, English).
HEADERS: dict[str, tuple[str, str]] = {
    "id": ("ID", "ID"),
    "organization": ("Instituție", "Institution"),
    "organization_title": ("Denumire instituție", "Institution name"),
    "title": ("Denumire set de date", "Dataset title"),
    "description": ("Descriere", "Description"),
    "department": ("Compartiment", "Department"),
    "owner_name": ("Responsabil date", "Data owner"),
    "owner_email": ("E-mail responsabil", "Data owner e-mail"),
    "storage": ("Mod de stocare", "Storage"),
    "formats": ("Formate", "Formats"),
    "volume": ("Volum", "Volume"),
    "update_frequency": ("Frecvența actualizării", "Update frequency"),
    "legal_basis": ("Temei legal", "Legal basis"),
    "personal_data": ("Date cu caracter personal", "Personal data"),
    "personal_data_categories": ("Categorii de date personale", "Personal data categories"),
    "access_restriction": ("Restricție de acces", "Access restriction"),
    "restriction_reason": ("Motivul restricției", "Restriction reason"),
    "published_url": ("Publicat deja la (URL)", "Already published at (URL)"),
    "hvd_category": ("Categorie HVD", "HVD category"),
    "priority_theme": ("Temă prioritară", "Priority theme"),
    "information_requests": ("Cereri de informații pe an", "Information requests per year"),
    "q_exists": ("Există", "Exists"),
    "q_digital": ("În format digital", "Digital"),
    "q_public": ("Public", "Public"),
    "q_free": ("Gratuit", "Free of charge"),
    "q_online": ("Online fără înregistrare", "Online without registration"),
    "q_machine_readable": ("Format deschis prelucrabil automat", "Open machine-readable format"),
    "q_bulk": ("Descărcabil integral", "Downloadable at once"),
    "q_open_licence": ("Licență deschisă", "Open licence"),
    "q_up_to_date": ("Actualizat", "Up to date"),
    "effort": ("Efort de publicare", "Publication effort"),
    "planned_publication": ("Publicare planificată", "Planned publication"),
    "status": ("Stare", "Status"),
    "package_id": ("Set de date publicat (CKAN)", "Published dataset (CKAN)"),
    "openness_score": ("Scor deschidere", "Openness score"),
    "value_score": ("Scor valoare", "Value score"),
    "feasibility_score": ("Scor fezabilitate", "Feasibility score"),
    "priority": ("Prioritate", "Priority"),
}

#: Other accepted spellings of headers (compared normalised, see _norm).
ALIASES: dict[str, str] = {
    "titlu": "title", "denumire": "title", "name": "title",
    "institutie": "organization", "organizatie": "organization", "organisation": "organization",
    "organization name": "organization",
    "format": "formats", "frecventa": "update_frequency", "frequency": "update_frequency",
    "email": "owner_email", "e-mail": "owner_email", "tema": "priority_theme",
    "theme": "priority_theme", "data publicarii": "planned_publication",
}

#: Columns of exports that imports ignore (computed or informative).
EXPORT_ONLY = ("organization_title", "campaign_id", "created", "modified", "score_explanation") + tuple(
    fields.SCORE_FIELDS
)

#: Columns an import file must have.
REQUIRED_COLUMNS = ("title",)

_TYPES = dict(fields.ENTRY_FIELDS)

#: Labels of coded values: field kind -> {code: (Romanian, English)}.
_STORAGE = {
    "paper": ("hârtie", "paper"), "office_files": ("fișiere de birou", "office files"),
    "database": ("bază de date", "database"), "gis": ("GIS", "GIS"),
    "other_system": ("alt sistem informatic", "other system"),
}
_RESTRICTIONS = {
    "none": ("fără", "none"), "personal_data": ("date cu caracter personal", "personal data"),
    "classified": ("informații clasificate", "classified information"),
    "third_party_rights": ("drepturi ale terților", "third-party rights"),
    "commercial_confidentiality": ("confidențialitate comercială", "commercial confidentiality"),
}
_EFFORT = {"low": ("redus", "low"), "medium": ("mediu", "medium"), "high": ("ridicat", "high")}
_STATES = {
    "draft": ("ciornă", "draft"), "submitted": ("trimisă", "submitted"),
    "under_review": ("în analiză", "under review"),
    "approved": ("aprobată pentru publicare", "approved for publication"),
    "restricted": ("restricționată", "restricted"), "rejected": ("respinsă", "rejected"),
    "duplicate": ("duplicat", "duplicate"), "in_publication": ("în curs de publicare", "in publication"),
    "published": ("publicată", "published"),
}
VALUE_LABELS: dict[str, dict[str, tuple[str, str]]] = {
    "STORAGE": _STORAGE,
    "RESTRICTIONS": _RESTRICTIONS,
    "EFFORT": _EFFORT,
    "STATES": _STATES,
    "FREQUENCY": {code: (ro, en) for code, en, ro in vocab.FREQUENCIES},
    "THEME": {key: (ro, en) for key, en, ro in vocab.PRIORITY_THEMES},
    "HVD": {uri: (ro, en) for uri, en, ro in vocab.HVD_CATEGORIES},
}
assert set(_STORAGE) == set(fields.STORAGE)
assert set(_RESTRICTIONS) == set(fields.RESTRICTIONS)
assert set(_EFFORT) == set(fields.EFFORT)
assert set(_STATES) == set(fields.STATES)

_TRUE = {"da", "d", "yes", "y", "true", "adevarat", "1", "x"}
_FALSE = {"nu", "n", "no", "false", "fals", "0"}
_EMAIL_RE = re.compile(r"^[^@\s;,]+@[^@\s;,]+\.[A-Za-z]{2,}$")
_DATE_RO_RE = re.compile(r"^(\d{1,2})[./](\d{1,2})[./](\d{4})$")


class ImportFileError(Exception):
    """The file cannot be read at all (format, encoding, empty, columns).
    ``str(error)`` is the message for the user."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- helpers -------------------------------------------------------------------

def _norm(text: str) -> str:
    """Header/value comparison key: lower case, no diacritics (ş/ș, ţ/ț
    alike), single spaces, ``_`` and ``-`` as spaces."""
    text = unicodedata.normalize("NFKD", str(text).strip().lower())
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = re.sub(r"[\s_]+", " ", text)
    return text.strip()


def _lang(lang: str) -> int:
    if lang not in ("ro", "en"):
        raise ValueError(f"lang must be 'ro' or 'en', not {lang!r}")
    return 0 if lang == "ro" else 1


def label(field: str, value: Any, lang: str = "ro") -> str:
    """The human label of a coded value (``storage``, ``status``...) in
    ``lang``; the value itself when it has no label."""
    kind = _kind(field)
    if kind and value in VALUE_LABELS[kind]:
        return VALUE_LABELS[kind][value][_lang(lang)]
    return "" if value is None else str(value)


def _kind(field: str) -> Optional[str]:
    if field == "hvd_category":
        return "HVD"
    ftype = _TYPES.get(field, "")
    return ftype[5:] if ftype.startswith("enum:") else None


def _header_map() -> dict[str, str]:
    mapping = {}
    for name, (ro, en) in HEADERS.items():
        mapping[_norm(name)] = name
        mapping[_norm(ro)] = name
        mapping[_norm(en)] = name
    for alias, name in ALIASES.items():
        mapping.setdefault(_norm(alias), name)
    for name in EXPORT_ONLY:
        mapping.setdefault(_norm(name), name)
    return mapping


_HEADER_MAP = _header_map()


def _value_map(kind: str) -> dict[str, str]:
    mapping = {}
    for code, (ro, en) in VALUE_LABELS[kind].items():
        for text in (code, ro, en):
            mapping[_norm(text)] = code
    if kind == "FREQUENCY":
        for code in VALUE_LABELS[kind]:
            mapping[_norm(vocab.FREQUENCY_PREFIX + code)] = code
    return mapping


#: Other accepted spellings of coded values (compared normalised).
VALUE_ALIASES: dict[str, dict[str, str]] = {
    "RESTRICTIONS": {"date personale": "personal_data", "gdpr": "personal_data", "clasificat": "classified",
                     "clasificate": "classified", "nu": "none", "niciuna": "none", "no": "none"},
    "STORAGE": {"excel": "office_files", "fisiere": "office_files", "office": "office_files",
                "baza de date": "database", "sig": "gis", "arhiva": "paper"},
    "STATES": {"ciorna": "draft", "aprobata": "approved", "publicata": "published"},
}

_VALUE_MAPS = {kind: _value_map(kind) for kind in VALUE_LABELS}
for _kind_name, _aliases in VALUE_ALIASES.items():
    for _alias, _code in _aliases.items():
        _VALUE_MAPS[_kind_name].setdefault(_norm(_alias), _code)


# --- reading -------------------------------------------------------------------

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
    import openpyxl

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
        name = _HEADER_MAP.get(_norm(text))
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


# --- converting ----------------------------------------------------------------

def row_to_entry(row: dict[str, str]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Convert a raw row (from :func:`read_table`) to an entry dict.

    Empty cells are left out of the entry (so the action's defaults apply).
    Types follow ``fields.ENTRY_FIELDS``: ``bool`` from da/nu/yes/no/1/0/
    true/false/x; ``list`` split on ``;`` (or new lines); ``int``
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
        if field.startswith("_") or field not in _TYPES:
            continue
        value = (value or "").strip() if isinstance(value, str) else value
        if value in ("", None):
            continue
        ftype = _TYPES[field]
        repaired = looks_like_mojibake(value) if isinstance(value, str) else None
        if repaired:
            err(field, tk._('Garbled characters: "{value}" looks like "{repaired}" saved with the wrong encoding; save the file as CSV UTF-8.').format(
                value=value[:60], repaired=repaired[:60]))
            continue
        if ftype == "bool":
            key = _norm(value)
            if key in _TRUE:
                entry[field] = True
            elif key in _FALSE:
                entry[field] = False
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
            kind = _kind(field)
            code = _VALUE_MAPS[kind].get(_norm(value))
            if code is None and kind == "HVD" and value.startswith(vocab.HVD_CONCEPT_PREFIX):
                code = value  # a more detailed concept of the EU vocabulary
            if code is None:
                allowed = ", ".join(f"{ro} / {en}" for ro, en in VALUE_LABELS[kind].values())
                err(field, tk._('Unknown value "{value}"; allowed: {allowed}.').format(value=value, allowed=allowed))
            else:
                entry[field] = code
        elif ftype == "uri":
            if re.match(r"^https?://[^\s/]+\.[^\s]+$", value):
                entry[field] = value
            else:
                err(field, tk._('"{value}" is not a web address (it must start with http:// or https://).').format(value=value))
        else:
            if field == "owner_email" and not _EMAIL_RE.match(value):
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


# --- writing -------------------------------------------------------------------

#: Columns of the exports, in order.
EXPORT_COLUMNS: list[str] = (
    ["id", "organization", "organization_title"]
    + [name for name, _t in fields.ENTRY_FIELDS if name not in ("id", "organization")]
    + list(fields.SCORE_FIELDS)
)
#: Columns of the import templates (what a steward fills in).
TEMPLATE_COLUMNS: list[str] = [
    name for name, _t in fields.ENTRY_FIELDS if name not in ("id", "status", "package_id")
]
#: Columns of the public inventory list.
PUBLIC_COLUMNS: list[str] = ["id", "organization", "organization_title", "title", "status", "planned_publication"]
assert set(fields.PUBLIC_FIELDS) <= set(PUBLIC_COLUMNS)


def _human(field: str, value: Any, lang: str) -> Any:
    """A value as shown to people in exports."""
    if value is None or value == "":
        return ""
    ftype = _TYPES.get(field, "")
    if ftype == "bool" or isinstance(value, bool):
        return ("da" if value else "nu") if lang == "ro" else ("yes" if value else "no")
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if _kind(field):
        return label(field, value, lang)
    return value


def _machine(field: str, value: Any) -> str:
    """A value as written to the data package CSVs (codes, true/false)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


def _csv_bytes(header: list[str], rows: Iterable[list[Any]], bom: bool) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_row(header))
    for row in rows:
        writer.writerow(csv_row("" if v is None else v for v in row))
    return (("\ufeff" if bom else "") + buffer.getvalue()).encode("utf-8")


def write_csv(entries: list[dict[str, Any]], lang: str = "ro") -> bytes:
    """Export entries as CSV for people: UTF-8 with BOM (Excel shows the
    diacritics), comma-separated, headers and coded values in ``lang``
    (``ro``/``en``), booleans da/nu or yes/no, lists joined with ``; ``.
    Columns: :data:`EXPORT_COLUMNS` (scores included). Texts starting with
    ``= + - @``, a tab or CR get a ``'`` in front (``lib.spreadsheet``; the
    import removes it). Importing it again gives the same entries (scores
    and institution name are ignored)."""
    index = _lang(lang)
    header = [HEADERS[c][index] for c in EXPORT_COLUMNS]
    return _csv_bytes(header, ([_human(c, e.get(c), lang) for c in EXPORT_COLUMNS] for e in entries), bom=True)


def _workbook(header: list[str], rows: Iterable[list[Any]], lang: str, help_sheet: bool, columns: list[str]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    index = _lang(lang)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Inventar" if lang == "ro" else "Inventory"
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
    for row in rows:
        sheet.append(["" if v is None else v for v in row])
    xlsx_text_only(sheet)  # texts starting with "=" are strings, never formulas
    sheet.freeze_panes = "A2"
    for i, name in enumerate(columns, start=1):
        letter = openpyxl.utils.get_column_letter(i)
        sheet.column_dimensions[letter].width = max(12, min(40, len(header[i - 1]) + 4))
        choices = _choices(name, lang)
        if choices and len(",".join(choices)) < 250:
            dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True)
            dv.add(f"{letter}2:{letter}5000")
            sheet.add_data_validation(dv)
    if help_sheet:
        info = book.create_sheet("Instrucțiuni" if lang == "ro" else "Instructions")
        info.append([
            "Coloană" if lang == "ro" else "Column",
            "Câmp" if lang == "ro" else "Field",
            "Valori" if lang == "ro" else "Values",
        ])
        for cell in info[1]:
            cell.font = Font(bold=True)
        for name in columns:
            info.append([HEADERS[name][index], name, _describe(name, lang)])
        info.column_dimensions["A"].width = 36
        info.column_dimensions["B"].width = 26
        info.column_dimensions["C"].width = 90
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _choices(field: str, lang: str) -> list[str]:
    if _TYPES.get(field) == "bool":
        return ["da", "nu"] if lang == "ro" else ["yes", "no"]
    kind = _kind(field)
    if kind and kind != "HVD":
        return [labels[_lang(lang)] for labels in VALUE_LABELS[kind].values()]
    return []


def _describe(field: str, lang: str) -> str:
    """One line of the template's instructions sheet (Romanian or English;
    fixed text, the template is a file, not a page)."""
    ro = lang == "ro"
    ftype = _TYPES.get(field, "str")
    kind = _kind(field)
    if kind:
        values = "; ".join(labels[_lang(lang)] for labels in VALUE_LABELS[kind].values())
        text = ("Una dintre valorile: " if ro else "One of: ") + values
        if kind == "HVD":
            text += " (" + ("sau URI-ul categoriei" if ro else "or the category URI") + ")"
        return text
    return {
        "bool": "da / nu" if ro else "yes / no",
        "list": "listă separată prin ;" if ro else "list separated by ;",
        "int": "număr întreg (0 sau mai mare)" if ro else "whole number (0 or more)",
        "date": "dată AAAA-LL-ZZ (ex. 2026-06-30)" if ro else "date YYYY-MM-DD (e.g. 2026-06-30)",
        "uri": "adresă web (https://...)" if ro else "web address (https://...)",
    }.get(ftype, {
        "title": "obligatoriu" if ro else "required",
        "organization": "numele organizației în portal (ex. primaria-timisoara)" if ro
        else "organisation name in the portal (e.g. primaria-timisoara)",
        "owner_email": "adresă de e-mail" if ro else "e-mail address",
        "restriction_reason": "obligatoriu dacă există o restricție de acces" if ro
        else "required when access is restricted",
    }.get(field, "text"))


def write_xlsx(entries: list[dict[str, Any]], lang: str = "ro") -> bytes:
    """Export entries as an XLSX workbook for people (same columns and
    values as :func:`write_csv`, numbers as numbers)."""
    index = _lang(lang)
    header = [HEADERS[c][index] for c in EXPORT_COLUMNS]
    rows = ([_human(c, e.get(c), lang) for c in EXPORT_COLUMNS] for e in entries)
    return _workbook(header, rows, lang, help_sheet=False, columns=EXPORT_COLUMNS)


def template(fmt: str, lang: str, institutions: Optional[list[tuple[str, str]]] = None) -> bytes:
    """An empty import template: header row of :data:`TEMPLATE_COLUMNS` in
    ``lang``; the XLSX one adds drop-down lists for coded values and an
    instructions sheet describing every column, and, with
    ``institutions`` (``[(name, title)]``), a sheet listing them and a
    drop-down of their names in the institution column."""
    index = _lang(lang)
    header = [HEADERS[c][index] for c in TEMPLATE_COLUMNS]
    if fmt == "csv":
        return _csv_bytes(header, [], bom=True)
    if fmt == "xlsx":
        book = _workbook(header, [], lang, help_sheet=True, columns=TEMPLATE_COLUMNS)
        return _add_institutions(book, lang, institutions) if institutions else book
    raise ValueError(f"fmt must be 'csv' or 'xlsx', not {fmt!r}")


def institutions_csv(institutions: list[tuple[str, str]], lang: str) -> bytes:
    """The institutions an import may name: name in the portal and title."""
    header = ["Instituție (nume în portal)", "Denumire"] if lang == "ro" else [
        "Institution (name in the portal)", "Title"]
    return _csv_bytes(header, [list(i) for i in institutions], bom=True)


def _add_institutions(data: bytes, lang: str, institutions: list[tuple[str, str]]) -> bytes:
    import openpyxl
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    book = openpyxl.load_workbook(io.BytesIO(data))
    title = "Instituții" if lang == "ro" else "Institutions"
    sheet = book.create_sheet(title)
    sheet.append(["Instituție (nume în portal)", "Denumire (acceptată și ea)"] if lang == "ro" else [
        "Institution (name in the portal)", "Title (accepted too)"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name, label in institutions:
        sheet.append([name, label])
    sheet.column_dimensions["A"].width = 36
    sheet.column_dimensions["B"].width = 60
    letter = openpyxl.utils.get_column_letter(TEMPLATE_COLUMNS.index("organization") + 1)
    # a hint, not a barrier: titles are accepted too
    dv = DataValidation(type="list", formula1=f"'{title}'!$A$2:$A${len(institutions) + 1}",
                        allow_blank=True, showErrorMessage=False)
    dv.add(f"{letter}2:{letter}5000")
    book.worksheets[0].add_data_validation(dv)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _schema_file(name: str) -> dict[str, Any]:
    from ckanext.tmopendata.resources import census_dir

    return json.loads((census_dir() / name).read_text(encoding="utf-8"))


def inventory_schema() -> dict[str, Any]:
    """The Table Schema of exports (``census/inventory-schema.json``)."""
    return _schema_file("inventory-schema.json")


def public_inventory_schema() -> dict[str, Any]:
    """The Table Schema of the public inventory list
    (``census/public-inventory-schema.json``)."""
    return _schema_file("public-inventory-schema.json")


def _schema_columns(schema: dict[str, Any]) -> list[str]:
    return [f["name"] for f in schema["fields"]]


def write_datapackage(entries: list[dict[str, Any]], campaign: dict[str, Any]) -> bytes:
    """A Frictionless Data Package (ZIP): ``datapackage.json`` describing
    ``entries.csv`` (UTF-8, canonical column names, codes, true/false) with
    the Table Schema of ``census/inventory-schema.json`` inline.

    :param campaign: the campaign dict (``name``, ``title``, ``id``... used
        for the package's name, title and description).
    """
    schema = inventory_schema()
    columns = _schema_columns(schema)
    body = _csv_bytes(columns, ([_machine(c, e.get(c)) for c in columns] for e in entries), bom=False)
    name = re.sub(r"[^a-z0-9._-]+", "-", _norm(campaign.get("name") or campaign.get("id") or "census")).strip("-")
    package = {
        "profile": "data-package",
        "name": f"census-{name}" if not name.startswith("census") else name,
        "title": campaign.get("title") or campaign.get("name") or "Census",
        "description": campaign.get("description") or "",
        "created": datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0).isoformat(),
        "resources": [{
            "name": "entries",
            "path": "entries.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": schema,
        }],
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("datapackage.json", json.dumps(package, ensure_ascii=False, indent=2))
        z.writestr("entries.csv", body)
    return out.getvalue()


def public_inventory_csv(entries: list[dict[str, Any]]) -> bytes:
    """The public inventory list (Law 179/2022): only ``fields.PUBLIC_FIELDS``
    plus the institution's title, UTF-8 without BOM, canonical column names,
    valid against ``census/public-inventory-schema.json``. The caller passes
    only entries the public may see (never restricted ones); any other key
    of the dicts is ignored."""
    columns = _schema_columns(public_inventory_schema())
    return _csv_bytes(columns, ([_machine(c, e.get(c)) for c in columns] for e in entries), bom=False)
