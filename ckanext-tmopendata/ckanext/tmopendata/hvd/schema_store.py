"""The shared schema store: the city's data standards (Frictionless Table
Schemas shipped in ``schemas/tables/<name>/<version>/schema.json``), and the
resolution of a resource's ``schema`` field, which may name a standard
(``tm-parcari@1.0``, or ``tm-parcari`` for its latest version), give a URL
to a Table Schema, or hold the Table Schema itself as JSON."""
from __future__ import annotations

import json
import re
from typing import Any, Optional

import ckan.plugins.toolkit as tk
from frictionless import FrictionlessException, Schema

from ckanext.tmopendata.lib import fetch
from ckanext.tmopendata.resources import schemas_dir

# frictionless must never download by itself (a Table Schema whose "fields"
# holds URLs would be fetched by it): the suite's fetcher does, or nothing.
fetch.guard_frictionless()

MAX_SCHEMA_BYTES = 1024 * 1024
_REF_RE = re.compile(r"^(?P<name>[a-z0-9][a-z0-9_-]*)(?:@(?P<version>[0-9][0-9.]*))?$")


class SchemaError(ValueError):
    """The resource's schema cannot be used; the message says why."""


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(p) for p in version.split(".") if p.isdigit())


def tables_dir():
    return schemas_dir() / "tables"


def _load_descriptor(path) -> dict[str, Any]:
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def standards() -> list[dict[str, Any]]:
    """Every standard and version in the store, sorted by name then version."""
    found = []
    root = tables_dir()
    if not root.is_dir():
        return []
    for schema_file in sorted(root.glob("*/*/schema.json")):
        version_dir = schema_file.parent
        name, version = version_dir.parent.name, version_dir.name
        descriptor = _load_descriptor(schema_file)
        found.append(
            {
                "name": name,
                "version": version,
                "ref": f"{name}@{version}",
                "title": descriptor.get("title") or name,
                "title_en": descriptor.get("title_en") or descriptor.get("title") or name,
                "description": descriptor.get("description", ""),
                "description_en": descriptor.get("description_en", ""),
                "fields": len(descriptor.get("fields", [])),
                "primary_key": descriptor.get("primaryKey"),
                "samples": sorted(p.name for p in (version_dir / "samples").glob("*.csv")),
            }
        )
    found.sort(key=lambda s: (s["name"], _version_key(s["version"])))
    return found


def versions(name: str) -> list[str]:
    return [s["version"] for s in standards() if s["name"] == name]


def standard_path(name: str, version: Optional[str] = None):
    """Path of ``name``'s schema.json (latest version by default)."""
    known = versions(name)
    if not known:
        raise SchemaError(f'Unknown schema "{name}". Known standards: {", ".join(sorted({s["name"] for s in standards()}))}.')
    if version is None:
        version = known[-1]
    elif version not in known:
        raise SchemaError(f'Schema "{name}" has no version {version} (versions: {", ".join(known)}).')
    return tables_dir() / name / version / "schema.json"


def standard(name: str, version: Optional[str] = None) -> dict[str, Any]:
    """The Table Schema descriptor of a standard."""
    return _load_descriptor(standard_path(name, version))


def check_descriptor(descriptor: Any, source: Optional[str] = None) -> dict[str, Any]:
    """Raise :class:`SchemaError` unless ``descriptor`` is a usable Table Schema.

    Every field must be a JSON object with a ``name`` (frictionless would
    otherwise read a field given as a string as the path or URL of a field
    descriptor). ``source``: the URL the descriptor was downloaded from;
    its errors then never quote the document (it may be any server's answer).
    """
    if not isinstance(descriptor, dict):
        if source:
            raise SchemaError(tk._("The document at {url} is not a Table Schema.").format(url=source))
        raise SchemaError("The schema must be a JSON object (a Frictionless Table Schema).")
    fields = descriptor.get("fields")
    if not fields:
        if source:
            raise SchemaError(tk._("The document at {url} is not a Table Schema.").format(url=source))
        raise SchemaError('The schema has no "fields": it is not a Table Schema.')
    if not isinstance(fields, list) or not all(
        isinstance(f, dict) and isinstance(f.get("name"), str) for f in fields
    ):
        if source:
            raise SchemaError(tk._("The document at {url} is not a Table Schema.").format(url=source))
        raise SchemaError(tk._('Each of the schema\'s "fields" must be an object with a "name".'))
    try:
        Schema.from_descriptor(descriptor)
    except FrictionlessException as e:
        if source:
            raise SchemaError(
                tk._("The document at {url} is not a valid Table Schema.").format(url=source)
            ) from e
        raise SchemaError(f"The schema is not a valid Table Schema: {e.error.message}") from e
    return descriptor


def resolve(value: Any, background: bool = False) -> tuple[Optional[dict[str, Any]], Optional[str]]:
    """Turn a resource's ``schema`` field into ``(descriptor, ref)``.

    ``ref`` names where it came from: ``name@version`` for standards, the URL,
    or ``inline``. An empty value gives ``(None, None)`` (structural checks).
    A URL is downloaded through the suite's fetcher (public addresses only,
    at most :data:`MAX_SCHEMA_BYTES`, within the deadline of a request or,
    ``background``, of the worker).
    """
    if value in (None, "", {}):
        return None, None
    if isinstance(value, dict):
        return check_descriptor(value), "inline"
    text = str(value).strip()
    if text.startswith(("{", "[")):
        try:
            descriptor = json.loads(text)
        except json.JSONDecodeError as e:
            raise SchemaError(
                f"The schema is not valid JSON (line {e.lineno}, column {e.colno}: {e.msg})."
            ) from e
        return check_descriptor(descriptor), "inline"
    if re.match(r"^[a-z][a-z0-9+.-]*://", text, re.IGNORECASE):
        policy = fetch.Policy.from_config(max_bytes=MAX_SCHEMA_BYTES, background=background)
        try:
            body, _fetched = fetch.fetch_bytes(text, policy, expect="json")
        except fetch.FetchError as e:
            raise SchemaError(tk._("The schema could not be downloaded from {url}: {reason}").format(
                url=text, reason=e)) from e
        try:
            descriptor = json.loads(body)
        except ValueError as e:
            raise SchemaError(tk._("The document at {url} is not valid JSON.").format(url=text)) from e
        return check_descriptor(descriptor, source=text), text
    match = _REF_RE.match(text)
    if not match:
        raise SchemaError(
            f'"{text}" is neither a standard name (e.g. tm-parcari@1.0), a URL, nor JSON.'
        )
    name, version = match.group("name"), match.group("version")
    path = standard_path(name, version)
    return _load_descriptor(path), f"{name}@{path.parent.name}"
