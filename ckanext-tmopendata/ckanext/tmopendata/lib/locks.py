"""Serialising concurrent writers in the database (PostgreSQL).

The portal serves requests in parallel (``ckan run --threaded``, several
workers in production): two requests reading a row, deciding, and writing
back would both win. Writers therefore take a lock in the database, in the
action's own transaction, and decide only on what they read after it:

- :func:`lock_rows`: ``SELECT ... FOR UPDATE`` of the rows a query selects,
  read again from the database (the session may hold an older copy, e.g.
  the one the auth function read).
- :func:`advisory_lock`: a transaction-level advisory lock on a key, for
  what does not exist yet (rows about to be created: an import's entries,
  a month's snapshot) or spans many rows.

Both are released when the action's transaction ends (commit or rollback).
An action that calls core actions committing on their own (e.g.
``package_create``) holds :func:`advisory_mutex` instead, on a connection
of its own, until it has finished.
"""
from __future__ import annotations

import contextlib
import hashlib
from typing import Any, Callable, Iterator, TypeVar

import sqlalchemy as sa
from sqlalchemy import exc as sa_exc

import ckan.model as model

T = TypeVar("T")


def _key(parts: tuple[str, ...]) -> int:
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).digest()
    return int.from_bytes(digest[:8], "big", signed=True)


def advisory_lock(*parts: str) -> None:
    """Wait for, then hold until the end of the transaction, the advisory
    lock named by ``parts`` (e.g. ``("tmopendata_census_import",
    campaign_id)``). Every process computes the same 64-bit key."""
    model.Session.execute(sa.text("SELECT pg_advisory_xact_lock(:key)"), {"key": _key(parts)})


@contextlib.contextmanager
def advisory_mutex(*parts: str) -> Iterator[None]:
    """Hold the advisory lock named by ``parts`` for the ``with`` block,
    across the commits made inside it (a session-level lock, taken on a
    connection of its own and always released at the end of the block; it
    also ends if the process dies, with its connection)."""
    key = _key(parts)
    with model.Session.get_bind().connect() as connection:
        connection.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": key})
        try:
            yield
        finally:
            connection.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": key})


def mutex_held(*parts: str) -> bool:
    """Whether some connection holds the :func:`advisory_mutex` named by
    ``parts`` now (read from ``pg_locks``: takes no lock, changes nothing).
    A process killed while holding it holds it no more: PostgreSQL ends its
    session when the connection closes, so this tells whether the work the
    mutex guards is still going on."""
    key = _key(parts) & 0xFFFFFFFFFFFFFFFF
    # a bigint advisory key shows in pg_locks as classid (high 32 bits),
    # objid (low 32 bits), objsubid 1
    return bool(model.Session.execute(sa.text(
        "SELECT EXISTS (SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND granted"
        " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
        " AND classid::bigint = :high AND objid::bigint = :low AND objsubid = 1)"
    ), {"high": key >> 32, "low": key & 0xFFFFFFFF}).scalar())


def lock_rows(query: Any) -> Any:
    """The query, locking its rows (``FOR UPDATE``) and loading them again
    from the database even when the session already holds them."""
    return query.with_for_update().populate_existing()


def unique_or_error(work: Callable[[], T], on_conflict: Callable[[], Exception]) -> T:
    """Run ``work`` (which adds objects and flushes) in a savepoint; when
    the database refuses it for a unique key taken meanwhile by a parallel
    request, roll back to the savepoint and raise ``on_conflict()`` (a
    ``ValidationError``) instead of letting the ``IntegrityError`` answer
    500."""
    savepoint = model.Session.begin_nested()
    try:
        result = work()
        model.Session.flush()
    except sa_exc.IntegrityError:
        savepoint.rollback()
        raise on_conflict()
    except Exception:
        savepoint.rollback()
        raise
    savepoint.commit()
    return result
