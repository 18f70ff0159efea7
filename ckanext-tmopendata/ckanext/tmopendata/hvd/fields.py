"""Frictionless field types hardened against cell values that crash a run
(registered as a frictionless plugin by :mod:`ckanext.tmopendata.hvd.validation`).

- ``sNaN`` (a signaling NaN, which Python's ``Decimal`` accepts but Table
  Schema does not: its special numbers are ``NaN``, ``INF`` and ``-INF``) is a
  type error instead of crashing ``unique`` (it cannot be hashed) and
  ``minimum`` (it cannot be compared);
- a value that cannot be compared with a bound (``NaN`` against a
  ``minimum``, a datetime with a time zone against a ``minimum`` without one)
  is a constraint error of that bound instead of a crash.
"""
from __future__ import annotations

import decimal
from typing import Any, Optional

from frictionless import Plugin, fields, system
from frictionless.schema.field import Field

_BOUNDS = ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")


class _SafeBounds:
    def create_cell_reader(self):  # type: ignore[override]
        cell_reader = super().create_cell_reader()  # type: ignore[misc]
        bounds = {name: value for name, value in (self.constraints or {}).items()  # type: ignore[attr-defined]
                  if name in _BOUNDS}

        def safe_cell_reader(cell: Any):
            try:
                return cell_reader(cell)
            except (TypeError, ValueError, ArithmeticError):
                # the value read, compared with a bound, raised: report the bounds
                return cell, {name: f'constraint "{name}" is "{value}"' for name, value in bounds.items()}

        return safe_cell_reader


class NumberField(_SafeBounds, fields.NumberField):
    def create_value_reader(self):
        value_reader = super().create_value_reader()

        def read(cell: Any):
            value = value_reader(cell)
            if isinstance(value, decimal.Decimal) and value.is_snan():
                return None
            return value

        return read


class IntegerField(_SafeBounds, fields.IntegerField):
    pass


class DateField(_SafeBounds, fields.DateField):
    pass


class DatetimeField(_SafeBounds, fields.DatetimeField):
    pass


class TimeField(_SafeBounds, fields.TimeField):
    pass


class YearField(_SafeBounds, fields.YearField):
    pass


_CLASSES = {cls.type: cls for cls in (NumberField, IntegerField, DateField, DatetimeField, TimeField, YearField)}


class TmFieldsPlugin(Plugin):
    """Selects the hardened field classes for their types."""

    def select_field_class(self, type: Optional[str] = None):
        return _CLASSES.get(type or "")


def register() -> None:
    system.register("tmopendata-fields", TmFieldsPlugin())


__all__ = ["register", "Field"]
