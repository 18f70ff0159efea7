"""The columnar fast path of the validation engine: it validates a CSV/TSV
file against its Table Schema at the speed of pyarrow's CSV reader, and
gives the report's errors exactly as the frictionless engine would, or
gives up (then the frictionless engine,
:func:`ckanext.tmopendata.hvd.validation.validate_file`, reads the whole
file).

How it works, in one streaming pass over record batches (:data:`BLOCK_SIZE`),
one module per step:

- :mod:`.reading`: the file as record batches of raw texts, once it is
  sure frictionless reads the same header and dialect;
- :mod:`.columns`: every column is checked in vectorised form for what can
  be decided exactly that way; the cells it cannot clear are *suspects*,
  whose distinct raw values are read by the schema's own frictionless cell
  reader and by the suite's checks (CUI, personal data, mojibake); a column
  with few distinct values (:data:`EXACT_DISTINCT`) is read that way value
  by value (memoised); :mod:`.values` reads typed values in vectorised form;
- :mod:`.keys` and :mod:`.duplicates`: ``unique`` and ``primaryKey`` are
  decided on whole columns at the end (the read values, compared as
  frictionless compares them: integers, exact decimals, dates, text; spilled
  to temporary files beyond :data:`SPILL_ROWS`) with the previous
  occurrence of each duplicate, as frictionless' row stream reports it;
- :mod:`.errors`: the rows with errors are replayed in row order through
  frictionless' own ``Row`` exactly as frictionless' row stream and
  ``Resource.validate`` do, and the 1,000-error cap (``max_errors``) stops at
  the same row with the same row count;
- :mod:`.scan` ties the steps together (one :class:`~.scan.Scan` per file);
  :mod:`.bounds` holds what they share (:class:`~.bounds.GiveUp`, the tuning).

It gives up (answers ``None``) on what it does not support: Table Schema
v2, schema properties other than fields, ``primaryKey`` and
``missingValues`` (``foreignKeys``, ...), unknown constraints, a header that
is not exactly the field names, a dialect frictionless would sniff
differently, rows of the wrong width, empty lines, a key on a column type it
cannot compare. The differential test (``tests/hvd/test_fastpath.py``)
asserts identical verdicts and error lists between the two paths.

The constants below tune it; they are read on each call of :func:`validate`.
"""
from __future__ import annotations

import decimal
from typing import Any, Optional

import pyarrow as pa

from ckanext.tmopendata.hvd.fastpath.bounds import GiveUp, Tuning
from ckanext.tmopendata.hvd.fastpath.errors import Result
from ckanext.tmopendata.hvd.fastpath.scan import Scan

__all__ = ["BLOCK_SIZE", "EXACT_DISTINCT", "MAX_KEPT", "MAX_MEMO", "PARTITIONS", "PARTITION_ROWS",
           "SPILL_ROWS", "VALIDATOR", "Result", "prove_valid", "validate"]

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


def _tuning() -> Tuning:
    """The tuning constants as they are now (tests change them)."""
    return Tuning(exact_distinct=EXACT_DISTINCT, block_size=BLOCK_SIZE, max_kept=MAX_KEPT,
                  partition_rows=PARTITION_ROWS, partitions=PARTITIONS, spill_rows=SPILL_ROWS,
                  max_memo=MAX_MEMO)


def validate(path: str, fmt: str, schema: Any, encoding: Optional[str],
             max_errors: int = 1000) -> Optional[Result]:
    """Validate the file at ``path`` (``csv`` or ``tsv``) against the
    frictionless ``schema`` (a built :class:`frictionless.Schema`, v1);
    ``None`` when the fast path does not support the file or schema (the
    frictionless engine decides)."""
    if fmt not in ("csv", "tsv") or schema is None:
        return None
    scan = None
    try:
        scan = Scan(path, fmt, schema, encoding, max_errors, _tuning())
        return scan.run()
    except (GiveUp, pa.ArrowException, ValueError, UnicodeError, decimal.DecimalException, OverflowError):
        return None
    finally:
        if scan is not None:
            scan.close()


def prove_valid(path: str, fmt: str, schema: Any, encoding: Optional[str]) -> Optional[int]:
    """The number of data rows when the fast path finds the file valid, else
    ``None`` (invalid, or not supported)."""
    result = validate(path, fmt, schema, encoding)
    return result.rows if result is not None and result.valid else None
