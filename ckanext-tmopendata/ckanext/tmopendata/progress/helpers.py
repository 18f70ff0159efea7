"""Template helpers of the progress page: the data of its charts (drawn by
Chart.js, served by the portal itself) and labels."""
from __future__ import annotations

import json
from typing import Any, Optional

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib import vocab

__all__ = ["tmopendata_progress_chart", "tmopendata_progress_census_chart", "tmopendata_frequency_label",
           "tmopendata_progress_series", "tmopendata_progress_step_rows"]


def tmopendata_progress_chart(kind: str, labels: list[Any], datasets: list[dict[str, Any]],
                              horizontal: bool = False) -> str:
    """A chart for the page's Chart.js script, as the JSON of the canvas's
    ``data-chart`` attribute: ``kind`` is a Chart.js type (``bar``,
    ``line``), ``datasets`` are ``{"label", "data", "kind"}`` with ``kind``
    ``value`` or ``target`` (drawn as the target)."""
    return json.dumps({
        "type": kind,
        "horizontal": bool(horizontal),
        "labels": [str(label) for label in labels],
        "datasets": [{"label": str(d["label"]), "data": list(d["data"]), "kind": d.get("kind", "value")}
                     for d in datasets],
    }, ensure_ascii=False)


def tmopendata_progress_census_chart(by_status: dict[str, int]) -> str:
    """Census entries by status, as a bar chart (status names in the
    user's language)."""
    label = getattr(tk.h, "tmopendata_census_label", None)
    labels = [label("status", state) if label else state for state in by_status]
    return tmopendata_progress_chart("bar", labels, [{"label": tk._("Entries"), "data": list(by_status.values())}])


def tmopendata_frequency_label(code: Optional[str]) -> str:
    """The frequency's name in the user's language."""
    ro = tk.h.lang() == "ro"
    for c, en, ro_label in vocab.FREQUENCIES:
        if c == code:
            return ro_label if ro else en
    return code or tk._("not set")


def tmopendata_progress_series(history: list[dict[str, Any]], key: str) -> list[Any]:
    """One figure of the monthly snapshots, oldest first (``None`` for a
    month that did not have it)."""
    return [(s.get("figures") or {}).get("figures", {}).get(key) for s in history]


def tmopendata_progress_step_rows(procedures: dict[str, Any]) -> list[tuple[str, int]]:
    """(step title in the user's language, procedures at that step) rows."""
    ro = tk.h.lang() == "ro"
    return [(s["title_ro"] if ro else s["title_en"], s["count"])
            for s in procedures.get("steps", [])]
