"""The validation engine: one file in, one normalised report out.

It guards against bad input before frictionless reads the file (empty file,
binary disguised as CSV, XLSX zip bombs, undecodable text), detects the
encoding (UTF-8 with or without BOM, Windows-1250, ISO-8859-2), runs
frictionless with the resource's Table Schema (or a structural check without
one) plus the suite's own row checks (CUI, personal data, mojibake), and
returns a report with no personal data in it.
"""
from __future__ import annotations

import codecs
import csv
import dataclasses
import heapq
import os
import time
import zipfile
from collections import Counter
from typing import Any, Optional

import frictionless
from frictionless import Checklist, Detector, Dialect, FrictionlessException, Resource, Schema, formats

from ckanext.tmopendata.hvd import fastpath
from ckanext.tmopendata.hvd import fields as tm_fields
from ckanext.tmopendata.hvd.checks import find_personal_data, mask, tm_row_checks
from ckanext.tmopendata.lib.fetch import guard_frictionless
from ckanext.tmopendata.lib.text import detect_encoding, undecodable_lines

# frictionless only ever reads the local file it is given: it never
# downloads anything by itself (remote schemas, fields or resources).
guard_frictionless()

# number/date/time fields that report sNaN and incomparable bounds instead of crashing
tm_fields.register()

#: Data Package v2 resource profile: a Table Schema declaring v2 (``$schema``)
#: is validated inside a v2 resource, as the ``frictionless`` CLI does (a
#: built ``Schema`` handed to a v1 resource is re-checked as v1).
V2_RESOURCE_PROFILE = "https://datapackage.org/profiles/2.0/dataresource.json"

TABULAR_FORMATS = ("csv", "tsv", "xlsx")
SNIFF_BYTES = 256 * 1024


@dataclasses.dataclass
class Limits:
    """Bounds that keep a hostile or broken file from hurting the portal."""

    max_errors: int = 1000
    max_cell_bytes: int = 1024 * 1024
    max_xlsx_uncompressed: int = 500 * 1024 * 1024
    max_xlsx_ratio: int = 200
    engine: str = "fast"
    """``fast``: CSV/TSV files with a schema are first given to the columnar
    fast path (:mod:`ckanext.tmopendata.hvd.fastpath`), which proves a file
    valid or hands it to frictionless; ``frictionless``: frictionless only."""


@dataclasses.dataclass
class Outcome:
    status: str  # success | failure | error
    row_count: int = 0
    encoding: Optional[str] = None
    errors: list[dict[str, Any]] = dataclasses.field(default_factory=list)
    error_types: dict[str, int] = dataclasses.field(default_factory=dict)
    message: Optional[str] = None
    seconds: float = 0.0
    validator: str = ""

    @property
    def error_count(self) -> int:
        return sum(self.error_types.values())

    def report(self) -> dict[str, Any]:
        """The full report kept for auditors (JSON-serialisable)."""
        return {
            "valid": self.status == "success",
            "status": self.status,
            "row_count": self.row_count,
            "encoding": self.encoding,
            "error_count": self.error_count,
            "error_types": self.error_types,
            "errors": self.errors,
            "message": self.message,
            "seconds": round(self.seconds, 3),
            "validator": self.validator or "frictionless " + _frictionless_version(),
        }


def _frictionless_version() -> str:
    return getattr(frictionless, "__version__", "5")


def _failure(kind: str, title: str, message: str, **extra: Any) -> Outcome:
    error = {"type": kind, "title": title, "message": message, "row": None, "column": None}
    error.update(extra)
    return Outcome(status="failure", errors=[error], error_types={kind: 1})


# --- encodings -----------------------------------------------------------------

# --- pre-checks ----------------------------------------------------------------

def _precheck_text(path: str, limits: Limits, declared: Optional[str]) -> tuple[Optional[Outcome], Optional[str]]:
    with open(path, "rb") as f:
        sample = f.read(SNIFF_BYTES)
    if not sample.strip(b" \t\r\n\xef\xbb\xbf"):
        return _failure("tm-empty-file", "Empty file", "The file is empty: there is no header and no data."), None
    utf16 = sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE))
    if b"\x00" in sample and not utf16:
        return _failure(
            "tm-binary-file", "Not a text file",
            "The file contains binary data (NUL bytes): it is not a CSV file. "
            "Check the format, or upload the original spreadsheet as XLSX.",
        ), None
    encoding = detect_encoding(sample, declared)
    # A single enormous cell (or a file without line breaks) would make the
    # csv module fail deep inside frictionless: report it cleanly instead.
    csv.field_size_limit(max(limits.max_cell_bytes, 131072))
    # The longest line, chunk by chunk: a line inside a chunk is shorter
    # than the chunk (at most the limit), so only lines that span chunks
    # (the carried tail plus the head of the next chunk) need measuring.
    chunk_size = max(1, min(1024 * 1024, limits.max_cell_bytes))
    carry = 0
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            first = chunk.find(b"\n")
            if carry + (len(chunk) if first < 0 else first) > limits.max_cell_bytes:
                return _failure(
                    "tm-huge-cell", "Line too long",
                    f"A line is longer than {limits.max_cell_bytes} bytes "
                    "(a huge cell or a file without line breaks).",
                ), encoding
            carry = carry + len(chunk) if first < 0 else len(chunk) - chunk.rfind(b"\n") - 1
    bad_lines = undecodable_lines(path, encoding, limit=min(limits.max_errors, 100))
    if bad_lines:
        return _encoding_failure(bad_lines, encoding), encoding
    return None, encoding


