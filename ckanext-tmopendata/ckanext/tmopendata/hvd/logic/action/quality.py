"""Actions of the metadata quality score (data.europa.eu's MQA method,
measured on the DCAT the portal publishes; see :mod:`ckanext.tmopendata.hvd.quality`)."""
from __future__ import annotations

from typing import Any

import ckan.model as model
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.hvd import quality
from ckanext.tmopendata.hvd.logic import schema
from ckanext.tmopendata.lib.validation import validate_or_raise

__all__ = ["tmopendata_quality_show", "tmopendata_quality_list", "tmopendata_quality_check"]
PAGE = 1000


def _nested(context: Context) -> Context:
    return {"user": context.get("user") or "", "auth_user_obj": context.get("auth_user_obj")}


@tk.side_effect_free
def tmopendata_quality_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """The metadata quality score of a dataset (data.europa.eu's MQA method:
    5 dimensions, 405 points), measured on the dataset's DCAT as the portal
    publishes it. Whoever may see the dataset may see its score.

    :param id: id or name of the dataset
    :type id: string
    :returns: ``id``, ``name``, ``total``, ``max_points`` (405), ``band``
        (``excellent``, ``good``, ``sufficient``, ``bad``), ``band_label``,
        ``dimensions`` (``key``, ``label``, ``points``, ``max_points``),
        ``indicators`` (``key``, ``dimension``, ``label``, ``measure``,
        ``level``, ``points``, ``max_points``, ``status``: ``met``,
        ``missing`` or ``not_checked``, ``fix``), ``fix`` (what to fix to
        gain points, the most points first: ``key``, ``points``, ``message``)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.quality_show(), context)
    tk.check_access("tmopendata_quality_show", context, data)
    pkg = tk.get_action("package_show")(_nested(context), {"id": data["id"]})
    result = quality.score_dataset(pkg)
    return dict(result, id=pkg["id"], name=pkg["name"])


@tk.side_effect_free
def tmopendata_quality_list(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Average metadata quality scores per institution and for the portal,
    over the datasets the caller may see (anonymous callers: public
    datasets only).

    :param organization: name or id of an institution (optional)
    :type organization: string
    :returns: ``portal`` (``datasets``, ``average``, ``band``, ``bands``:
        count per band, ``dimensions``: average per dimension),
        ``organizations`` (the same per institution, with ``name`` and
        ``title``), ``datasets`` (``id``, ``name``, ``organization``,
        ``total``, ``band``)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.quality_list(), context)
    tk.check_access("tmopendata_quality_list", context, data)
    fq = ""
    if data.get("organization"):
        try:
            org = tk.get_action("organization_show")(
                _nested(context), {"id": data["organization"], "include_datasets": False})
        except (tk.ObjectNotFound, tk.NotAuthorized):
            raise tk.ValidationError({"organization": [tk._("Unknown institution.")]})
        fq = f'+owner_org:"{org["id"]}"'
    rows: list[dict[str, Any]] = []
    orgs: dict[str, dict[str, Any]] = {}
    start = 0
    while True:
        page = tk.get_action("package_search")(_nested(context), {
            "q": "*:*", "fq": fq, "rows": PAGE, "start": start, "sort": "name asc",
            "include_private": True, "include_drafts": False})
        for pkg in page["results"]:
            score = quality.score_dataset(pkg)
            org = pkg.get("organization") or {}
            rows.append({"id": pkg["id"], "name": pkg["name"], "title": pkg.get("title") or pkg["name"],
                         "organization": org.get("name") or "", "private": bool(pkg.get("private")),
                         "total": score["total"], "band": score["band"],
                         "dimensions": {d["key"]: d["points"] for d in score["dimensions"]}})
            if org.get("name"):
                orgs.setdefault(org["name"], {"name": org["name"], "title": org.get("title") or org["name"]})
        start += PAGE
        if start >= page["count"] or not page["results"]:
            break
    organizations = []
    for name, org in sorted(orgs.items()):
        # the institution's title as it is now (the search index keeps the
        # title the datasets were indexed with)
        group = model.Group.get(name)
        if group is not None and group.title:
            org = dict(org, title=group.title)
        organizations.append(dict(org, **_summary([r for r in rows if r["organization"] == name])))
    return {"portal": _summary(rows), "organizations": organizations, "datasets": rows,
            "max_points": quality.MAX_POINTS}


def _summary(rows: list[dict[str, Any]]) -> dict[str, Any]:
    count = len(rows)
    average = round(sum(r["total"] for r in rows) / count, 1) if count else None
    return {
        "datasets": count,
        "average": average,
        "band": quality.band(average) if average is not None else None,
        "bands": {key: sum(1 for r in rows if r["band"] == key) for _lowest, key in quality.BANDS},
        "dimensions": {dim: (round(sum(r["dimensions"][dim] for r in rows) / count, 1) if count else None)
                       for dim in quality.DIMENSIONS},
    }


def tmopendata_quality_check(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Queue the background check of a dataset's linked URLs (their
    reachability counts in the score). Editors of the dataset.

    :param id: id or name of the dataset
    :type id: string
    :returns: ``id`` and ``urls``: how many linked URLs will be checked
    :rtype: dictionary
    """
    from ckanext.tmopendata.hvd import quality_reach

    data = validate_or_raise(data_dict, schema.quality_show(), context)
    tk.check_access("tmopendata_quality_check", context, data)
    pkg = tk.get_action("package_show")(_nested(context), {"id": data["id"]})
    urls = quality_reach.linked_urls(pkg)
    if urls:
        tk.enqueue_job(quality_reach.check_dataset, [pkg["id"]], title=f"tmopendata quality URLs {pkg['name']}",
                       rq_kwargs={"timeout": 600})
    return {"id": pkg["id"], "urls": len(urls)}
