"""The DCAT endpoints over HTTP (ckanext-dcat's), made safe and readable:

* ``dcat_catalog_show`` (chained): the paging links of ``/catalog.{format}``
  are escaped URLs, so ``?q=`` with a space (or any character a URL may
  not carry) no longer breaks the serialisation (a 500);
* every RDF answer in a text syntax says ``charset=utf-8`` (clients
  otherwise garble the Romanian diacritics of Turtle/N3/RDF-XML).
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict
from flask import Blueprint, Response

#: RDF media types of ckanext-dcat's endpoints that are text (JSON-LD is
#: UTF-8 by definition).
TEXT_RDF = {"text/turtle", "text/n3", "application/rdf+xml", "application/n-triples"}
#: Characters kept as they are in a paging link (the URL's own syntax).
URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"

dcat_http = Blueprint("tmopendata_dcat", __name__)


def _escaped(url: Any) -> Any:
    return quote(url, safe=URL_SAFE) if isinstance(url, str) else url


@tk.chained_action
@tk.side_effect_free
def dcat_catalog_show(up_func: Any, context: Context, data_dict: DataDict) -> Any:
    """ckanext-dcat's ``dcat_catalog_show`` with escaped paging links."""
    from ckanext.dcat import logic as dcat_logic
    from ckanext.dcat.processors import RDFSerializer

    tk.check_access("dcat_catalog_show", context, data_dict)
    query = dcat_logic._search_ckan_datasets(context, data_dict)
    pagination = dcat_logic._pagination_info(query, data_dict)
    for key in ("current", "first", "last", "previous", "next"):
        if key in pagination:
            pagination[key] = _escaped(pagination[key])
    serializer = RDFSerializer(profiles=data_dict.get("profiles"))
    return serializer.serialize_catalog({}, query["results"], _format=data_dict.get("format"),
                                        pagination_info=pagination)


@dcat_http.after_app_request
def utf8_rdf(response: Response) -> Response:
    """Add ``charset=utf-8`` to RDF answers in a text syntax."""
    if response.mimetype in TEXT_RDF and "charset" not in (response.headers.get("Content-Type") or ""):
        response.headers["Content-Type"] = f"{response.mimetype}; charset=utf-8"
    return response
