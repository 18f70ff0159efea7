"""Column types and data dictionary of a DataStore table, from the Table
Schema its file was validated against.

=================  ==================  ======================================
Table Schema type  PostgreSQL type     value loaded
=================  ==================  ======================================
string (any fmt)   ``text``            as written
integer            ``bigint``          whole number
number             ``numeric``         exact decimal (``decimalChar`` and
                                       ``groupChar`` of the schema applied)
boolean            ``boolean``         ``trueValues`` / ``falseValues``
date               ``date``            ISO date (the field's ``format``)
datetime           ``timestamp``       UTC when the file gives an offset
time               ``time``            ISO time
year               ``integer``         the year, e.g. 2024
yearmonth          ``text``            ``YYYY-MM``
geopoint           ``text``            ``latitude,longitude``
duration           ``text``            ISO 8601 duration (``P1D``, ``PT2H``)
object, array      ``json``            JSON
geojson            ``json``            JSON
any                ``text``            as read
=================  ==================  ======================================

Without a schema every column is ``text`` (ckanext-xloader's own COPY
behaviour).
"""
from __future__ import annotations

import datetime
import decimal
import json
from typing import Any, Callable, Optional

PG_TYPES = {
    "string": "text",
    "integer": "bigint",
    "number": "numeric",
    "boolean": "boolean",
    "date": "date",
    "datetime": "timestamp",
    "time": "time",
    "year": "integer",
    "yearmonth": "text",
    "geopoint": "text",
    "duration": "text",
    "object": "json",
    "array": "json",
    "geojson": "json",
    "any": "text",
}


def pg_type(field: Optional[dict[str, Any]]) -> str:
    """The PostgreSQL type of a Table Schema field (``None``: no schema)."""
    if not field:
        return "text"
    return PG_TYPES.get(field.get("type") or "string", "text")


def _split(text: str) -> tuple[str, str]:
    """The standards write descriptions as "Romanian / English"."""
    if " / " in text:
        ro, en = text.split(" / ", 1)
        return ro.strip(), en.strip()
    return text.strip(), ""


def field_info(field: dict[str, Any], standard: Optional[str]) -> dict[str, Any]:
    """The DataStore data dictionary entry (``info``) of a field: CKAN's
    ``label``/``notes`` (Romanian, the portal's language) and both languages
    apart (``label_ro``, ``label_en``, ``notes_ro``, ``notes_en``), the
    standard and the unit when the schema gives them."""
    title_ro = (field.get("title") or "").strip()
    title_en = (field.get("title_en") or "").strip()
    notes_ro, notes_en = _split(field.get("description") or "")
    notes_en = (field.get("description_en") or notes_en).strip()
    info: dict[str, Any] = {
        "label": title_ro or field.get("name"),
        "notes": notes_ro,
        "label_ro": title_ro,
        "label_en": title_en,
        "notes_ro": notes_ro,
        "notes_en": notes_en,
        "type_tableschema": field.get("type") or "string",
    }
    if field.get("format") and field.get("format") != "default":
        info["format_tableschema"] = field["format"]
    if field.get("x_unit"):
        info["unit"] = field["x_unit"]
    if standard:
        info["standard"] = standard
    return info


# --- values as COPY (CSV) text --------------------------------------------------

def _text(value: Any) -> str:
    return value if isinstance(value, str) else str(value)


def _boolean(value: Any) -> str:
    return "t" if value else "f"


def _datetime(value: Any) -> str:
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            value = value.astimezone(datetime.timezone.utc).replace(tzinfo=None)
        return value.isoformat(sep=" ")
    return _text(value)


def _iso(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else _text(value)


def _number(value: Any) -> str:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, decimal.Decimal):
        return format(value, "f")
    return _text(value)


def _geopoint(value: Any) -> str:
    lat, lon = getattr(value, "lat", None), getattr(value, "lon", None)
    if lat is None or lon is None:
        return _text(value)
    return f"{lat},{lon}"


def _yearmonth(value: Any) -> str:
    year, month = getattr(value, "year", None), getattr(value, "month", None)
    if year is None or month is None:
        return _text(value)
    return f"{int(year):04d}-{int(month):02d}"


def _duration(value: Any) -> str:
    """ISO 8601, as the file writes durations (frictionless reads them as
    ``timedelta`` / ``isodate.Duration``)."""
    if isinstance(value, str):
        return value
    try:
        import isodate

        return isodate.duration_isoformat(value)
    except Exception:
        return _text(value)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)


CONVERTERS: dict[str, Callable[[Any], str]] = {
    "text": _text,
    "bigint": _number,
    "integer": _number,
    "numeric": _number,
    "boolean": _boolean,
    "date": _iso,
    "timestamp": _datetime,
    "time": _iso,
    "json": _json,
}


def converter(field: Optional[dict[str, Any]]) -> Callable[[Any], str]:
    """Function turning a value read by frictionless into COPY text."""
    if field:
        if field.get("type") == "geopoint":
            return _geopoint
        if field.get("type") == "yearmonth":
            return _yearmonth
        if field.get("type") == "duration":
            return _duration
    return CONVERTERS[pg_type(field)]


def json_comment(info: dict[str, Any]) -> str:
    """The column comment CKAN's DataStore reads the data dictionary from
    (``' '`` + JSON with ``_info``, as ``datastore_create`` writes it)."""
    return " " + json.dumps({"_info": info}, ensure_ascii=False, separators=(",", ":"))
