"""Validators shared by every plugin of the suite: bounded numbers, strict
booleans and text with a length limit (named in the error message).

Used directly in the actions' ``@validator_args`` schemas, and registered
under their ``tmopendata_*`` names (core plugin) for the scheming schemas,
e.g. ``validators: ignore_missing tmopendata_max_length(500)``."""
from __future__ import annotations

from typing import Any, Callable

import ckan.plugins.toolkit as tk

#: Length limits (characters) of the suite's text fields.
ID_LENGTH = 200          # ids and names of objects (CKAN names are at most 100)
CODE_LENGTH = 100        # codes of closed lists (states, sorts, formats...)
TITLE_LENGTH = 500       # titles and other one-line texts
URL_LENGTH = 2000        # web addresses
TEXT_LENGTH = 10000      # descriptions, comments, reasons, evidence

#: Largest page size / offset / top an action accepts (PostgreSQL bigint
#: is 2^63 - 1; nobody pages that far).
MAX_OFFSET = 10 ** 9


def reference(value: Any) -> str:
    """``value`` when it can be the id or name of an object (text of at
    most ``ID_LENGTH`` characters), else ``""`` (which finds nothing).
    For the lookups made before validation (auth functions, model
    ``get``): a number, list or 1 MB text is "not found", never a database
    error."""
    if isinstance(value, str) and 0 < len(value) <= ID_LENGTH:
        return value
    return ""


def _too_long(maximum: int, length: int) -> tk.Invalid:
    return tk.Invalid(tk._("Must be at most {max} characters long (this one has {length})").format(
        max=maximum, length=length))


def tmopendata_max_length(maximum: int) -> Callable[[Any], Any]:
    """Text of at most ``maximum`` characters (``None``/missing pass);
    anything that is not text is refused."""
    maximum = int(maximum)

    def validator(value: Any) -> Any:
        if value is None or value is tk.missing:
            return value
        if not isinstance(value, str):
            raise tk.Invalid(tk._("Must be text"))
        if len(value) > maximum:
            raise _too_long(maximum, len(value))
        return value

    return validator


def tmopendata_text(maximum: int = ID_LENGTH) -> Callable[[Any], Any]:
    """Like CKAN's ``unicode_safe`` for parameters that must be text (ids,
    names, codes), with a length limit: numbers are taken as their text,
    lists and objects are refused."""
    check = tmopendata_max_length(maximum)

    def validator(value: Any) -> Any:
        if isinstance(value, bool) or isinstance(value, (list, tuple, dict, set)):
            raise tk.Invalid(tk._("Must be text"))
        if isinstance(value, (int, float)):
            value = str(value)
        if isinstance(value, bytes):
            try:
                value = value.decode("utf-8")
            except UnicodeDecodeError:
                raise tk.Invalid(tk._("Must be text"))
        return check(value)

    return validator


def tmopendata_natural(maximum: int = MAX_OFFSET) -> Callable[[Any], Any]:
    """A whole number from 0 to ``maximum`` (given as a number or as text)."""
    maximum = int(maximum)

    def validator(value: Any) -> Any:
        message = tk._("Must be a whole number from 0 to {max}").format(max=maximum)
        if isinstance(value, bool) or isinstance(value, (list, tuple, dict, set)) or value is None:
            raise tk.Invalid(message)
        if isinstance(value, float):
            if not value.is_integer():
                raise tk.Invalid(message)
            value = int(value)
        if isinstance(value, str):
            text = value.strip()
            if not text.isdigit() or len(text) > 20:
                raise tk.Invalid(message)
            value = int(text)
        if not isinstance(value, int) or value < 0 or value > maximum:
            raise tk.Invalid(message)
        return value

    return validator


_TRUE = ("true", "yes", "on", "1", "da")
_FALSE = ("false", "no", "off", "0", "nu")


def tmopendata_strict_bool(value: Any) -> Any:
    """``True``/``False`` from a boolean or from true/false, yes/no, on/off,
    1/0 (da/nu); anything else is an error (``overdue=maybe`` is not
    silently "no")."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        text = value.strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
    raise tk.Invalid(tk._("Must be true or false"))


def validators() -> dict[str, Any]:
    """The validators registered for the scheming schemas."""
    return {
        "tmopendata_max_length": tmopendata_max_length,
        "tmopendata_strict_bool": tmopendata_strict_bool,
    }
