"""On a 390 px wide phone the progress page's tables stay inside their card
(they scroll sideways inside it) and the page itself does not scroll
sideways: Debian's Chromium, driven by Playwright, on a real ``ckan run``
server (the fixtures of ``tests/browser/conftest.py``)."""
from __future__ import annotations

import pytest

from ckan.tests.helpers import call_action

from tests.progress.conftest import portal  # noqa: F401  (fixture)

#: Each table: its right edge, its wrapper's, its card's, and the widths.
MEASURE = """() => Array.from(document.querySelectorAll('section.module table')).map(t => {
  const card = t.closest('section.module').getBoundingClientRect();
  const wrap = t.parentElement.getBoundingClientRect();
  return {cls: t.className, wrapRight: wrap.right, cardRight: card.right,
          tableWidth: t.scrollWidth, wrapWidth: t.parentElement.clientWidth};
})"""


def test_progress_tables_stay_inside_their_card_on_a_phone(portal, browser_page):
    page = browser_page(width=390, height=844)
    page.goto("/ro/tmopendata/progress")
    tables = page.evaluate(MEASURE)
    page_width = page.evaluate("() => document.documentElement.scrollWidth")
    assert len(tables) >= 3, tables
    for t in tables:
        assert t["wrapRight"] <= t["cardRight"] + 0.5, t
        # a table wider than its wrapper scrolls inside it (never past the card)
        assert t["tableWidth"] <= t["wrapWidth"] or t["wrapRight"] <= t["cardRight"] + 0.5, t
    assert page_width <= 390, f"the page scrolls sideways: {page_width}px"


#: Pages with wide tables, code blocks or long URLs, and why each is here:
#: the developer page (``curl`` lines and action tables), the HVD reporting
#: list (a wide table of datasets), a dataset page (CKAN's "additional info"
#: table with long URIs); the test adds the page of its CSV (API examples).
WIDE_PAGES = ("/developers", "/tmopendata/hvd-report", "/dataset/parcari")

#: Every element whose right edge passes the viewport (what spills over).
SPILL = """(width) => Array.from(document.querySelectorAll('body *'))
  .filter(e => e.getBoundingClientRect().right > width + 0.5)
  .filter(e => !e.closest('.tmopendata-table-wrap, .tmopendata-scroll'))
  .slice(0, 8)
  .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
       + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '')
       + ' ' + Math.round(e.getBoundingClientRect().right))"""


@pytest.mark.parametrize("prefix", ["/ro", ""], ids=["ro", "en"])
def test_wide_pages_do_not_scroll_sideways_on_a_phone(portal, browser_page, prefix):
    """The page itself never scrolls sideways at 390 px: wide tables and
    code blocks scroll inside their own box, long URLs and code wrap."""
    page = browser_page(width=390, height=844)
    resource = call_action("package_show", id="parcari")["resources"][0]
    wide = []
    for path in WIDE_PAGES + (f"/dataset/parcari/resource/{resource['id']}",):
        response = page.goto(prefix + path)
        assert response.status == 200, (path, response.status)
        width = page.evaluate("() => document.documentElement.scrollWidth")
        if width > 390:
            wide.append(f"{prefix}{path}: {width}px; {page.evaluate(SPILL, 390)}")
    assert not wide, "pages that scroll sideways:\n" + "\n".join(wide)
