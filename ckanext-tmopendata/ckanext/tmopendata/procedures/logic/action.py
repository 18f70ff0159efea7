"""Actions of the ``tmopendata_procedures`` plugin."""
from __future__ import annotations
