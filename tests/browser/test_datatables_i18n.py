"""The table preview of a DataStore-loaded resource (CKAN's
``datatables_view``, in its iframe) and the view's tab and filters speak the
page's language: Romanian on ``/ro/`` pages (the suite's catalog carries the
Romanian CKAN's own catalog lacks, ``lib/core_strings.py``; DataTables' own
texts come from its ``ro.json``), English otherwise. Debian's Chromium on a
real ``ckan run`` server and a resource loaded by the real loader."""
from __future__ import annotations

import pytest

from ckan.tests.helpers import call_action

from tests.progress.conftest import portal  # noqa: F401  (fixture)

#: The view's tooltips and labels: (English, Romanian).
TITLES = [
    ("Copy to clipboard", "Copiază în clipboard"),
    ("Toggle column visibility", "Arată sau ascunde coloane"),
    ("Filtered download", "Descarcă rândurile filtrate"),
    ("Print", "Tipărește"),
    ("Share current view", "Partajează vizualizarea curentă"),
    ("Refit", "Reajustează coloanele"),
    ("Table/List toggle", "Comută între tabel și listă"),
]


def open_table(page, prefix: str):
    resource = call_action("package_show", id="parcari")["resources"][0]
    assert call_action("datastore_search", resource_id=resource["id"])["total"] == 2
    page.goto(f"{prefix}/dataset/parcari/resource/{resource['id']}")
    frame = page.wait_for_selector(".resource-view iframe").content_frame()
    # DataTables fills the info line once the rows (and its language file) are in
    frame.wait_for_selector("#dtprv_info:not(:empty)")
    frame.wait_for_selector("#sortinfo, .sortinfo, #sortinfoicon", state="attached")
    titles = frame.evaluate("() => Array.from(document.querySelectorAll('[title]')).map(e => e.title)")
    return frame, titles


@pytest.mark.parametrize("prefix, lang", [("/ro", 1), ("", 0)], ids=["ro", "en"])
def test_the_table_preview_speaks_the_pages_language(portal, browser_page, prefix, lang):
    page = browser_page()
    frame, titles = open_table(page, prefix)
    tab = page.locator(".nav-tabs .view-item").first.inner_text().strip()
    assert tab == ("Table", "Tabel")[lang]
    page.wait_for_selector(".resource-view-filters a.btn")
    add_filter = page.locator(".resource-view-filters a.btn").inner_text().strip()
    assert add_filter == ("Add Filter", "Adaugă un filtru")[lang]
    for pair in TITLES:
        assert pair[lang] in titles, (pair, titles)
        assert pair[1 - lang] not in titles, (pair, titles)
    body = frame.locator("body").inner_text()
    assert ("Sort", "Sortare")[lang] in body
    # DataTables' own texts (its language file on Romanian pages)
    assert ("Search:", "Caută:")[lang] in body
    assert ("Showing 1 to 2 of 2 entries", "Afișate de la 1 la 2 din 2 înregistrări")[lang] in body
