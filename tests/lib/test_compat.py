"""lib/compat.py: the same answers on CKAN 2.11 (bleach) and 2.12 (nh3)."""
from __future__ import annotations

import ckan
from ckanext.tmopendata.census.helpers import tmopendata_census_markdown
from ckanext.tmopendata.lib import compat


def test_ckan_line_is_the_running_ckan():
    assert compat.CKAN_LINE == tuple(int(x) for x in ckan.__version__.split(".")[:2])
    assert compat.CKAN_LINE in ((2, 11), (2, 12))


def test_sanitize_html_keeps_allowed_tags_and_attributes_only():
    html = ('<p onclick="x()">Hi <script>alert(1)</script><b>there</b><!-- c -->'
            '<a href="https://example.org" style="color:red">link</a></p>'
            '<table><tr><td align="right" class="x">1</td></tr></table><iframe src="e"></iframe>')
    tags = {"p", "b", "a", "table", "tr", "td"}
    clean = compat.sanitize_html(html, tags, {"a": ["href"], "td": ["align"]})
    assert "<script" not in clean  # (bleach keeps the text of a stripped tag, nh3 drops it)
    assert "onclick" not in clean and "style" not in clean and 'class="x"' not in clean
    assert "<iframe" not in clean and "<!--" not in clean
    assert "<b>there</b>" in clean
    assert 'href="https://example.org"' in clean
    assert '<td align="right">1</td>' in clean


def test_census_markdown_renders_tables_and_strips_scripts():
    out = str(tmopendata_census_markdown(
        "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n<script>alert(1)</script> [x](javascript:alert(2))"))
    assert '<table class="table table-sm table-bordered">' in out
    assert "<td" in out and "1</td>" in out
    assert "<script" not in out
    assert "javascript:" not in out


def test_csrf_covers_extensions_in_the_test_config():
    assert compat.csrf_covers_extensions()
