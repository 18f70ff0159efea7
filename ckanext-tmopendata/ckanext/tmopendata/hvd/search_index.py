"""What Solr holds of a dataset's HVD categories and data standards, so
that they can be searched and faceted.

CKAN indexes a scheming list field as one JSON string (``hvd_category`` =
``'["http://data.europa.eu/bna/c_…"]'``), so ``fq=hvd_category:"<URI>"``
matched nothing and a facet on it listed JSON strings. Here
(``before_dataset_index``) each dataset also gets CKAN's multi-valued
string fields (``vocab_*`` in CKAN's Solr schema):

- ``vocab_hvd_category``: the category URIs;
- ``vocab_hvd_category_label``: their English and Romanian labels;
- ``vocab_data_standard``: each resource's data standard as the resource
  gives it (``tm-parcari@1.0``), and ``vocab_data_standard_name``: the
  standard's name without the version (``tm-parcari``).

A search's ``q``, ``fq``, ``fq_list`` and ``facet.field`` may name the
fields without the prefix (``hvd_category``, ``hvd_category_label``,
``data_standard``, ``data_standard_name``): ``before_dataset_search``
rewrites them. The facets carry the categories' labels in the page's
language (``after_dataset_search``).
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterable

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.lib import vocab
from ckanext.tmopendata.lib.values import json_list

#: Fields indexed here, by the name a search may use.
FIELDS = {
    "hvd_category": "vocab_hvd_category",
    "hvd_category_label": "vocab_hvd_category_label",
    "data_standard": "vocab_data_standard",
    "data_standard_name": "vocab_data_standard_name",
}
CATEGORY_FACET = FIELDS["hvd_category"]
STANDARD_FACET = FIELDS["data_standard"]

#: A field name at the start of a Solr clause (not part of a longer name).
_ALIAS = re.compile(r"(?<![\w.])(" + "|".join(sorted(FIELDS, key=len, reverse=True)) + r")(?=\s*:)")
#: The longest data standard reference indexed (a URL or inline JSON is not).
_MAX_STANDARD = 200
_STANDARD = re.compile(r"^[\w.\-]+(@[\w.\-]+)?$")


def categories(value: Any) -> list[str]:
    return [v for v in json_list(value) if isinstance(v, str) and v.strip()]


def standards(resources: Iterable[Any]) -> list[str]:
    """The data standards (``name@version``) the resources name; URLs and
    inline Table Schemas are not standards of the schema store."""
    out: list[str] = []
    for res in resources or []:
        ref = res.get("schema") if isinstance(res, dict) else None
        if isinstance(ref, str):
            ref = ref.strip()
            if ref and len(ref) <= _MAX_STANDARD and _STANDARD.match(ref) and ref not in out:
                out.append(ref)
    return out


def index(pkg_dict: dict[str, Any]) -> dict[str, Any]:
    """before_dataset_index: add the multi-valued fields."""
    try:
        data = json.loads(pkg_dict.get("validated_data_dict") or "{}")
    except ValueError:
        data = {}
    uris = categories(data.get("hvd_category", pkg_dict.get("hvd_category")))
    labels = {uri: (en, ro) for uri, en, ro in vocab.HVD_CATEGORIES}
    found_labels = [label for uri in uris for label in labels.get(uri, ())]
    refs = standards(data.get("resources") or [])
    names = []
    for ref in refs:
        name = ref.partition("@")[0]
        if name not in names:
            names.append(name)
    for key, values in (
        ("hvd_category", uris), ("hvd_category_label", found_labels),
        ("data_standard", refs), ("data_standard_name", names),
    ):
        if values:
            pkg_dict[FIELDS[key]] = values
        else:
            pkg_dict.pop(FIELDS[key], None)
    return pkg_dict


def _rewrite(value: Any) -> Any:
    if isinstance(value, str):
        return _ALIAS.sub(lambda m: FIELDS[m.group(1)], value)
    if isinstance(value, list):
        return [_rewrite(v) for v in value]
    return value


def search_params(params: dict[str, Any]) -> dict[str, Any]:
    """before_dataset_search: ``hvd_category:`` and the other short names
    in queries and filters mean the indexed multi-valued fields."""
    for key in ("q", "fq", "fq_list"):
        if params.get(key):
            params[key] = _rewrite(params[key])
    fields = params.get("facet.field")
    if fields:
        params["facet.field"] = _facet_fields(fields)
    return params


def _facet_fields(fields: Any) -> Any:
    def one(name: Any) -> Any:
        return FIELDS.get(name, name) if isinstance(name, str) else name

    if isinstance(fields, list):
        return [one(f) for f in fields]
    if isinstance(fields, str):
        try:
            parsed = json.loads(fields)
        except ValueError:
            return one(fields)
        if isinstance(parsed, list):
            return json.dumps([one(f) for f in parsed])
    return fields


def facets(facets_dict: dict[str, Any]) -> dict[str, Any]:
    """IFacets: the HVD category and the data standard."""
    facets_dict[CATEGORY_FACET] = tk._("HVD category")
    facets_dict[STANDARD_FACET] = tk._("Data standard")
    return facets_dict


def search_results(results: dict[str, Any]) -> dict[str, Any]:
    """after_dataset_search: the category facet's items carry the labels
    in the page's language instead of the URIs."""
    facet = (results.get("search_facets") or {}).get(CATEGORY_FACET)
    if not facet:
        return results
    try:
        romanian = (tk.h.lang() or "ro") == "ro"
    except (RuntimeError, AttributeError, TypeError):  # no request
        romanian = tk.config.get("ckan.locale_default") == "ro"
    labels = {uri: (ro if romanian else en) for uri, en, ro in vocab.HVD_CATEGORIES}
    for item in facet.get("items", []):
        if item.get("name") in labels:
            item["display_name"] = labels[item["name"]]
    return results
