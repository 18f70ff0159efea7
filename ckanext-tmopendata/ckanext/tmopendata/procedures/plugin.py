"""The ``tmopendata_procedures`` plugin: the publication and maintenance
procedure tracker (a procedure per dataset, steps from a versioned template,
owners, due dates, steps the portal completes by itself)."""
from __future__ import annotations

from typing import Any

import ckan.plugins as p
import ckan.plugins.toolkit as tk
from ckan.common import CKANConfig
from ckan.types import Context

from ckanext.tmopendata.lib.i18n import SuiteTranslation


def _actions() -> dict[str, Any]:
    from ckanext.tmopendata.procedures.logic.action import actions

    return actions()


@tk.blanket.actions(_actions)
@tk.blanket.auth_functions
@tk.blanket.blueprints
@tk.blanket.cli
@tk.blanket.config_declarations
@tk.blanket.helpers
@tk.blanket.validators
class TmOpenDataProceduresPlugin(SuiteTranslation, p.SingletonPlugin):
    p.implements(p.IConfigurer)
    p.implements(p.ITranslation)
    p.implements(p.IPackageController, inherit=True)
    p.implements(p.IResourceController, inherit=True)

    # IConfigurer

    def update_config(self, config: CKANConfig) -> None:
        tk.add_template_directory(config, "templates")

    # IPackageController / IResourceController: record what the portal
    # observes (publication, validation) in the dataset's procedure.

    def after_dataset_update(self, context: Context, pkg_dict: dict[str, Any]) -> None:
        from ckanext.tmopendata.procedures.auto import observe_package

        observe_package(pkg_dict["id"])

    def after_resource_update(self, context: Context, resource: dict[str, Any]) -> None:
        from ckanext.tmopendata.procedures.auto import observe_package

        if resource.get("package_id"):
            observe_package(resource["package_id"])
