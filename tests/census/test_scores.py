"""Scores for known answers (pure functions, no database)."""
from __future__ import annotations

import pytest

from ckanext.tmopendata.census import scores

ALL_YES = dict.fromkeys(scores.OPENNESS_WEIGHTS, True)


def test_godi_2016_weights_add_up_to_100():
    assert scores.OPENNESS_WEIGHTS == {
        "q_online": 15, "q_free": 15, "q_bulk": 15, "q_up_to_date": 15,
        "q_open_licence": 20, "q_machine_readable": 20,
    }
    assert scores.openness(ALL_YES)[0] == 100
    assert scores.openness({})[0] == 0


@pytest.mark.parametrize("answers,expected", [
    ({"q_online": True, "q_free": True}, 30),
    ({"q_open_licence": True, "q_machine_readable": True}, 40),
    ({"q_bulk": True, "q_up_to_date": True, "q_open_licence": True}, 50),
    ({**ALL_YES, "q_free": False}, 85),
    # unscored questions change nothing; "no" and missing count as no
    ({"q_exists": True, "q_digital": True, "q_public": True, "q_online": None}, 0),
])
def test_openness_known_answers(answers, expected):
    assert scores.openness(answers)[0] == expected


def test_openness_explanation_shows_every_term():
    total, text = scores.openness({"q_online": True, "q_open_licence": True})
    assert total == 35
    assert text == (
        "15 (online without registration) + 0 (free) + 0 (downloadable at once) + "
        "0 (up to date) + 20 (open licence) + 0 (open machine-readable format) = 35 / 100"
    )


@pytest.mark.parametrize("requests,points", [(None, 0), (0, 0), (1, 10), (9, 10), (10, 20), (49, 20), (50, 30), (900, 30)])
def test_demand_steps(requests, points):
    assert scores.demand_points(requests) == points


@pytest.mark.parametrize("entry,expected", [
    ({}, 0),
    ({"hvd_category": "http://data.europa.eu/bna/c_b79e35eb"}, 40),
    ({"priority_theme": "transport"}, 30),
    ({"priority_theme": "other"}, 10),
    ({"hvd_category": "http://data.europa.eu/bna/c_b79e35eb", "priority_theme": "budget",
      "information_requests": 120}, 100),
    ({"priority_theme": "budget", "information_requests": 12}, 50),
])
def test_value_known_answers(entry, expected):
    assert scores.value(entry)[0] == expected


def test_value_explanation():
    assert scores.value({"priority_theme": "budget", "information_requests": 12})[1] == (
        "0 (HVD category) + 30 (priority theme) + 20 (demand: 12 information requests/year) = 50 / 100"
    )


@pytest.mark.parametrize("entry,expected", [
    # nothing known: storage unknown (not digital), no personal data, no restriction, effort not assessed
    ({}, 50),
    ({"q_digital": True, "effort": "low"}, 100),
    ({"storage": "database"}, 90),
    ({"storage": "paper"}, 50),
    ({"storage": "database", "q_digital": False}, 50),   # the answer wins over the storage
    ({"q_digital": True, "personal_data": True, "effort": "high"}, 60),
    ({"q_digital": True, "access_restriction": "classified", "effort": "medium"}, 70),
    ({"q_digital": True, "access_restriction": "none", "effort": "medium"}, 90),
])
def test_feasibility_known_answers(entry, expected):
    assert scores.feasibility(entry)[0] == expected


@pytest.mark.parametrize("value,feasibility,expected", [(100, 100, 100.0), (0, 100, 0.0), (50, 90, 45.0), (70, 35, 24.5), (33, 33, 10.9)])
def test_priority_is_value_times_feasibility(value, feasibility, expected):
    assert scores.priority(value, feasibility) == expected


def test_compute_gives_every_score_with_its_explanation():
    entry = {
        "q_online": True, "q_free": True, "q_machine_readable": True,
        "hvd_category": "http://data.europa.eu/bna/c_b79e35eb", "priority_theme": "transport",
        "information_requests": 3, "storage": "database", "personal_data": False, "effort": "medium",
    }
    result = scores.compute(entry)
    assert result["openness_score"] == 50
    assert result["value_score"] == 80
    assert result["feasibility_score"] == 90
    assert result["priority"] == 72.0
    assert result["score_explanation"]["priority"] == "80 (value) × 90 (feasibility) / 100 = 72.0"
    assert set(result["score_explanation"]) == {"openness_score", "value_score", "feasibility_score", "priority"}
