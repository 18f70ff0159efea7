"""Validation schemas of the ``tmopendata_procedures`` plugin's actions."""
from __future__ import annotations
