"""Actions of the ``tmopendata_census`` plugin."""
from __future__ import annotations
