"""Loading a validated file into the DataStore, in ONE PostgreSQL
transaction: the rows go through ``COPY ... FROM STDIN`` into a new table
with the columns typed by the Table Schema, which replaces the resource's
table only when every row was copied. Whatever fails (a cell that does not
fit its type, a PostgreSQL error, the worker killed), the transaction is
rolled back and the rows served before stay.

The very file validated (an upload, a linked file's validated copy) is
read by PostgreSQL itself when its schema allows
(:mod:`~ckanext.tmopendata.datastore.copy_load`). Otherwise the file is
read with frictionless, the engine that validated it, with the
same options (format, encoding, TSV dialect, schema): the values loaded are
the ones validation accepted, and a row that does not read cleanly stops
the load (the file changed since it was validated).
"""
from __future__ import annotations

import csv
import io
import logging
import os
import time
from typing import Any, Callable, Iterator, Optional

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.datastore import copy_load, types

log = logging.getLogger(__name__)

STAGING_SUFFIX = "__tmopendata_new"
RESERVED = {"_id", "_full_text"}


class LoadError(Exception):
    """The file could not be loaded; ``str()`` is a user-facing reason."""


def _identifier(name: str) -> str:
    from ckanext.datastore.backend.postgres import identifier

    return identifier(name)


def _literal(text: str) -> str:
    from ckanext.datastore.backend.postgres import literal_string

    return literal_string(text)


def _frictionless_resource(path: str, fmt: str, encoding: Optional[str], schema: Optional[dict[str, Any]]) -> Any:
    from frictionless import Detector, Dialect, Resource, Schema, formats

    options: dict[str, Any] = {"format": fmt}
    if encoding and fmt != "xlsx":
        options["encoding"] = encoding
    if fmt == "tsv":
        options["format"] = "csv"
        options["dialect"] = Dialect(controls=[formats.CsvControl(delimiter="\t")])
    if schema:
        options["schema"] = Schema.from_descriptor(schema)
    else:
        options["detector"] = Detector(field_type="any")
    return Resource(path=os.path.basename(path), basepath=os.path.dirname(os.path.abspath(path)), **options)


def _check_names(names: list[str]) -> None:
    seen = set()
    for name in names:
        if not name or name in RESERVED or name.startswith("_") or '"' in name or len(name) > 63:
            raise LoadError(tk._(
                'Column "{name}" cannot be a DataStore column (empty, starting with "_", '
                'containing a double quote or longer than 63 characters).'
            ).format(name=name))
        if name in seen:
            raise LoadError(tk._('Column "{name}" appears twice.').format(name=name))
        seen.add(name)


class _CopyStream(io.RawIOBase):
    """A file-like object ``COPY FROM STDIN`` reads: CSV text made from the
    rows as they are read (never the whole file in memory)."""

    def __init__(self, rows: Iterator[list[Any]], converters: list[Callable[[Any], str]]):
        self._rows = rows
        self._converters = converters
        self._buffer = b""
        self._text = io.StringIO()
        self._writer = csv.writer(self._text, lineterminator="\n")
        self.count = 0

    def readable(self) -> bool:
        return True

    def _fill(self, size: int) -> None:
        conv = self._converters
        write = self._writer.writerow
        for cells in self._rows:
            write([None if v is None else c(v) for c, v in zip(conv, cells)])
            self.count += 1
            if self._text.tell() >= size:
                break
        self._buffer += self._text.getvalue().encode("utf-8")
        self._text.seek(0)
        self._text.truncate()

    def read(self, size: int = -1) -> bytes:
        if size is None or size < 0:
            size = 1 << 20
        if len(self._buffer) < size:
            self._fill(size)
        out, self._buffer = self._buffer[:size], self._buffer[size:]
        return out

    def readinto(self, b: Any) -> int:  # pragma: no cover - psycopg2 calls read()
        data = self.read(len(b))
        b[: len(data)] = data
        return len(data)


def unreachable_message() -> str:
    return tk._("The DataStore database could not be reached (PostgreSQL down or restarting); "
                "the rows served before stay. Load it again when it is back.")


def lost_message() -> str:
    return tk._("The connection to the DataStore database was lost during the load (PostgreSQL "
                "restarted or ended the connection); the rows served before stay. Load it again.")


def out_of_space_message() -> str:
    return tk._("The DataStore database ran out of disk space during the load; the rows served "
                "before stay. Load it again once space has been freed.")


def out_of_resources_message() -> str:
    return tk._("The DataStore database ran out of resources during the load (memory, connections "
                "or a configured limit); the rows served before stay. Load it again later.")


