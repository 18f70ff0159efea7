"""The home page is the city's (no CKAN placeholder text or logo, the
city's own introduction when configured, in the page's language), and the
progress page's tables scroll inside their card on a phone."""
from __future__ import annotations

import bs4
import pytest

pytestmark = pytest.mark.usefixtures("with_plugins", "clean_db", "clean_index")

#: CKAN's placeholder home page, in both languages.
PLACEHOLDERS = [
    "Welcome to CKAN", "Bun venit la CKAN", "This is a nice introductory paragraph",
    "Acesta este un paragraf introductiv", "This is a featured section", "placeholder-420x220",
    "/base/images/ckan-logo.png",
]


@pytest.mark.parametrize("lang, heading", [
    ("ro", "Date deschise ale municipiului Timișoara"),
    ("en", "Open data of Timișoara"),
])
def test_home_page_is_the_citys(app, lang, heading):
    body = app.get(f"/{lang}/").body
    for placeholder in PLACEHOLDERS:
        assert placeholder not in body, placeholder
    page = bs4.BeautifulSoup(body, "html.parser")
    assert page.select_one(".tmopendata-programme h1").get_text(strip=True) == heading
    logo = page.select_one("header a.tmopendata-logo img")
    assert logo["src"].endswith("/tmopendata/logo.svg")
    assert page.select_one("header .tmopendata-site-name").get_text(strip=True) == heading
    svg = app.get(logo["src"])
    assert svg.status_code == 200 and "<svg" in svg.body


@pytest.mark.ckan_config("ckanext.tmopendata.intro_ro", "Primăria publică **datele** instituțiilor.")
@pytest.mark.ckan_config("ckanext.tmopendata.intro_en", "The city publishes its institutions' **data**.")
def test_home_page_shows_the_citys_introduction_in_the_page_language(app):
    ro = bs4.BeautifulSoup(app.get("/ro/").body, "html.parser").select_one(".tmopendata-intro")
    en = bs4.BeautifulSoup(app.get("/en/").body, "html.parser").select_one(".tmopendata-intro")
    assert ro.get_text(" ", strip=True) == "Primăria publică datele instituțiilor."
    assert ro.find("strong").get_text() == "datele"  # Markdown
    assert en.get_text(" ", strip=True) == "The city publishes its institutions' data ."


@pytest.mark.ckan_config("ckan.site_logo", "/city-logo.png")
def test_a_logo_of_the_city_is_kept(app):
    page = bs4.BeautifulSoup(app.get("/en/").body, "html.parser")
    assert page.select_one("header a.logo img")["src"].endswith("/city-logo.png")
    assert page.select_one("header a.tmopendata-logo") is None


def test_progress_tables_scroll_inside_their_card(app):
    body = app.get("/en/tmopendata/progress").body
    page = bs4.BeautifulSoup(body, "html.parser")
    tables = page.select("div.module-content table")
    assert tables
    for table in tables:
        assert "table-responsive" in table.parent.get("class", []), table.get("class")
    assert any(".tmopendata-chart" in css for css in stylesheets(app, page)), "the progress stylesheet is missing"
    # the wrapper's rule is the foundation plugin's, on every page
    for url in ("/en/tmopendata/progress", "/ro/developers", "/en/dataset"):
        sheets = stylesheets(app, bs4.BeautifulSoup(app.get(url).body, "html.parser"))
        assert any(".tmopendata-table-wrap {" in css and "overflow-x: auto" in css for css in sheets), url


def stylesheets(app, page) -> list[str]:
    """The text of the page's local stylesheets."""
    return [app.get(link["href"]).body for link in page.select("link[rel=stylesheet]")
            if link["href"].startswith("/")]
