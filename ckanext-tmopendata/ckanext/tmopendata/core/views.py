"""Pages of the core plugin: the developer page (``/developers``, also
``/api-docs``), generated from the registered actions at request time."""
from __future__ import annotations

from flask import Blueprint

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.core import devdocs

developers = Blueprint("tmopendata_developers", __name__)


def index():
    return tk.render("tmopendata/developers.html", {"docs": devdocs.catalogue()})


def api_docs():
    return tk.redirect_to("tmopendata_developers.index")


developers.add_url_rule("/developers", view_func=index, strict_slashes=False)
developers.add_url_rule("/api-docs", view_func=api_docs, strict_slashes=False)


def get_blueprint():
    return [developers]
