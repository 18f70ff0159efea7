"""Writing census files: :func:`write_csv`, :func:`write_xlsx` (headers in
Romanian or English, values as labels, for people), :func:`write_datapackage`
(a Frictionless Data Package: ``datapackage.json`` + ``entries.csv`` with
canonical names and codes, schema ``census/inventory-schema.json``),
:func:`public_inventory_csv` (only ``fields.PUBLIC_FIELDS`` + institution
title, schema ``census/public-inventory-schema.json``), :func:`template`
(empty import templates) and :func:`institutions_csv`. Pure functions."""
from __future__ import annotations

import csv
import datetime
import io
import json
import re
import zipfile
from typing import Any, Iterable, Optional

import openpyxl
from openpyxl.styles import Font, PatternFill
from openpyxl.worksheet.datavalidation import DataValidation

from ckanext.tmopendata.census import fields
from ckanext.tmopendata.census.io.labels import HEADERS, TYPES, VALUE_LABELS, kind, label, lang_index
from ckanext.tmopendata.census.values import norm
from ckanext.tmopendata.lib.spreadsheet import csv_row, xlsx_text_only
from ckanext.tmopendata.resources import census_dir

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
    ftype = TYPES.get(field, "")
    if ftype == "bool" or isinstance(value, bool):
        return ("da" if value else "nu") if lang == "ro" else ("yes" if value else "no")
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    if kind(field):
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
    index = lang_index(lang)
    header = [HEADERS[c][index] for c in EXPORT_COLUMNS]
    return _csv_bytes(header, ([_human(c, e.get(c), lang) for c in EXPORT_COLUMNS] for e in entries), bom=True)


def _workbook(header: list[str], rows: Iterable[list[Any]], lang: str, help_sheet: bool, columns: list[str]) -> bytes:
    index = lang_index(lang)
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
    if TYPES.get(field) == "bool":
        return ["da", "nu"] if lang == "ro" else ["yes", "no"]
    value_kind = kind(field)
    if value_kind and value_kind != "HVD":
        return [labels[lang_index(lang)] for labels in VALUE_LABELS[value_kind].values()]
    return []


def _describe(field: str, lang: str) -> str:
    """One line of the template's instructions sheet (Romanian or English;
    fixed text, the template is a file, not a page)."""
    ro = lang == "ro"
    ftype = TYPES.get(field, "str")
    value_kind = kind(field)
    if value_kind:
        values = "; ".join(labels[lang_index(lang)] for labels in VALUE_LABELS[value_kind].values())
        text = ("Una dintre valorile: " if ro else "One of: ") + values
        if value_kind == "HVD":
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
    index = lang_index(lang)
    header = [HEADERS[c][index] for c in EXPORT_COLUMNS]
    rows = ([_human(c, e.get(c), lang) for c in EXPORT_COLUMNS] for e in entries)
    return _workbook(header, rows, lang, help_sheet=False, columns=EXPORT_COLUMNS)


def template(fmt: str, lang: str, institutions: Optional[list[tuple[str, str]]] = None) -> bytes:
    """An empty import template: header row of :data:`TEMPLATE_COLUMNS` in
    ``lang``; the XLSX one adds drop-down lists for coded values and an
    instructions sheet describing every column, and, with
    ``institutions`` (``[(name, title)]``), a sheet listing them and a
    drop-down of their names in the institution column."""
    index = lang_index(lang)
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
    book = openpyxl.load_workbook(io.BytesIO(data))
    title = "Instituții" if lang == "ro" else "Institutions"
    sheet = book.create_sheet(title)
    sheet.append(["Instituție (nume în portal)", "Denumire (acceptată și ea)"] if lang == "ro" else [
        "Institution (name in the portal)", "Title (accepted too)"])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for name, title_text in institutions:
        sheet.append([name, title_text])
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
    name = re.sub(r"[^a-z0-9._-]+", "-", norm(campaign.get("name") or campaign.get("id") or "census")).strip("-")
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
