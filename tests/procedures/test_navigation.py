"""Discoverability: the header links to the procedures overview and the
progress page, and an institution's page has a tab to its procedures (en
and ro)."""
from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from ckan.tests import factories

pytestmark = [pytest.mark.plugins("tmopendata", "tmopendata_hvd", "tmopendata_census", "tmopendata_procedures", "tmopendata_progress"), pytest.mark.usefixtures("clean_db", "clean_index")]


def _links(body: str) -> dict[str, str]:
    """href -> text of every link of the page."""
    page = BeautifulSoup(body, "html.parser")
    return {a.get("href"): a.get_text(" ", strip=True) for a in page.find_all("a") if a.get("href")}


@pytest.mark.parametrize("prefix,procedures,progress", [
    ("", "Procedures", "Progress"),
    ("/ro", "Proceduri", "Progres"),
])
def test_header_links_to_procedures_and_progress(app, prefix, procedures, progress):
    for url in (f"{prefix}/dataset/", f"{prefix}/tmopendata/procedures", f"{prefix}/tmopendata/progress"):
        header = BeautifulSoup(app.get(url).body, "html.parser").find("header")
        links = {a.get("href"): a.get_text(strip=True) for a in header.find_all("a")}
        assert links.get(f"{prefix}/tmopendata/procedures") == procedures, url
        assert links.get(f"{prefix}/tmopendata/progress") == progress, url
        # the other plugins' header links stay (templates chained with ckan_extends)
        assert f"{prefix}/census" in links or f"{prefix}/census/" in links, url


@pytest.mark.parametrize("prefix,label", [("", "Publication procedures"), ("/ro", "Proceduri de publicare")])
def test_organization_page_has_a_procedures_tab(app, prefix, label):
    org = factories.Organization(name="directia-test", title="Direcția Test")
    for page in (f"{prefix}/organization/{org['name']}", f"{prefix}/organization/about/{org['name']}"):
        links = _links(app.get(page).body)
        assert links.get(f"{prefix}/organization/{org['name']}/procedures") == label, page
    assert label in app.get(f"{prefix}/organization/{org['name']}/procedures").body


@pytest.mark.parametrize("url,active", [
    ("/tmopendata/procedures", "tmopendata-procedures-nav"),
    ("/tmopendata/progress", "tmopendata-progress-nav"),
    ("/census/", "tmopendata-census-nav"),
    ("/dataset/", None),
])
def test_header_items_look_like_ckans_and_mark_the_current_section(app, url, active):
    """Same markup as CKAN's own menu items (<li><a>, no Bootstrap nav-link
    that would draw them in another colour), "active" on the current one."""
    header = BeautifulSoup(app.get(url).body, "html.parser").find("header")
    ours = {
        name: header.select_one(f"li.{name}")
        for name in ("tmopendata-procedures-nav", "tmopendata-progress-nav", "tmopendata-census-nav")
    }
    core_item = header.select_one('a[href="/organization/"]').parent
    for name, item in ours.items():
        assert item is not None, name
        assert item.parent is core_item.parent, name  # in CKAN's menu list
        assert "nav-link" not in (item.a.get("class") or []), name
        assert ("active" in item["class"]) == (name == active), name
