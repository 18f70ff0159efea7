"""Authorization of the ``tmopendata_progress`` plugin."""
from __future__ import annotations
