"""Authorization of the HVD plugin: every decision defers to CKAN's own
dataset permissions (organisation membership through ``package_update`` and
``resource_show``)."""
from __future__ import annotations

import ckan.plugins.toolkit as tk
from ckan.types import AuthResult, Context, DataDict

from ckanext.tmopendata.lib.validators import reference


def _resource_package_id(context: Context, resource_id: str) -> str | None:
    resource_id = reference(resource_id)
    resource = context["model"].Resource.get(resource_id) if resource_id else None
    return resource.package_id if resource else None


def _may_edit_resource(context: Context, data_dict: DataDict) -> AuthResult:
    package_id = _resource_package_id(context, data_dict.get("resource_id", ""))
    if package_id is None:
        return {"success": False, "msg": tk._("Resource not found")}
    tk.check_access("package_update", context, {"id": package_id})
    return {"success": True}


def tmopendata_validation_run(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors of the dataset's organisation (``package_update``) may run it."""
    try:
        return _may_edit_resource(context, data_dict)
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("You may not validate resources of this dataset")}


def tmopendata_validation_delete(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors of the dataset's organisation may delete its reports."""
    try:
        return _may_edit_resource(context, data_dict)
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("You may not delete validation reports of this dataset")}


def tmopendata_validation_expire(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins only (they pass every check; everybody else is refused)."""
    return {"success": False, "msg": tk._("Only sysadmins may close unfinished validations")}


@tk.auth_allow_anonymous_access
def tmopendata_validation_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Whoever may see the resource (private datasets stay private)."""
    try:
        tk.check_access("resource_show", context, {"id": data_dict.get("resource_id")})
    except tk.ObjectNotFound:
        return {"success": True}
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("You may not see this resource")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_validation_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Same as :func:`tmopendata_validation_show`."""
    return tmopendata_validation_show(context, data_dict)


@tk.auth_allow_anonymous_access
def tmopendata_schema_list(context: Context, data_dict: DataDict) -> AuthResult:
    """The data standards are public."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_hvd_report(context: Context, data_dict: DataDict) -> AuthResult:
    """The HVD reporting list is public (it lists public datasets only)."""
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_schema_show(context: Context, data_dict: DataDict) -> AuthResult:
    """The data standards are public."""
    return {"success": True}


def tmopendata_schema_infer(context: Context, data_dict: DataDict) -> AuthResult:
    """Logged-in users who may see the resource (inference reads the file)."""
    if not context.get("user"):
        return {"success": False, "msg": tk._("Log in to infer a schema")}
    return tmopendata_validation_show(context, data_dict)


def tmopendata_resource_release(context: Context, data_dict: DataDict) -> AuthResult:
    """Sysadmins only (they pass every check; everybody else is refused):
    publishing a file with personal data is their decision, recorded."""
    return {"success": False, "msg": tk._("Only sysadmins may release a withheld file")}


@tk.auth_allow_anonymous_access
def tmopendata_quarantine_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Anyone: it lists public datasets only (their pages show the warning)."""
    return {"success": True}


def tmopendata_withheld_download(context: Context, data_dict: DataDict) -> AuthResult:
    """Who may still download a withheld file: those who may edit its
    dataset (to check and replace it); everybody else gets a 403."""
    try:
        return _may_edit_resource(context, {"resource_id": data_dict.get("id", "")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("This file is withheld from download")}


@tk.auth_allow_anonymous_access
def tmopendata_validation_summary(context: Context, data_dict: DataDict) -> AuthResult:
    """Like ``package_show``, for every dataset of ``ids``: a private
    dataset's summary only for those who may see the dataset."""
    ids = data_dict.get("ids")
    if isinstance(ids, str):
        ids = [ids]
    for ref in ids if isinstance(ids, list) else []:
        try:
            tk.check_access("package_show", {"user": context.get("user"),
                                             "auth_user_obj": context.get("auth_user_obj")},
                            {"id": reference(ref)})
        except tk.ObjectNotFound:
            continue  # the action answers "not found"
        except tk.NotAuthorized:
            return {"success": False, "msg": tk._("You may not see the validation of these datasets")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_quality_show(context: Context, data_dict: DataDict) -> AuthResult:
    """Like ``package_show``: a private dataset's score only for those who
    may see the dataset (the action answers "not found" for a missing one)."""
    try:
        tk.check_access("package_show", {"user": context.get("user"),
                                         "auth_user_obj": context.get("auth_user_obj")},
                        {"id": reference(data_dict.get("id", ""))})
    except tk.ObjectNotFound:
        return {"success": True}
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("You may not see the quality score of this dataset")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_quality_list(context: Context, data_dict: DataDict) -> AuthResult:
    """Anyone: the averages count the datasets the caller may see."""
    return {"success": True}


def tmopendata_quality_check(context: Context, data_dict: DataDict) -> AuthResult:
    """Editors of the dataset (``package_update``) may queue its URL check."""
    try:
        tk.check_access("package_update", {"user": context.get("user"),
                                           "auth_user_obj": context.get("auth_user_obj")},
                        {"id": reference(data_dict.get("id", ""))})
    except tk.ObjectNotFound:
        return {"success": True}
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("You may not check the links of this dataset")}
    return {"success": True}


@tk.auth_allow_anonymous_access
def tmopendata_dataset_bundle_show(context: Context, data_dict: DataDict) -> AuthResult:
    """The download of a dataset's files: whoever may see the dataset
    (``package_show``)."""
    try:
        tk.check_access("package_show", {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
                        {"id": data_dict.get("id")})
    except tk.NotAuthorized:
        return {"success": False, "msg": tk._("Not authorized to see this dataset")}
    except tk.ObjectNotFound:
        return {"success": False, "msg": tk._("Dataset not found")}
    return {"success": True}
