"""On a 390 px wide phone the progress page's tables stay inside their card
(they scroll sideways inside it) and the page itself does not scroll
sideways: Debian's Chromium, driven by Playwright, on a real ``ckan run``
server (the fixtures of ``tests/browser/conftest.py``)."""
from __future__ import annotations

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
