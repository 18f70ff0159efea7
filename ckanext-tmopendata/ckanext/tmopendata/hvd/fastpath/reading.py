"""Reading the file: the CSV/TSV file as record batches of raw texts
(pyarrow's streaming CSV reader, every column a string), after checking
that frictionless would read it the same way (the header line is exactly
the field names, the dialect frictionless sniffs is the one read here),
and reading again the cells of chosen rows for the report. Anything else:
:class:`~.bounds.GiveUp`."""
from __future__ import annotations

from typing import Any

import pyarrow as pa
import pyarrow.csv as pacsv
from frictionless import Resource

from ckanext.tmopendata.hvd.fastpath.bounds import GiveUp


def _delimiter(fmt: str) -> str:
    return "\t" if fmt == "tsv" else ","


def open_batches(path: str, fmt: str, encoding: str, names: list[str],
                 block_size: int) -> pacsv.CSVStreamingReader:
    """The record batches of the file (``block_size`` bytes each), every
    cell as its raw text; the header must be exactly ``names``."""
    arrow_encoding = "utf8" if encoding.lower().replace("_", "-") in ("utf-8", "utf8", "utf-8-sig") \
        else encoding
    read = pacsv.ReadOptions(block_size=block_size, encoding=arrow_encoding, use_threads=False)
    parse = pacsv.ParseOptions(
        delimiter=_delimiter(fmt),
        quote_char='"', double_quote=True, escape_char=False,
        newlines_in_values=True, ignore_empty_lines=False,
    )
    convert = pacsv.ConvertOptions(
        column_types={n: pa.string() for n in names}, strings_can_be_null=False,
        quoted_strings_can_be_null=False, check_utf8=True,
    )
    reader = pacsv.open_csv(path, read_options=read, parse_options=parse, convert_options=convert)
    header = reader.schema.names
    if encoding.lower().replace("_", "-") == "utf-8-sig" and header and header[0].startswith("\ufeff"):
        raise GiveUp("BOM in the header")
    if header != names:
        raise GiveUp("labels")
    return reader


def check_header_line(path: str, fmt: str, encoding: str, names: list[str]) -> None:
    """The delimiter frictionless would sniff is the one read here: the
    header line holds exactly the field names joined by it."""
    with open(path, "rb") as f:
        first = f.readline(1024 * 1024)
    text = first.decode(encoding if encoding.lower() != "utf-8-sig" else "utf-8-sig")
    text = text.rstrip("\r\n")
    if text != _delimiter(fmt).join(names):
        raise GiveUp("header line")
    if fmt == "csv" and any(ch in text for ch in (";", "\t", "|", ":")):
        raise GiveUp("another delimiter may be sniffed")


def check_dialect(path: str, fmt: str, encoding: str, schema: Any) -> None:
    """The dialect frictionless detects (delimiter, quoting, header row)
    is the one read here."""
    if fmt == "tsv":
        return
    resource = Resource(path=path, format="csv", encoding=encoding, schema=schema)
    with resource:
        dialect = resource.dialect
        control = dialect.get_control("csv")
    if control.delimiter != "," or dialect.header_rows != [1] \
            or dialect.comment_char or control.quote_char != '"' \
            or not control.double_quote or control.escape_char or control.skip_initial_space:
        raise GiveUp("dialect")


def read_rows(path: str, fmt: str, encoding: str, names: list[str], block_size: int,
              numbers: set[int]) -> dict[int, list[str]]:
    """The cells of the rows ``numbers`` (row numbers as frictionless
    counts them: the first data row is 2), read again from the file."""
    found: dict[int, list[str]] = {}
    wanted = sorted(n - 2 for n in numbers)
    base = 0
    for batch in open_batches(path, fmt, encoding, names, block_size):
        end = base + batch.num_rows
        inside = [i - base for i in wanted if base <= i < end]
        if inside:
            rows = batch.take(pa.array(inside, pa.int64()))
            columns = [rows.column(i).to_pylist() for i in range(rows.num_columns)]
            for position, cells in zip(inside, zip(*columns)):
                found[base + position + 2] = list(cells)
        base = end
        if base > wanted[-1]:
            break
    return found
