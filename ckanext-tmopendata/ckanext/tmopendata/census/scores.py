"""Scores of a census entry (pure functions, no CKAN needed).

Every score is a number from 0 to 100, computed from the entry's fields
only, and comes with an explanation listing each term with its points, so
stewards and auditors can check it by hand.

Openness score (0-100), GODI 2016 weights
    The six scored questions of the Global Open Data Index 2016, each worth
    its weight when answered "yes" (a missing answer counts as "no"):

    ====================================================  ======  ===================
    Question                                              Points  Entry field
    ====================================================  ======  ===================
    Online, without registration                          15      ``q_online``
    Free of charge                                        15      ``q_free``
    Downloadable at once (bulk)                           15      ``q_bulk``
    Up to date                                            15      ``q_up_to_date``
    Openly licensed                                       20      ``q_open_licence``
    In an open and machine-readable format                20      ``q_machine_readable``
    ====================================================  ======  ===================

    ``openness = 15·online + 15·free + 15·bulk + 15·up_to_date
    + 20·open_licence + 20·machine_readable``. The other questions
    (``q_exists``, ``q_digital``, ``q_public``) are recorded but not scored,
    as in GODI 2016.

Value score (0-100): how much the data is worth publishing
    ``value = hvd + theme + demand`` where

    - ``hvd`` = 40 when a High-Value Dataset category (EU Regulation
      2023/138) is suggested (``hvd_category``), else 0;
    - ``theme`` = 30 for one of the city's local priority themes
      (``priority_theme``), 10 for ``other``, 0 when empty;
    - ``demand`` from the number of information requests per year (Law
      544/2001, ``information_requests``): 0 requests → 0, 1-9 → 10,
      10-49 → 20, 50 or more → 30.

Feasibility score (0-100): how easily it can be published
    ``feasibility = digital + personal + restriction + effort`` where

    - ``digital`` = 40 when the data is digital (``q_digital`` yes; when not
      answered, when ``storage`` is anything but ``paper``), else 0;
    - ``personal`` = 20 when it holds no personal data
      (``personal_data`` no or not answered), else 0 (it must be anonymised
      first);
    - ``restriction`` = 20 when there is no access restriction
      (``access_restriction`` = ``none`` or empty), else 0;
    - ``effort`` = 20 for low effort, 10 for medium or not assessed, 0 for
      high.

Priority (0-100)
    ``priority = value × feasibility / 100`` (the product of the two scores
    taken as fractions of 100, expressed again out of 100), rounded to one
    decimal. An asset of maximal value that is easy to publish scores 100;
    one that is worthless or impossible to publish scores 0. Entries are
    ranked by priority, per campaign and per institution.
"""
from __future__ import annotations

from typing import Any

#: GODI 2016 weights of the openness questions (field -> points).
OPENNESS_WEIGHTS: dict[str, int] = {
    "q_online": 15,
    "q_free": 15,
    "q_bulk": 15,
    "q_up_to_date": 15,
    "q_open_licence": 20,
    "q_machine_readable": 20,
}

#: Labels used in the explanations (English; the UI translates whole lines).
OPENNESS_LABELS: dict[str, str] = {
    "q_online": "online without registration",
    "q_free": "free",
    "q_bulk": "downloadable at once",
    "q_up_to_date": "up to date",
    "q_open_licence": "open licence",
    "q_machine_readable": "open machine-readable format",
}

VALUE_HVD = 40
VALUE_THEME, VALUE_THEME_OTHER = 30, 10
#: (minimum requests per year, points), highest first.
VALUE_DEMAND_STEPS = ((50, 30), (10, 20), (1, 10), (0, 0))

FEASIBILITY_DIGITAL = 40
FEASIBILITY_NO_PERSONAL_DATA = 20
FEASIBILITY_NOT_RESTRICTED = 20
FEASIBILITY_EFFORT = {"low": 20, "medium": 10, None: 10, "high": 0}


def _yes(value: Any) -> bool:
    return value is True


def openness(entry: dict[str, Any]) -> tuple[int, str]:
    """Openness score and its explanation, e.g.
    ``"15 (online without registration) + 15 (free) + 0 (downloadable at
    once) + ... = 50 / 100"``."""
    total = 0
    parts = []
    for field, weight in OPENNESS_WEIGHTS.items():
        points = weight if _yes(entry.get(field)) else 0
        total += points
        parts.append(f"{points} ({OPENNESS_LABELS[field]})")
    return total, " + ".join(parts) + f" = {total} / 100"


def demand_points(requests: Any) -> int:
    """Points for the number of information requests per year."""
    try:
        count = int(requests or 0)
    except (TypeError, ValueError):
        count = 0
    for minimum, points in VALUE_DEMAND_STEPS:
        if count >= minimum:
            return points
    return 0


def value(entry: dict[str, Any]) -> tuple[int, str]:
    """Value score and its explanation."""
    hvd = VALUE_HVD if entry.get("hvd_category") else 0
    theme_key = entry.get("priority_theme")
    theme = VALUE_THEME_OTHER if theme_key == "other" else VALUE_THEME if theme_key else 0
    requests = entry.get("information_requests") or 0
    demand = demand_points(requests)
    total = hvd + theme + demand
    text = (
        f"{hvd} (HVD category) + {theme} (priority theme) + "
        f"{demand} (demand: {requests} information requests/year) = {total} / 100"
    )
    return total, text


def _digital(entry: dict[str, Any]) -> bool:
    answer = entry.get("q_digital")
    if answer is None:
        return entry.get("storage") not in (None, "", "paper")
    return answer is True


def feasibility(entry: dict[str, Any]) -> tuple[int, str]:
    """Feasibility score and its explanation."""
    digital = FEASIBILITY_DIGITAL if _digital(entry) else 0
    personal = 0 if entry.get("personal_data") is True else FEASIBILITY_NO_PERSONAL_DATA
    restricted = entry.get("access_restriction") not in (None, "", "none")
    restriction = 0 if restricted else FEASIBILITY_NOT_RESTRICTED
    effort_key = entry.get("effort") or None
    effort = FEASIBILITY_EFFORT.get(effort_key, FEASIBILITY_EFFORT[None])
    total = digital + personal + restriction + effort
    text = (
        f"{digital} (digital) + {personal} (no personal data) + "
        f"{restriction} (no access restriction) + {effort} (effort: {effort_key or 'not assessed'})"
        f" = {total} / 100"
    )
    return total, text


def priority(value_score: float, feasibility_score: float) -> float:
    """``value × feasibility / 100``, rounded to one decimal."""
    return round(value_score * feasibility_score / 100.0, 1)


def compute(entry: dict[str, Any]) -> dict[str, Any]:
    """All scores of an entry: ``openness_score``, ``value_score``,
    ``feasibility_score``, ``priority`` and ``score_explanation`` (a dict
    with one explanation line per score)."""
    o, o_text = openness(entry)
    v, v_text = value(entry)
    f, f_text = feasibility(entry)
    prio = priority(v, f)
    return {
        "openness_score": o,
        "value_score": v,
        "feasibility_score": f,
        "priority": prio,
        "score_explanation": {
            "openness_score": o_text,
            "value_score": v_text,
            "feasibility_score": f_text,
            "priority": f"{v} (value) × {f} (feasibility) / 100 = {prio}",
        },
    }
