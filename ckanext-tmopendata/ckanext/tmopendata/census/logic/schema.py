"""Validation schemas of the ``tmopendata_census`` plugin's actions."""
from __future__ import annotations
