"""Validation schemas of the ``tmopendata_progress`` plugin's actions."""
from __future__ import annotations
