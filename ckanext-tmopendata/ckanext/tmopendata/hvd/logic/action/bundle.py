"""Action of the dataset's download of files with their data standards
(see :mod:`ckanext.tmopendata.hvd.bundle`)."""
from __future__ import annotations

from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.hvd import bundle
from ckanext.tmopendata.hvd.logic import schema
from ckanext.tmopendata.lib.validation import validate_or_raise

__all__ = ["tmopendata_dataset_bundle_show"]


@tk.side_effect_free
def tmopendata_dataset_bundle_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """What the download of a dataset's files with their data standards
    holds, and where to get it: one zip (streamed, made when asked) with
    the uploaded files, the Table Schema each file was validated against,
    and a ``README.txt`` and ``manifest.json`` with each file's size and
    SHA-256. Linked files are listed as links (the portal keeps no copy of
    them); a file withheld for personal data is left out for those who may
    not download it. Whoever may see the dataset (``package_show``).

    :param id: id or name of the dataset
    :type id: string
    :returns: ``dataset_id``, ``name``, ``url`` (the zip), ``file_name``,
        ``bytes`` (of the files it holds, before compression),
        ``resources``: for each resource ``resource_id``, ``name``,
        ``format``, ``url``, ``status`` (``included``, ``link``,
        ``withheld``, ``missing``), ``file`` (path in the zip), ``bytes``,
        ``schema_file``, ``standard``, ``validation_status``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.dataset_bundle_show(), context)
    tk.check_access("tmopendata_dataset_bundle_show", context, data)
    nested: dict[str, Any] = {"user": context.get("user") or "", "auth_user_obj": context.get("auth_user_obj"),
                              "ignore_auth": bool(context.get("ignore_auth"))}
    pkg = tk.get_action("package_show")(nested, {"id": data["id"]})
    entries = bundle.plan(pkg, nested)
    return {
        "dataset_id": pkg["id"],
        "name": pkg["name"],
        "url": tk.url_for("tmopendata_validation.dataset_bundle", id=pkg["name"], _external=True),
        "file_name": bundle.file_name(pkg),
        "bytes": bundle.sizes(entries),
        "resources": bundle.public(entries),
    }