#: SQLSTATEs of a server going away (57P01 admin_shutdown, e.g.
#: pg_terminate_backend; 57P02 crash_shutdown; 57P03 cannot_connect_now)
LOST_STATES = ("57P01", "57P02", "57P03")


def _server_failure(conn: Any, error: Exception) -> Optional[LoadError]:
    """A failure of the database server rather than of the rows: the
    connection lost, or PostgreSQL out of disk space or other resources
    (SQLSTATE class 53). Said in words of our own: PostgreSQL's messages
    name files and hosts. ``None`` for anything else."""
    code = getattr(error, "pgcode", None) or ""
    if _connection_lost(conn) or code in LOST_STATES:
        return LoadError(lost_message())
    if code == "53100":
        return LoadError(out_of_space_message())
    if code.startswith("53"):
        return LoadError(out_of_resources_message())
    return None


def _rollback(conn: Any) -> None:
    """Roll back, even on a connection PostgreSQL already closed (the
    server then dropped the transaction itself)."""
    try:
        conn.rollback()
    except Exception:
        log.info("Rollback on a closed DataStore connection", exc_info=True)


def _connection_lost(conn: Any) -> bool:
    """Whether the server closed the connection (PostgreSQL stopped,
    restarted or the backend was killed), not a refusal of the rows."""
    try:
        return bool(getattr(conn, "closed", 0))
    except Exception:
        return True


def _replace_table(
    resource_id: str,
    names: list[str],
    fields: list[Optional[dict[str, Any]]],
    fill: Callable[[Any, str], int],
    standard: Optional[str],
    statement_timeout_ms: int,
    refused: Callable[[Exception], Exception],
) -> int:
    """In ONE transaction: create the typed staging table, ``fill(cursor,
    staging)`` it (returns the rows), write the data dictionary, and put it
    in place of the resource's table. Whatever fails, nothing changes: a
    :class:`LoadError` (or what ``refused`` makes of a PostgreSQL error) is
    raised."""
    from ckanext.datastore.backend.postgres import get_write_engine

    table, staging = resource_id, resource_id + STAGING_SUFFIX
    columns = ", ".join(f"{_identifier(n)} {types.pg_type(f)}" for n, f in zip(names, fields))
    try:
        conn = get_write_engine().raw_connection()
    except Exception as e:
        log.warning("DataStore database unreachable: %s", e)
        raise LoadError(unreachable_message()) from e
    try:
        cur = conn.cursor()
        if statement_timeout_ms:
            cur.execute(f"SET LOCAL statement_timeout = {int(statement_timeout_ms)}")
        cur.execute(f"DROP TABLE IF EXISTS {_identifier(staging)}")
        cur.execute(
            f"CREATE TABLE {_identifier(staging)} (_id serial PRIMARY KEY, _full_text tsvector"
            + (f", {columns}" if columns else "") + ")"
        )
        rows = fill(cur, staging) if names else 0
        for n, f in zip(names, fields):
            if f is None:
                continue
            comment = types.json_comment(types.field_info(f, standard))
            cur.execute(
                f"COMMENT ON COLUMN {_identifier(staging)}.{_identifier(n)} IS {_literal(comment)}"
            )
        cur.execute(f"DROP TABLE IF EXISTS {_identifier(table)}")
        cur.execute(f"ALTER TABLE {_identifier(staging)} RENAME TO {_identifier(table)}")
        cur.execute(f"ALTER INDEX {_identifier(staging + '_pkey')} RENAME TO {_identifier(table + '_pkey')}")
        cur.execute(
            f"ALTER SEQUENCE {_identifier(staging + '__id_seq')} RENAME TO {_identifier(table + '__id_seq')}"
        )
        cur.execute(
            f"CREATE TRIGGER zfulltext BEFORE INSERT OR UPDATE ON {_identifier(table)} "
            "FOR EACH ROW EXECUTE PROCEDURE populate_full_text_trigger()"
        )
        conn.commit()
        return rows
    except LoadError:
        _rollback(conn)
        raise
    except Exception as e:
        server = _server_failure(conn, e)
        _rollback(conn)
        if server is not None:
            log.warning("DataStore failure while loading %s: %s", resource_id, e)
            raise server from e
        cause = e.__context__ if isinstance(e.__context__, LoadError) else None
        if cause is not None:
            raise cause from e
        raise refused(e) from e
    finally:
        try:
            conn.close()
        except Exception:
            log.info("Closing a broken DataStore connection", exc_info=True)


def _postgresql_refused(error: Exception) -> LoadError:
    reason = getattr(error, "pgerror", None) or str(error)
    first = reason.strip().splitlines()[0] if reason.strip() else type(error).__name__
    return LoadError(tk._("PostgreSQL refused the rows: {reason}").format(reason=first))


