"""Pages of the core plugin: the developer page (``/developers``, also
``/api-docs``), generated from the registered actions at request time."""
from __future__ import annotations

from flask import Blueprint, send_file

import ckan.plugins.toolkit as tk

from ckanext.tmopendata.core import devdocs, dump

developers = Blueprint("tmopendata_developers", __name__)
dump_files = Blueprint("tmopendata_dump", __name__, url_prefix="/tmopendata/dump")


def index():
    return tk.render("tmopendata/developers.html", {"docs": devdocs.catalogue()})


def api_docs():
    return tk.redirect_to("tmopendata_developers.index")


developers.add_url_rule("/developers", view_func=index, strict_slashes=False)
developers.add_url_rule("/api-docs", view_func=api_docs, strict_slashes=False)



def download():
    """The bulk metadata dump (a stale one is served while a rebuild is
    queued; none yet: 404, and a build is queued)."""
    try:
        tk.get_action("tmopendata_dump_show")({"user": ""}, {})
    except tk.ObjectNotFound as e:
        return tk.abort(404, str(e))
    target = dump.path()
    if target is None or not target.is_file():  # removed meanwhile
        return tk.abort(404, tk._("The metadata dump is being prepared; try again in a few minutes."))
    return send_file(str(target), mimetype="application/gzip", as_attachment=True,
                     download_name=dump.FILE_NAME, max_age=300)


dump_files.add_url_rule("/" + dump.FILE_NAME, view_func=download, endpoint="download")


def get_blueprint():
    return [developers, dump_files]
