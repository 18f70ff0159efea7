"""Usage figures of datasets, from CKAN's own tracking tables.

CKAN 2.11's ``tracking`` plugin records, through its JavaScript on every
page, a page view (``type=page``) and a click on a resource's download
link (``type=resource``) into ``tracking_raw``; ``ckan tracking update``
summarises them per day and distinct visitor into ``tracking_summary``
(page rows get the dataset's id when the address is ``/dataset/<name>``,
with or without a language prefix). The tables belong to CKAN's core
schema, so these queries work with or without the plugin (then the figures
simply stay at zero). Figures are read per calendar month (``YYYY-MM``).
"""
from __future__ import annotations

from collections import defaultdict
from typing import Iterable

import sqlalchemy as sa

import ckan.model as model

VIEWS_SQL = sa.text("""
    SELECT package_id, to_char(tracking_date, 'YYYY-MM') AS month, sum(count) AS n
    FROM tracking_summary
    WHERE tracking_type = 'page' AND package_id = ANY(:ids)
    GROUP BY package_id, month
""")

# A download is counted by the address clicked: the resource's own URL for
# linked files, CKAN's /dataset/<id>/resource/<id>/download/... for uploads.
DOWNLOADS_SQL = sa.text("""
    SELECT r.package_id, to_char(ts.tracking_date, 'YYYY-MM') AS month, sum(ts.count) AS n
    FROM tracking_summary ts
    JOIN resource r ON r.state = 'active' AND r.package_id = ANY(:ids)
        AND ((ts.url = r.url AND coalesce(r.url_type, '') = '')
             OR ts.url LIKE ('%/resource/' || r.id || '/download%'))
    WHERE ts.tracking_type = 'resource'
    GROUP BY r.package_id, month
""")

Monthly = dict[str, dict[str, int]]


def _run(query: sa.TextClause, package_ids: list[str]) -> Monthly:
    out: Monthly = defaultdict(dict)
    if not package_ids:
        return out
    for package_id, month, n in model.Session.execute(query, {"ids": list(package_ids)}):
        out[package_id][month] = out[package_id].get(month, 0) + int(n or 0)
    return out


def monthly(package_ids: Iterable[str]) -> dict[str, dict[str, dict[str, int]]]:
    """``{package_id: {month: {"views": n, "downloads": n}}}``."""
    ids = list(dict.fromkeys(package_ids))
    views = _run(VIEWS_SQL, ids)
    downloads = _run(DOWNLOADS_SQL, ids)
    out: dict[str, dict[str, dict[str, int]]] = {}
    for package_id in ids:
        months = sorted(set(views.get(package_id, {})) | set(downloads.get(package_id, {})))
        out[package_id] = {
            m: {"views": views.get(package_id, {}).get(m, 0),
                "downloads": downloads.get(package_id, {}).get(m, 0)}
            for m in months
        }
    return out


def totals(per_month: dict[str, dict[str, int]]) -> dict[str, int]:
    return {
        "views": sum(v["views"] for v in per_month.values()),
        "downloads": sum(v["downloads"] for v in per_month.values()),
    }