def _encoding_failure(lines: list[int], encoding: str) -> Outcome:
    """The lines that are not in the file's encoding, one error each (the
    line number is the row number when no cell spans several lines)."""
    errors = []
    for line in lines:
        where = f"Line {line}" if line else "The file"
        errors.append({
            "type": "tm-encoding-error", "title": "Mixed encodings",
            "message": f"{where} is not valid {encoding}: the file mixes encodings "
                       "(e.g. one line pasted from a Windows-1250 file). Save the whole file as UTF-8.",
            "row": line or None, "column": None,
        })
    return Outcome(status="failure", errors=errors, error_types={"tm-encoding-error": len(errors)})


def _precheck_xlsx(path: str, limits: Limits) -> Optional[Outcome]:
    if os.path.getsize(path) == 0:
        return _failure("tm-empty-file", "Empty file", "The file is empty.")
    if not zipfile.is_zipfile(path):
        return _failure(
            "tm-invalid-xlsx", "Not an XLSX file",
            "The file is not an Excel workbook (XLSX files are ZIP archives).",
        )
    with zipfile.ZipFile(path) as z:
        infos = z.infolist()
        total = sum(i.file_size for i in infos)
        packed = max(sum(i.compress_size for i in infos), 1)
        if total > limits.max_xlsx_uncompressed or total / packed > limits.max_xlsx_ratio:
            return _failure(
                "tm-zip-bomb", "Suspicious workbook",
                f"The workbook expands to {total} bytes from {packed} "
                f"(ratio {total // packed}:1); it was not opened.",
            )
        if "xl/workbook.xml" not in z.namelist():
            return _failure(
                "tm-invalid-xlsx", "Not an XLSX file",
                "The ZIP archive is not an Excel workbook (no xl/workbook.xml).",
            )
    return None


# --- the run -------------------------------------------------------------------

def _normalise(error: Any, contact_fields: set[str]) -> dict[str, Any]:
    d = error.to_descriptor()
    cell = d.get("cell")
    column = d.get("fieldName")
    if cell not in (None, "") and not d["type"].startswith("tm-"):
        # frictionless errors echo the cell: hide it if it is personal data
        # (in contact columns: if it holds a CNP; e-mails and phones belong there).
        found = find_personal_data(str(cell))
        if column in contact_fields:
            found = [f for f in found if f[0] == "cnp"]
        if found:
            cell = mask(str(cell))
    message = d.get("message", "")
    if d.get("cell") not in (None, "") and cell != d.get("cell"):
        message = message.replace(str(d["cell"]), str(cell))
    return {
        "type": d["type"],
        "title": d.get("title"),
        "message": message,
        "note": d.get("note"),
        "row": d.get("rowNumber"),
        "column": column,
        "field_number": d.get("fieldNumber"),
        "cell": cell,
    }