def load_file(
    path: str,
    fmt: str,
    resource_id: str,
    schema: Optional[dict[str, Any]] = None,
    encoding: Optional[str] = None,
    standard: Optional[str] = None,
    statement_timeout_ms: int = 0,
    progress: Optional[Callable[[int], None]] = None,
    verbatim: bool = False,
) -> dict[str, Any]:
    """Load ``path`` into the DataStore table of ``resource_id``, replacing
    its rows only if every row loads. ``verbatim``: ``path`` is the very
    file that was validated (an upload), so PostgreSQL may read it itself
    (:mod:`~ckanext.tmopendata.datastore.copy_load`) when the schema allows;
    otherwise (and for a value PostgreSQL refuses there) it is read with
    frictionless. Returns ``{"rows", "fields", "seconds", "typed", "path"}``
    (``path``: ``copy`` or ``frictionless``); raises :class:`LoadError`
    (nothing changed)."""
    started = time.monotonic()
    found = copy_load.plan(path, fmt, schema, encoding) if verbatim else None
    if found is not None:
        names, fields = found["names"], found["fields"]
        _check_names(names)
        try:
            rows = _replace_table(
                resource_id, names, fields, lambda cur, staging: copy_load.copy_into(cur, staging, path, found),
                standard, statement_timeout_ms, lambda e: copy_load.Refused(str(e)))
        except copy_load.Refused as e:
            log.info("Resource %s: PostgreSQL refused the file as it is (%s); reading it with frictionless",
                     resource_id, str(e).strip().splitlines()[0] if str(e).strip() else e)
        else:
            if progress:
                progress(rows)
            return {
                "rows": rows,
                "fields": [{"id": n, "type": types.pg_type(f)} for n, f in zip(names, fields)],
                "seconds": round(time.monotonic() - started, 3),
                "typed": True,
                "path": "copy",
            }
    fields_by_name = {f["name"]: f for f in (schema or {}).get("fields") or []}
    try:
        resource = _frictionless_resource(path, fmt, encoding, schema)
        resource.open()
    except Exception as e:
        raise LoadError(tk._("The file could not be read: {reason}").format(reason=e)) from e
    try:
        names = [f.name for f in resource.schema.fields] if schema else list(resource.labels or [])
        if not schema:
            names = [(n or "").strip() for n in names]
        _check_names(names)
        fields = [fields_by_name.get(n) if schema else None for n in names]
        converters = [types.converter(f) for f in fields]

        def rows() -> Iterator[list[Any]]:
            for row in resource.row_stream:
                if not row.valid:
                    error = row.errors[0]
                    raise LoadError(tk._(
                        "Row {row} does not read as validated ({reason}); "
                        "the file changed since its validation or a type does not fit."
                    ).format(row=row.row_number, reason=error.message))
                yield row.to_list() if schema else [
                    None if v is None or v == "" else v for v in row.to_list()
                ]
                if progress and row.row_number % 10000 == 0:
                    progress(row.row_number)

        stream = _CopyStream(rows(), converters)
        column_list = ", ".join(_identifier(n) for n in names)

        def fill(cur: Any, staging: str) -> int:
            cur.copy_expert(f"COPY {_identifier(staging)} ({column_list}) FROM STDIN WITH (FORMAT csv)", stream)
            text = " || ' ' || ".join(f"coalesce({_identifier(n)}::text, '')" for n in names)
            cur.execute(f"UPDATE {_identifier(staging)} SET _full_text = to_tsvector({text})")
            return stream.count

        _replace_table(resource_id, names, fields, fill, standard, statement_timeout_ms, _postgresql_refused)
    finally:
        resource.close()
    return {
        "rows": stream.count,
        "fields": [{"id": n, "type": types.pg_type(f)} for n, f in zip(names, fields)],
        "seconds": round(time.monotonic() - started, 3),
        "typed": bool(schema),
        "path": "frictionless",
    }


def remove_table(resource_id: str) -> bool:
    """Drop the resource's DataStore table; whether there was one."""
    from ckanext.datastore.backend.postgres import get_write_engine

    engine = get_write_engine()
    conn = engine.raw_connection()
    try:
        cur = conn.cursor()
        cur.execute("SELECT 1 FROM pg_tables WHERE schemaname = 'public' AND tablename = %s", (resource_id,))
        existed = cur.fetchone() is not None
        cur.execute(f"DROP TABLE IF EXISTS {_identifier(resource_id)}")
        conn.commit()
        return existed
    except Exception:
        conn.rollback()
        raise
    finally:
        conn.close()
