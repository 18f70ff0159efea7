"""The public progress page, its charts and its CSV/JSON exports: what a
visitor sees (public datasets only) and what a member sees."""
from __future__ import annotations

import csv
import io
import json

import pytest
from bs4 import BeautifulSoup
from freezegun import freeze_time

from ckan.tests.helpers import call_action

from tests.progress.conftest import TODAY

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_census", "tmopendata_progress"), pytest.mark.usefixtures("with_plugins")]


def login_headers(user):
    from ckan.tests import factories

    token = factories.APIToken(user=user)
    return {"Authorization": token["token"]}


@freeze_time(TODAY)
def test_public_page_figures_charts_and_overdue(app, portal):
    call_action("tmopendata_progress_snapshot", {"user": "root"})
    response = app.get("/tmopendata/progress")
    assert response.status_code == 200
    soup = BeautifulSoup(response.body, "html.parser")
    assert soup.select_one("#ind-datasets_published").text.strip() == "4"
    assert soup.select_one("#ind-hvd_published").text.strip() == "3"
    assert soup.select_one("#ind-hvd_standardised").text.strip() == "1"
    assert soup.select_one("#ind-resources_valid").text.strip() == "1 / 2"
    assert soup.select_one("#ind-datasets_private") is None
    assert soup.select_one("#census-draft").text.strip() == "0"        # census plugin loaded
    # Charts: Chart.js canvases carrying their figures, the same as the tables.
    charts = {c["id"]: json.loads(c["data-chart"]) for c in soup.select("canvas.tmopendata-chart")}
    assert set(charts) == {"chart-targets", "chart-history", "chart-procedures", "chart-census"}
    targets = charts["chart-targets"]
    assert targets["horizontal"] and targets["type"] == "bar"
    assert [d["kind"] for d in targets["datasets"]] == ["value", "target"]
    assert targets["datasets"][0]["data"] == [4, 0, 1]       # published, new over the baseline, standardised
    assert targets["datasets"][1]["data"] == [51, 20, 10]    # targets of the action plan
    history = charts["chart-history"]
    assert history["labels"] == ["2026-03"] and history["datasets"][0]["data"] == [4]
    assert charts["chart-census"]["datasets"][0]["data"] == [0] * len(charts["chart-census"]["labels"])
    steps = charts["chart-procedures"]                       # no procedure started: all zero
    assert steps["horizontal"] and len(steps["labels"]) == len(steps["datasets"][0]["data"])
    assert sum(steps["datasets"][0]["data"]) == 0
    overdue = soup.select_one("table.tmopendata-overdue")
    assert [a.text for a in overdue.select("a")] == ["Parcări"]   # ciorna is private
    assert "Ciornă" not in response.body
    institutions = soup.select_one("table.tmopendata-institutions").text
    assert "Direcția Mobilitate" in institutions and "Direcția Economică" in institutions
    # Exports linked; no CDN: nothing loaded from another host.
    hrefs = [a["href"] for a in soup.select(".tmopendata-exports a")]
    assert hrefs == ["/tmopendata/progress.csv", "/tmopendata/progress.json"]
    scripts = [s["src"] for s in soup.select("script[src]")]
    assert not [src for src in scripts if src.startswith(("http:", "https:", "//"))]
    # Chart.js and the page's script come from the portal itself.
    charts_js = [src for src in scripts if "tmopendata_progress" in src]
    assert len(charts_js) == 1
    served = app.get(charts_js[0])
    assert served.status_code == 200
    body = served.get_data(as_text=True)
    assert "Chart.js v4.5.1" in body and "canvas.tmopendata-chart[data-chart]" in body


def test_member_sees_private_count_and_overdue(app, portal):
    # Real time (API tokens and frozen clocks do not mix); ciorna, weekly,
    # last changed on 10 January 2026, is overdue today too.
    response = app.get("/tmopendata/progress", headers=login_headers("editor_a"))
    soup = BeautifulSoup(response.body, "html.parser")
    assert soup.select_one("#ind-datasets_private").text.strip() == "1"
    assert "Ciornă" in soup.select_one("table.tmopendata-overdue").text

    # editor and admin of another institution: neither the count nor the name
    for other in ("editor_b", "admin_b"):
        for url in ("/tmopendata/progress", "/tmopendata/progress?organization=directia-mobilitate"):
            response = app.get(url, headers=login_headers(other))
            soup = BeautifulSoup(response.body, "html.parser")
            private = soup.select_one("#ind-datasets_private")   # shown only when there are some
            assert private is None or private.text.strip() == "0"
            assert "Ciornă" not in response.body
        csv = app.get("/tmopendata/progress.csv", headers=login_headers(other)).get_data(as_text=True)
        assert "ciorna" not in csv.lower() and "Ciornă" not in csv


@freeze_time(TODAY)
def test_page_filtered_by_institution_and_unknown_one(app, portal):
    response = app.get("/tmopendata/progress?organization=directia-economica")
    soup = BeautifulSoup(response.body, "html.parser")
    assert soup.select_one("#ind-datasets_published").text.strip() == "2"
    assert soup.select_one("table.tmopendata-overdue") is None
    assert app.get("/tmopendata/progress?organization=nope").status_code == 404


@freeze_time(TODAY)
def test_csv_export(app, portal):
    response = app.get("/tmopendata/progress.csv")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/csv")
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    overall = {r["indicator"]: r for r in rows if not r["institution"]}
    assert overall["datasets_published"]["value"] == "4"
    assert overall["datasets_published"]["target"] == "51"
    assert overall["hvd_standardised"]["target"] == "10"
    assert overall["resources_valid_share"]["value"] == "50.0"
    mob = {r["indicator"]: r["value"] for r in rows if r["institution"] == "directia-mobilitate"}
    assert mob["datasets_overdue"] == "1" and mob["datasets_published"] == "2"


@freeze_time(TODAY)
def test_json_export_matches_the_action(app, portal):
    response = app.get("/tmopendata/progress.json")
    assert response.status_code == 200
    data = json.loads(response.get_data(as_text=True))
    action = call_action("tmopendata_progress_show", {"user": ""})
    assert data["figures"] == action["figures"]
    assert data["institutions"] == action["institutions"]
    assert data["history"] == []
    # Outsiders never get private datasets, even in the export.
    assert data["figures"]["datasets_private"] == 0


@freeze_time(TODAY)
def test_page_in_romanian(app, portal):
    response = app.get("/ro/tmopendata/progress")
    assert response.status_code == 200
    soup = BeautifulSoup(response.body, "html.parser")
    assert soup.h1.text.strip() == "Progresul programului de date deschise"
    assert "Țintele planului de acțiune" in response.body
    assert "Lunar" in soup.select_one("table.tmopendata-overdue").text      # MONTHLY