def validate_file(
    path: str,
    fmt: str,
    schema: Optional[dict[str, Any]] = None,
    encoding: Optional[str] = None,
    limits: Optional[Limits] = None,
) -> Outcome:
    """Validate the file at ``path`` (``fmt`` csv/tsv/xlsx) against the Table
    Schema descriptor ``schema`` (``None``: structural checks only)."""
    limits = limits or Limits()
    started = time.monotonic()
    fmt = (fmt or "csv").lower()
    if fmt not in TABULAR_FORMATS:
        outcome = _failure(
            "tm-unsupported-format", "Unsupported format",
            f'Format "{fmt}" cannot be validated; use CSV, TSV or XLSX.',
        )
        outcome.seconds = time.monotonic() - started
        return outcome
    if fmt == "xlsx":
        bad = _precheck_xlsx(path, limits)
        detected = None
    else:
        bad, detected = _precheck_text(path, limits, encoding)
    if bad is not None:
        bad.encoding = detected
        bad.seconds = time.monotonic() - started
        return bad

    contact_fields: set[str] = set()
    options: dict[str, Any] = {"format": fmt}
    if detected:
        options["encoding"] = detected
    if fmt == "tsv":
        options["format"] = "csv"
        options["dialect"] = Dialect(controls=[formats.CsvControl(delimiter="\t")])
    v2 = False
    if schema is not None:
        try:
            frictionless_schema = Schema.from_descriptor(schema)
        except FrictionlessException as e:
            # as the frictionless CLI: an invalid schema is the report's error
            outcome = _failure(e.error.type, e.error.title, e.error.message)
            outcome.encoding, outcome.seconds = detected, time.monotonic() - started
            return outcome
        v2 = getattr(frictionless_schema, "_datapackage_version", None) == "v2"
        options["schema"] = frictionless_schema
        contact_fields = {
            f.name for f in frictionless_schema.fields if (f.custom or {}).get("x_tm_contact")
        }
    else:
        # Structure only: every column typed "any", so only blank/extra/missing
        # cells, duplicate or blank labels are reported.
        options["detector"] = Detector(field_type="any")

    fast = None
    if schema is not None and not v2 and limits.engine == "fast" and fmt in ("csv", "tsv"):
        fast = fastpath.validate(path, fmt, frictionless_schema, detected, max_errors=limits.max_errors)
    if fast is not None:
        return _outcome(fast.errors, fast.suite_errors, fast.rows, detected, contact_fields, started,
                        validator=fastpath.VALIDATOR)

    if v2:
        options.pop("schema")
        resource = Resource(
            {"$schema": V2_RESOURCE_PROFILE, "name": "data", "path": os.path.basename(path), "schema": schema},
            basepath=os.path.dirname(os.path.abspath(path)), **options,
        )
    else:
        resource = Resource(
            path=os.path.basename(path), basepath=os.path.dirname(os.path.abspath(path)), **options
        )
    # The suite's own errors are collected apart: the cap counts frictionless'
    # errors as the CLI does (the same schema errors are shown), and the
    # suite's errors are capped separately at the same number.
    suite_errors: list = []
    checklist = Checklist(checks=[tm_row_checks(collected=suite_errors, max_collected=limits.max_errors)])
    report = resource.validate(checklist, limit_errors=limits.max_errors)
    task = report.tasks[0] if report.tasks else None
    errors = list(report.errors) + (list(task.errors) if task else [])
    rows = (task.stats.get("rows") or 0) if task else 0
    # Errors that stop frictionless from reading at all (e.g. a source-error or
    # a scheme/format problem) are failures of the file, reported as such.
    return _outcome(errors, suite_errors, rows, detected, contact_fields, started)


def _outcome(errors: list, suite_errors: list, rows: int, encoding: Optional[str], contact_fields: set[str],
             started: float, validator: str = "") -> Outcome:
    """The outcome of a run: frictionless' errors and the suite's, merged in
    row order (within a row, frictionless' errors before the suite's)."""
    merged = list(heapq.merge(errors, suite_errors, key=lambda e: getattr(e, "row_number", None) or 0))
    normalised = [_normalise(e, contact_fields) for e in merged]
    return Outcome(
        status="success" if not errors and not suite_errors else "failure",
        row_count=rows,
        encoding=encoding,
        errors=normalised,
        error_types=dict(Counter(e["type"] for e in normalised)),
        seconds=time.monotonic() - started,
        validator=validator,
    )


class InferenceError(ValueError):
    """The file cannot be described; the message says why."""


def infer_schema(path: str, fmt: str, limits: Optional[Limits] = None) -> dict[str, Any]:
    """Draft a Table Schema from the file (frictionless ``describe``), after
    the same bad-input guards as :func:`validate_file`."""
    limits = limits or Limits()
    fmt = (fmt or "csv").lower()
    if fmt == "xlsx":
        bad, detected = _precheck_xlsx(path, limits), None
    else:
        bad, detected = _precheck_text(path, limits, None)
    if bad is not None:
        raise InferenceError(bad.errors[0]["message"])
    options: dict[str, Any] = {"format": "csv" if fmt == "tsv" else fmt}
    if detected:
        options["encoding"] = detected
    if fmt == "tsv":
        options["dialect"] = Dialect(controls=[formats.CsvControl(delimiter="\t")])
    resource = Resource(
        path=os.path.basename(path), basepath=os.path.dirname(os.path.abspath(path)), **options
    )
    try:
        resource.infer(stats=False)
    except Exception as e:
        raise InferenceError("The file could not be read as a table (CSV, TSV or XLSX).") from e
    descriptor = resource.schema.to_descriptor()
    descriptor.setdefault("missingValues", ["", "NA", "N/A"])
    return {"schema": descriptor, "encoding": detected}
