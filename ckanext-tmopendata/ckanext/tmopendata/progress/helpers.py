"""Template helpers of the progress page: chart geometry for server-side
SVG charts (no JavaScript, no CDN) and labels."""
from __future__ import annotations

from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.hvd import vocab

__all__ = ["tmopendata_progress_bars", "tmopendata_progress_columns", "tmopendata_frequency_label",
           "tmopendata_progress_series", "tmopendata_progress_step_rows"]


def tmopendata_progress_bars(items: list[tuple[str, Optional[float], Optional[float]]],
                             width: int = 560, bar: int = 22, label_width: int = 220) -> dict[str, Any]:
    """Horizontal bars: ``items`` are (label, value, target); the scale is
    the largest value or target. Returns the SVG size and, per bar, its
    geometry (``x``, ``y``, ``w``, target mark ``tx``)."""
    top = max([v or 0 for _, v, _t in items] + [t or 0 for _, _v, t in items] + [1])
    span = width - label_width - 60
    rows = []
    for index, (label, value, target) in enumerate(items):
        y = index * (bar + 12) + 6
        rows.append({
            "label": label, "value": value, "target": target, "y": y, "ty": y + bar / 2 + 5,
            "x": label_width, "w": round(span * (value or 0) / top, 1),
            "tx": round(label_width + span * target / top, 1) if target else None,
            "vx": round(label_width + span * (value or 0) / top + 6, 1),
        })
    return {"width": width, "height": len(items) * (bar + 12) + 12, "bar": bar, "rows": rows}


def tmopendata_progress_columns(points: list[tuple[str, Optional[float]]],
                                width: int = 560, height: int = 200) -> dict[str, Any]:
    """Columns for a monthly series: ``points`` are (month, value)."""
    top = max([v or 0 for _, v in points] + [1])
    plot = height - 40
    step = (width - 40) / max(len(points), 1)
    cols = []
    for index, (label, value) in enumerate(points):
        h = round(plot * (value or 0) / top, 1)
        x = round(30 + index * step + step * 0.15, 1)
        cols.append({"label": label, "value": value, "x": x, "w": round(step * 0.7, 1),
                     "y": round(10 + plot - h, 1), "h": h, "cx": round(x + step * 0.35, 1)})
    return {"width": width, "height": height, "base": 10 + plot, "cols": cols}


def tmopendata_frequency_label(code: Optional[str]) -> str:
    """The frequency's name in the user's language."""
    ro = tk.h.lang() == "ro"
    for c, en, ro_label in vocab.FREQUENCIES:
        if c == code:
            return ro_label if ro else en
    return code or tk._("not set")


def tmopendata_progress_series(history: list[dict[str, Any]], key: str) -> list[tuple[str, Any]]:
    """(month, figure) pairs of the snapshots, for a column chart."""
    return [(s["month"], (s.get("figures") or {}).get("figures", {}).get(key)) for s in history]


def tmopendata_progress_step_rows(procedures: dict[str, Any]) -> list[tuple[str, int, None]]:
    """(step title in the user's language, procedures at that step) rows."""
    ro = tk.h.lang() == "ro"
    return [(s["title_ro"] if ro else s["title_en"], s["count"], None)
            for s in procedures.get("steps", [])]
