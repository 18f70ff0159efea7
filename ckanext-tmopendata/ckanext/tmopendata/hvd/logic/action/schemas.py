"""Actions on the city's data standards (the schema store): list, show,
and draft a Table Schema from a resource's data."""
from __future__ import annotations

import os
from typing import Any

import ckan.plugins.toolkit as tk
from ckan.types import Context, DataDict

from ckanext.tmopendata.hvd import runs, schema_store, validation
from ckanext.tmopendata.hvd.logic import schema
from ckanext.tmopendata.hvd.logic.action.validation import resource_or_404
from ckanext.tmopendata.lib import fetch
from ckanext.tmopendata.lib.formats import tabular_format
from ckanext.tmopendata.lib.validation import validate_or_raise

__all__ = ["tmopendata_schema_list", "tmopendata_schema_show", "tmopendata_schema_infer"]


@tk.side_effect_free
def tmopendata_schema_list(context: Context, data_dict: DataDict) -> list[dict[str, Any]]:
    """The city's data standards (Frictionless Table Schemas), every version.

    :returns: ``name``, ``version``, ``ref`` (``name@version``, what a
        resource's ``schema`` field takes), ``title``/``title_en``,
        ``description``/``description_en``, ``fields``, ``primary_key``,
        ``samples``
    :rtype: list of dictionaries
    """
    validate_or_raise(data_dict, schema.schema_list(), context)
    tk.check_access("tmopendata_schema_list", context, data_dict)
    return schema_store.standards()


@tk.side_effect_free
def tmopendata_schema_show(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """One data standard's Table Schema.

    :param name: standard name (e.g. ``tm-parcari``) or ``name@version``
    :type name: string
    :param version: version (default: the latest)
    :type version: string
    :returns: ``name``, ``version``, ``ref``, ``versions`` (all versions) and
        ``schema`` (the Table Schema descriptor)
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.schema_show(), context)
    tk.check_access("tmopendata_schema_show", context, data)
    name, _, version = data["name"].partition("@")
    version = data.get("version") or version or None
    try:
        path = schema_store.standard_path(name, version)
    except schema_store.SchemaError as e:
        raise tk.ObjectNotFound(str(e))
    return {
        "name": name,
        "version": path.parent.name,
        "ref": f"{name}@{path.parent.name}",
        "versions": schema_store.versions(name),
        "schema": schema_store.standard(name, path.parent.name),
    }


def tmopendata_schema_infer(context: Context, data_dict: DataDict) -> dict[str, Any]:
    """Draft a Table Schema from a resource's data (frictionless describe),
    to help stewards write a new standard.

    :param resource_id: id of a CSV/TSV/XLSX resource
    :type resource_id: string
    :returns: ``schema`` (the inferred Table Schema), ``encoding``
    :rtype: dictionary
    """
    data = validate_or_raise(data_dict, schema.schema_infer(), context)
    resource_or_404(data["resource_id"])
    tk.check_access("tmopendata_schema_infer", context, data)
    res = tk.get_action("resource_show")({"ignore_auth": True}, {"id": data["resource_id"]})
    fmt = tabular_format(res)
    if not fmt:
        raise tk.ValidationError({"format": [tk._("Only CSV, TSV and XLSX resources can be described.")]})
    try:
        path, temporary = runs.local_copy(res)
    except fetch.FetchError as e:
        raise tk.ValidationError({"url": [
            tk._("The linked file could not be downloaded: {reason}").format(reason=e)]})
    except FileNotFoundError as e:
        raise tk.ValidationError({"resource_id": [str(e)]})
    except (ValueError, OSError) as e:
        # our own reasons (no http(s) URL, too large, file missing, refused address)
        raise tk.ValidationError({"resource_id": [tk._("The file could not be read: {reason}").format(
            reason=str(e)[:300])]})
    except Exception:
        # never echo what a server answered
        raise tk.ValidationError({"resource_id": [tk._(
            "The linked file could not be downloaded (the server cannot be reached or answered with an error).")]})
    try:
        return validation.infer_schema(path, fmt)
    except validation.InferenceError as e:
        raise tk.ValidationError({"resource_id": [str(e)]})
    except Exception:
        raise tk.ValidationError({"resource_id": [tk._("The file cannot be read as a table.")]})
    finally:
        if temporary:
            os.unlink(path)
