"""Actions of the core plugin."""
from __future__ import annotations

from typing import Any

import ckan
import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

import ckanext.tmopendata as suite
from ckanext.tmopendata.core import dump
from ckanext.tmopendata.core.logic import schema
from ckanext.tmopendata.lib.validation import validate_or_raise

#: Features of the suite and the CKAN plugin that provides each one.
FEATURES = {
    "core": "tmopendata",
    "hvd": "tmopendata_hvd",
    "census": "tmopendata_census",
    "procedures": "tmopendata_procedures",
    "progress": "tmopendata_progress",
    "scheming": "scheming_datasets",
    "dcat": "dcat",
}


@tk.side_effect_free
def tmopendata_status_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Return the version of ckanext-tmopendata and which features are enabled.

    Anyone may call it::

        GET /api/3/action/tmopendata_status_show

    :returns: ``name`` and ``version`` of the suite, ``ckan_version``,
        ``city`` (``ckanext.tmopendata.city_name``), ``features`` (a mapping
        of feature name to ``true``/``false``: ``core``, ``hvd``, ``census``,
        ``procedures``, ``progress``, ``scheming``, ``dcat``), ``plugins`` (the CKAN plugin
        behind each feature), ``locale_default`` and ``locales_offered``.
    :rtype: dictionary
    """
    tk.check_access("tmopendata_status_show", context, data_dict)
    validate_or_raise(data_dict, schema.status_show(), context)
    offered = tk.config.get("ckan.locales_offered") or []
    return {
        "name": "ckanext-tmopendata",
        "version": suite.__version__,
        "ckan_version": ckan.__version__,
        "city": tk.config.get("ckanext.tmopendata.city_name"),
        "features": {
            feature: p.plugin_loaded(plugin) for feature, plugin in FEATURES.items()
        },
        "plugins": dict(FEATURES),
        "locale_default": tk.config.get("ckan.locale_default"),
        "locales_offered": list(offered),
    }


def tmopendata_dump_create(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Build the bulk metadata dump now, or queue it for the worker.

    The dump holds the ``package_show`` of every public dataset (as an
    anonymous visitor sees it), one JSON object a line, gzipped. Sysadmins
    only; ``ckan tmopendata dump`` calls it.

    :param background: queue the build for the background worker instead
        (optional, default ``false``)
    :type background: bool
    :returns: what ``tmopendata_dump_show`` returns (``queued: true`` when
        queued)
    :rtype: dictionary
    """
    tk.check_access("tmopendata_dump_create", context, data_dict)
    data = validate_or_raise(data_dict, schema.dump_create(), context)
    if data.get("background"):
        dump.enqueue()
        return {"queued": True}
    return dump.build()


@tk.side_effect_free
def tmopendata_dump_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Where the bulk metadata dump is and what it holds. Anyone may call it::

        GET /api/3/action/tmopendata_dump_show

    The file (``url``) holds the ``package_show`` of every public dataset,
    one JSON object a line, gzipped (JSON lines). A dump older than
    ``ckanext.tmopendata.dump.max_age`` seconds is rebuilt in the
    background.

    :returns: ``url``, ``generated`` (ISO 8601), ``datasets`` (how many),
        ``bytes``, ``format``
    :rtype: dictionary
    """
    tk.check_access("tmopendata_dump_show", context, data_dict)
    validate_or_raise(data_dict, schema.status_show(), context)
    found = dump.info()
    if found is None:
        dump.enqueue()
        raise tk.ObjectNotFound(tk._("The metadata dump is being prepared; try again in a few minutes."))
    age = dump.age_seconds()
    if age is not None and age > tk.config.get("ckanext.tmopendata.dump.max_age"):
        dump.enqueue()
    return found
