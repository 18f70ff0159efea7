"""Census files: :mod:`.labels` (headers and labels of coded values, in
Romanian and English), :mod:`.reader` (import spreadsheets, row
conversion) and :mod:`.writer` (exports, templates, the public inventory,
the Data Package). Pure functions (no database, no request needed): the
import, export and publish actions call them, and so do the views, the CLI
and the tests. Their public names are gathered here."""
from __future__ import annotations

from ckanext.tmopendata.census.io.labels import HEADERS, VALUE_LABELS, label
from ckanext.tmopendata.census.io.reader import ImportFileError, read_table, row_to_entry
from ckanext.tmopendata.census.io.writer import (
    EXPORT_COLUMNS, PUBLIC_COLUMNS, TEMPLATE_COLUMNS, institutions_csv, inventory_schema, public_inventory_csv,
    public_inventory_schema, template, write_csv, write_datapackage, write_xlsx,
)

__all__ = [
    "ImportFileError", "read_table", "row_to_entry", "write_csv", "write_xlsx",
    "write_datapackage", "template", "public_inventory_csv", "HEADERS", "VALUE_LABELS",
    "inventory_schema", "public_inventory_schema", "label", "institutions_csv",
    "EXPORT_COLUMNS", "PUBLIC_COLUMNS", "TEMPLATE_COLUMNS",
]
