"""Spreadsheet safety: the suite's one policy against formula injection
(CSV injection, OWASP) for every file it exports.

- **CSV**: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a
  carriage return is written with a single quote ``'`` in front, so
  spreadsheet programs show it as text instead of evaluating it
  (:func:`csv_cell`, :func:`csv_row`). Numbers, booleans and empty cells
  are written unchanged (a negative number stays a number).
- **XLSX**: cells are never formulas: every text is stored as a string cell
  (openpyxl ``data_type`` ``"s"``), unchanged, whatever it starts with
  (:func:`xlsx_text_only`).
- **Reading back** (the census import of an exported file):
  :func:`unescape_cell` removes the quote added by :func:`csv_cell`, so an
  exported and re-imported value is unchanged.
"""
from __future__ import annotations

from typing import Any, Iterable

#: First characters that make a spreadsheet program evaluate a cell.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
#: What is put in front of such a cell in a CSV file.
ESCAPE = "'"


def csv_cell(value: Any) -> Any:
    """``value`` made safe for a CSV cell (text only; other types unchanged)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return ESCAPE + value
    return value


def csv_row(values: Iterable[Any]) -> list[Any]:
    """A CSV row made safe with :func:`csv_cell`."""
    return [csv_cell(v) for v in values]


def unescape_cell(value: Any) -> Any:
    """The inverse of :func:`csv_cell` for text read from a spreadsheet."""
    if isinstance(value, str) and value.startswith(ESCAPE) and value[1:2] and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


def xlsx_text_only(sheet: Any) -> None:
    """Turn every formula cell of an openpyxl worksheet into a string cell
    holding the same text (openpyxl makes a cell a formula when its text
    starts with ``=``)."""
    for row in sheet.iter_rows():
        for cell in row:
            if cell.data_type == "f":
                cell.data_type = "s"
