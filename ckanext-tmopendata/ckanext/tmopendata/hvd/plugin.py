"""The ``tmopendata_hvd`` plugin: high-value dataset schemas, the schema
store, Frictionless validation of every tabular resource, reports and the
HVD publication gate."""
from __future__ import annotations

import logging
from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.types import Context

from ckanext.tmopendata.lib.i18n import SuiteTranslation

log = logging.getLogger(__name__)


@tk.blanket.actions
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
class TmOpenDataHvdPlugin(SuiteTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IResourceController, inherit=True)
    p.implements(p.IPackageController, inherit=True)

    # IConfigurer

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # IResourceController

    def after_resource_create(self, context: Context, resource: dict[str, Any]) -> None:
        _validate_soon(context, resource)

    def after_resource_update(self, context: Context, resource: dict[str, Any]) -> None:
        _validate_soon(context, resource)

    # IPackageController

    def after_dataset_create(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        for resource in pkg_dict.get("resources") or []:
            if resource.get("id"):
                _validate_soon(context, resource)

    def before_dataset_index(self, pkg_dict: dict[str, Any]) -> dict[str, Any]:
        from ckanext.tmopendata.hvd.gate import dataset_validation_status
        import json

        data = json.loads(pkg_dict.get("validated_data_dict") or "{}")
        status = dataset_validation_status(data) if data else None
        if status:
            pkg_dict["validation_status"] = status
        return pkg_dict


def _validate_soon(context: Context, resource: dict[str, Any]) -> None:
    """Validate a new or changed tabular resource; never breaks the request
    that created it (a failure is recorded in the report instead)."""
    from ckanext.tmopendata.hvd.logic.action import _tabular_format

    if context.get("tmopendata_skip_validation") or not _tabular_format(resource):
        return
    try:
        tk.get_action("tmopendata_validation_run")(
            {"user": context.get("user"), "auth_user_obj": context.get("auth_user_obj")},
            {"resource_id": resource["id"]},
        )
    except tk.NotAuthorized:
        log.info("Resource %s not validated: user %s may not", resource["id"], context.get("user"))
    except Exception:  # noqa: BLE001
        log.exception("Could not start the validation of resource %s", resource["id"])
